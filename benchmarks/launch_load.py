"""The load generator: virtual users running LTI 1.3 launches against a tool, as browsers would.

A launch is: POST the platform's login initiation to the tool's /lti/login, expect a redirect
to the platform's auth endpoint; let the platform answer it with a signed id_token (the demo
Moodle's own `authenticate`, run here, not over HTTP); POST id_token and state to the tool's
launch URL and expect a 302 to /teacher/ or /learner/. Its latency is the two round trips to
the tool; the platform's signing in between is not counted (it is the platform's time).

Each virtual user is a thread with its own HTTP connection and cookie jar. Every launch starts
from an empty jar, as a new browser session would, and keeps the cookies from login to launch.
"""

import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from lti_tool.demo_platform import DemoMoodle
from lti_tool.demo_platform.errors import AuthRequestError

LANDING_PAGES = ("/teacher/", "/learner/")
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass(frozen=True)
class Target:
    """A tool under load: its port, and the platform that launches it as `user_ids`."""

    port: int
    platform: DemoMoodle
    user_ids: tuple[int, ...]
    timeout: float = 10


@dataclass
class PhaseResult:
    """What one measured phase saw: latencies of good launches (seconds) and errors by kind."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    elapsed: float = 0.0

    @property
    def launches_per_second(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, percent: int) -> float | None:
        """The latency under which `percent` % of good launches fall, in milliseconds."""
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else None
        return statistics.quantiles(self.latencies, n=100)[percent - 1] * 1000


class Browser:
    """One virtual user's keep-alive connection to the tool, and its cookies."""

    def __init__(self, port: int, timeout: float):
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        """POST a form with the jar's cookies; returns the status and the Location header."""
        headers = dict(_FORM)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            self._connection.request("POST", path, urlencode(fields), headers)
            response = self._connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self._connection.close()
            raise
        self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
        return response.status, response.getheader("Location") or ""

    def close(self) -> None:
        self._connection.close()

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.partition("=")
            if not value or "max-age=0" in attributes.lower().replace(" ", ""):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()


def launch(browser: Browser, target: Target, user_id: int) -> float:
    """One launch as `user_id`; returns its latency in seconds, raises LaunchFailed."""
    browser.cookies.clear()
    platform = target.platform
    started = time.perf_counter()
    status, location = browser.post_form("/lti/login", platform.login_initiation(user_id))
    login_seconds = time.perf_counter() - started
    if status not in (302, 303):
        raise LaunchFailed(f"login answered {status}")
    try:
        answer = platform.authenticate(dict(parse_qsl(urlsplit(location).query)))
    except AuthRequestError as error:
        raise LaunchFailed(f"the platform refused the login redirect: {error.code}") from error
    started = time.perf_counter()
    status, location = browser.post_form(urlsplit(answer.redirect_uri).path, answer.fields)
    launch_seconds = time.perf_counter() - started
    if status != 302 or not urlsplit(location).path.startswith(LANDING_PAGES):
        raise LaunchFailed(f"launch answered {status} {urlsplit(location).path}".rstrip())
    return login_seconds + launch_seconds


class LaunchFailed(Exception):
    """A launch got an answer other than the redirects a valid launch gets."""


def run_phase(target: Target, *, concurrency: int, seconds: float) -> PhaseResult:
    """`concurrency` virtual users launching back to back for `seconds`, then stopping."""
    deadline = time.monotonic() + seconds
    results = [PhaseResult() for _ in range(concurrency)]
    users = [
        threading.Thread(target=_virtual_user, args=(target, n, deadline, results[n]), daemon=True)
        for n in range(concurrency)
    ]
    started = time.perf_counter()
    for user in users:
        user.start()
    for user in users:  # a user ends by the deadline plus one launch of two bounded requests
        user.join(timeout=seconds + 4 * target.timeout)
    return _merged(results, elapsed=time.perf_counter() - started)


def _virtual_user(target: Target, number: int, deadline: float, result: PhaseResult) -> None:
    browser = Browser(target.port, target.timeout)
    launches = 0
    try:
        while time.monotonic() < deadline:
            user_id = target.user_ids[(number + launches) % len(target.user_ids)]
            launches += 1
            try:
                result.latencies.append(launch(browser, target, user_id))
            except LaunchFailed as failure:
                result.errors[str(failure)] += 1
            except (OSError, http.client.HTTPException) as error:
                result.errors[f"connection: {type(error).__name__}"] += 1
            except Exception as error:  # e.g. the platform's code failing: count, go on
                result.errors[f"load generator: {type(error).__name__}: {error}"] += 1
    finally:
        browser.close()


def _merged(results: list[PhaseResult], *, elapsed: float) -> PhaseResult:
    merged = PhaseResult(elapsed=elapsed)
    for result in results:
        merged.latencies.extend(result.latencies)
        merged.errors.update(result.errors)
    return merged
