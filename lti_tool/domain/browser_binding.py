"""Binding a launch to the browser that started its login, against login CSRF (decision 8).

At the login the tool makes a browser secret, keeps it with the state, and hands it to the
browser: in a cookie of that state, and in the platform's storage (LTI Platform Storage) when
the platform offers it. The launch must bring it back from one of them when it can.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from hmac import compare_digest

from lti_tool.domain.errors import LaunchRejected

LOGIN_COOKIE_PREFIX = "lti_login_"
# The form field in which the launch page sends back the secret it read from the platform.
SECRET_FIELD = "lti_browser_secret"  # noqa: S105 - a field name, not a secret
_STORAGE_KEY_PREFIX = "lti_tool_state_"
PARENT_FRAME = "_parent"
# lti_storage_target is a frame name or "_parent"; anything else is not used.
_FRAME_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,64}")

NOT_THIS_BROWSER = (
    "This launch was started in another browser window or by someone else, so it was not "
    "accepted. Go back to your course and open the activity again."
)
NOTHING_KEPT = (
    "Your browser blocked both the tool's cookies and your learning platform's storage, so "
    "this launch cannot be checked. Allow cookies for this tool, or open the activity in a "
    "new window, and try again."
)


def login_cookie_name(state: str) -> str:
    """The cookie holding the browser secret of this state's login: one per login, so that
    two launches under way in one browser do not overwrite each other's."""
    return LOGIN_COOKIE_PREFIX + hashlib.sha256(state.encode()).hexdigest()[:16]


def storage_key(state: str) -> str:
    """The key under which the login keeps its browser secret in the platform's storage."""
    return _STORAGE_KEY_PREFIX + state


def storage_target(raw: str | None) -> str | None:
    """The login's `lti_storage_target` if it is usable: a frame name or "_parent"."""
    if raw and (raw == PARENT_FRAME or _FRAME_NAME.fullmatch(raw)):
        return raw
    return None


@dataclass(frozen=True)
class PlatformStorage:
    """Where the platform keeps data for the tool: `target` is the frame that answers
    (a frame name, or "_parent"), `origin` the platform's, the only one the tool talks to
    (the origin of its OIDC authentication endpoint)."""

    target: str
    origin: str


@dataclass(frozen=True)
class LoginBinding:
    """What the state keeps of its login's browser: the secret (None for states kept before
    there was one) and the platform storage it was also given to, if any."""

    secret: str | None
    storage: PlatformStorage | None = None


@dataclass(frozen=True)
class LoginStart:
    """The answer to a login initiation: continue at `redirect_url` (the platform's auth
    endpoint), with `browser_secret` handed to the browser for `lifetime_seconds`."""

    redirect_url: str
    state: str
    browser_secret: str
    lifetime_seconds: int
    storage: PlatformStorage | None = None

    @property
    def cookie_name(self) -> str:
        return login_cookie_name(self.state)

    @property
    def storage_key(self) -> str:
        return storage_key(self.state)


@dataclass(frozen=True)
class BrowserSecretNeeded:
    """The launch came without its login's cookie, and the login gave the secret to the
    platform's storage: the browser must read it there and send the launch again."""

    state: str
    storage: PlatformStorage

    @property
    def storage_key(self) -> str:
        return storage_key(self.state)


class BrowserCheck(enum.Enum):
    """How a launch relates to the browser that started its login."""

    BOUND = "bound"  # the login's secret came back: the same browser
    UNBOUND = "unbound"  # no cookie and no platform storage: the single-use state alone
    FETCH_SECRET = "fetch secret"  # noqa: S105 - read it from the platform's storage first


def check_browser(
    binding: LoginBinding,
    *,
    cookie: str | None,
    has_other_login_cookies: bool,
    sent_secret: str | None,
) -> BrowserCheck:
    """Whether the launch may go on; raises LaunchRejected when it came from another browser.

    `cookie` is this state's login cookie, `has_other_login_cookies` whether the browser
    sent login cookies of other states (so cookies work there), `sent_secret` the secret the
    launch page read from the platform's storage ("" if it found none, None if not asked).
    """
    if binding.secret is None:  # kept by a tool that did not bind yet
        return BrowserCheck.UNBOUND
    if cookie is not None:
        return _matching(cookie, binding.secret)
    if has_other_login_cookies:
        # Cookies reach the tool from this browser, yet this login left none: it was not
        # started here (an attacker's own launch, posted from the victim's browser).
        raise LaunchRejected(NOT_THIS_BROWSER)
    if sent_secret is not None:
        if not sent_secret:
            raise LaunchRejected(NOTHING_KEPT if binding.storage else NOT_THIS_BROWSER)
        return _matching(sent_secret, binding.secret)
    if binding.storage is not None:
        return BrowserCheck.FETCH_SECRET
    return BrowserCheck.UNBOUND


def _matching(given: str, secret: str) -> BrowserCheck:
    if not compare_digest(given.encode(), secret.encode()):
        raise LaunchRejected(NOT_THIS_BROWSER)
    return BrowserCheck.BOUND
