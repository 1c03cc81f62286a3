"""The one HTTP client configuration every adapter uses: timeouts always, a clear User-Agent."""

import requests

USER_AGENT = "microvet-lti-tool/0.1 (+https://github.com/microvet)"


class _TimeoutSession(requests.Session):
    """A Session that never waits forever: requests without a timeout get the default one."""

    def __init__(self, timeout: float):
        super().__init__()
        self._timeout = timeout

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, **kwargs)


def make_session(*, timeout: float) -> requests.Session:
    """A requests.Session with a default timeout (seconds) and the tool's User-Agent."""
    session = _TimeoutSession(timeout)
    session.headers["User-Agent"] = USER_AGENT
    return session
