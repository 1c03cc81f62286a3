"""Platforms' public key sets (JWKS), cached for their HTTP lifetime.

pylti1p3 fetches the key set on every launch and never refetches when a platform rotates its
key. Here a key set is kept for as long as the platform's `Cache-Control: max-age` allows (a
default when it says nothing), and a launch signed with a `kid` the cached set lacks triggers
one refetch, no more often than `refetch_interval` per key set, so a rotation never breaks
launches and a flood of made-up kids cannot make the tool hammer the platform.
"""

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from lti_tool.domain.errors import LaunchRejected, ServiceUnavailable

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(no-store|no-cache)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _KeySet:
    keys: dict[str, dict]
    expires_at: float
    refetched_at: float | None = None  # when an unknown kid last made us fetch again


class PlatformKeys:
    """Finds a platform's signing key by `kid`; shared by every launch of a process."""

    def __init__(
        self,
        *,
        session: requests.Session,
        default_ttl: float = 300,
        max_ttl: float = 86400,
        refetch_interval: float = 10,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._session = session
        self._default_ttl = default_ttl
        self._max_ttl = max_ttl
        self._refetch_interval = refetch_interval
        self._clock = clock
        self._sets: dict[str, _KeySet] = {}
        self._lock = threading.Lock()

    def key_for(self, key_set_url: str, kid: str) -> dict:
        """The JWK with this kid; raises LaunchRejected if the platform does not publish it."""
        with self._lock:
            now = self._clock()
            cached = self._sets.get(key_set_url)
            if cached is None or now >= cached.expires_at:
                cached = self._fetch(key_set_url, now)
            elif kid not in cached.keys and self._may_refetch(cached, now):
                # The platform may have rotated its key since the set was cached.
                cached = self._fetch(key_set_url, now, refetched=True)
        if kid not in cached.keys:
            raise LaunchRejected(
                f"The launch was signed with a key ({kid!r}) that the platform does not publish "
                "at its key set URL. Check the tool's registration in your platform."
            )
        return cached.keys[kid]

    def _may_refetch(self, cached: _KeySet, now: float) -> bool:
        return cached.refetched_at is None or now - cached.refetched_at >= self._refetch_interval

    def _fetch(self, url: str, now: float, *, refetched: bool = False) -> _KeySet:
        try:
            response = self._session.get(url)
            response.raise_for_status()
            keys = response.json()["keys"]
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            raise ServiceUnavailable(
                f"The platform's key set at {url} could not be read, so the launch cannot be "
                "checked. Try again in a moment."
            ) from error
        key_set = _KeySet(
            keys={key["kid"]: key for key in keys if isinstance(key, dict) and key.get("kid")},
            expires_at=now + self._lifetime(response.headers.get("Cache-Control", "")),
            refetched_at=now if refetched else None,
        )
        self._sets[url] = key_set
        return key_set

    def _lifetime(self, cache_control: str) -> float:
        if _NO_CACHE.search(cache_control):
            return 0
        match = _MAX_AGE.search(cache_control)
        return min(float(match.group(1)), self._max_ttl) if match else self._default_ttl
