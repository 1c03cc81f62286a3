"""Redis-backed launch state and access tokens, shared by every worker on every host.

`lti_tool.wiring` builds one client per process with `connect` and hands it to both stores when
`REDIS_URL` is set (decision 6). Every key starts with a prefix, so several tools can share one
Redis. A Redis that cannot be reached becomes `Unavailable` (a 503), never a bare exception.
"""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from lti_tool.domain.errors import LaunchRejected, Unavailable

log = logging.getLogger(__name__)

DEFAULT_PREFIX = "lti_tool:"
# A launch waits on Redis; a stalled server must fail the request fast, not hang a worker.
_SOCKET_TIMEOUT_SECONDS = 2.0
UNREACHABLE = (
    "The tool cannot reach its Redis server, so this cannot be completed. Try again in a "
    "moment; if it keeps happening, ask your administrator to check that the Redis server "
    "named by REDIS_URL is running and reachable."
)


def connect(url: str, *, timeout_seconds: float = _SOCKET_TIMEOUT_SECONDS) -> redis.Redis:
    """A client for `url` (redis://, rediss:// or unix://) with short timeouts and one retry.

    It connects lazily: building it never fails, and each use that cannot reach Redis raises
    Unavailable through the stores. Its connection pool is safe across threads and
    resets itself in a forked worker.
    """
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=timeout_seconds,
        socket_timeout=timeout_seconds,
        retry=Retry(NoBackoff(), 1),
        decode_responses=True,
    )


@contextmanager
def _reachable() -> Iterator[None]:
    """Turns any Redis failure into Unavailable; the log keeps the detail for operators."""
    try:
        yield
    except redis.RedisError as error:
        log.warning("redis unavailable", extra={"kind": type(error).__name__, "detail": str(error)})
        raise Unavailable(UNREACHABLE) from error


def ping(client: redis.Redis) -> None:
    """Raises Unavailable unless Redis answers: the health check's probe."""
    with _reachable():
        client.ping()


class RedisLaunchStateStore:
    """Single-use launch state: `put` never overwrites, `take` is one GETDEL (Redis 6.2+).

    GETDEL reads and deletes in one command, so of two workers, or a launch and its replay,
    exactly one gets the state. `peek` is a plain GET: a value never changes while it lives.
    """

    def __init__(self, *, client: redis.Redis, prefix: str = DEFAULT_PREFIX):
        self._client = client
        self._prefix = prefix + "launch_state:"

    def put(self, key: str, value: dict, ttl_seconds: int) -> None:
        """Keeps `value` for `ttl_seconds`; raises LaunchRejected if the key is already taken."""
        with _reachable():
            is_new = self._client.set(
                self._prefix + key, json.dumps(value), ex=ttl_seconds, nx=True
            )
        if not is_new:
            raise LaunchRejected(
                "This sign-in was already started; start it again from your course."
            )

    def take(self, key: str) -> dict | None:
        """The value, removed in the same command; None if absent, expired or already taken."""
        with _reachable():
            raw = self._client.getdel(self._prefix + key)
        return None if raw is None else json.loads(raw)

    def peek(self, key: str) -> dict | None:
        """The value, left in place; None if absent, expired or already taken."""
        with _reachable():
            raw = self._client.get(self._prefix + key)
        return None if raw is None else json.loads(raw)


class RedisAccessTokenCache:
    """Platform access tokens shared by all workers; Redis drops each one when it expires."""

    def __init__(self, *, client: redis.Redis, prefix: str = DEFAULT_PREFIX):
        self._client = client
        self._prefix = prefix + "access_token:"

    def get(self, key: str) -> str | None:
        with _reachable():
            return self._client.get(self._prefix + key)

    def put(self, key: str, token: str, lifetime_seconds: float) -> None:
        """Keeps the token for `lifetime_seconds` (to the millisecond); a spent one is not kept."""
        milliseconds = int(lifetime_seconds * 1000)
        if milliseconds <= 0:
            return
        with _reachable():
            self._client.set(self._prefix + key, token, px=milliseconds)
