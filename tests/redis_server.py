"""The real Redis that the Redis tests use, and ports where no Redis listens.

Tests talk to 127.0.0.1:6379, database 15 (TEST_REDIS_URL to change it), and remove what they
wrote. Without a reachable Redis they are skipped, unless REDIS_REQUIRED is set, as .ci/run sets
it: then they fail.
"""

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_for_tests() -> redis.Redis:
    """A client of the test Redis; skips the test if it is unreachable, or fails if required."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1, decode_responses=True)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        if os.environ.get("REDIS_REQUIRED"):
            pytest.fail(f"REDIS_REQUIRED is set but Redis is unreachable at {REDIS_TEST_URL}")
        pytest.skip(f"Redis is unreachable at {REDIS_TEST_URL} ({error})")
    return client


def delete_keys(client: redis.Redis, pattern: str) -> None:
    for key in client.scan_iter(match=pattern, count=500):
        client.delete(key)


@contextmanager
def new_keys_removed(client: redis.Redis, pattern: str) -> Iterator[None]:
    """Removes afterwards the keys matching `pattern` that appeared meanwhile."""
    before = set(client.scan_iter(match=pattern, count=500))
    try:
        yield
    finally:
        for key in set(client.scan_iter(match=pattern, count=500)) - before:
            client.delete(key)


def closed_port_url() -> str:
    """A Redis URL on a local port where nothing listens (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@contextmanager
def silent_server() -> Iterator[str]:
    """A Redis URL whose server takes connections and never answers: a stalled Redis."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
