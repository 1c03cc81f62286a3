"""The one HTTP client configuration every adapter uses: timeouts, bounded retries, a User-Agent."""

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

USER_AGENT = "microvet-lti-tool/0.1 (+https://github.com/microvet)"


class _TimeoutSession(requests.Session):
    """A Session that never waits forever: requests without a timeout get the default one."""

    def __init__(self, timeout: float):
        super().__init__()
        self._timeout = timeout

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, **kwargs)


def make_session(*, timeout: float, retries: int = 2, backoff: float = 0.3) -> requests.Session:
    """A requests.Session with a default timeout (seconds), the tool's User-Agent, and retries.

    Only idempotent requests (GET, HEAD) are retried, at most `retries` times, when the
    connection fails or the server answers 502/503/504 (a platform restarting); the waits grow
    from `backoff` seconds and honour Retry-After. A POST (a score, a registration) is never
    repeated behind the caller's back.
    """
    session = _TimeoutSession(timeout)
    session.headers["User-Agent"] = USER_AGENT
    retry = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
