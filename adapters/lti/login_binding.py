"""The login's browser binding as the launch state record keeps it, and its check at launch.

The record is `{"nonce": …, "browser_secret": …, "storage": {"target": …, "origin": …}}`,
`storage` only when the login gave the secret to the platform's storage (decision 8).
"""

import logging
from urllib.parse import urlsplit

from adapters.lti.stores import LaunchStateStore
from lti_tool.domain.browser_binding import (
    NOT_THIS_BROWSER,
    SECRET_FIELD,
    BrowserCheck,
    BrowserSecretNeeded,
    LoginBinding,
    PlatformStorage,
    check_browser,
    login_cookie_name,
    storage_target,
)
from lti_tool.domain.errors import LaunchRejected
from lti_tool.domain.launch import LaunchRequest

log = logging.getLogger(__name__)

STATE_PREFIX = "lti-state:"
_STORAGE_TARGET = "lti_storage_target"


def offered_storage(request: LaunchRequest, auth_url: str) -> PlatformStorage | None:
    """The platform storage a login initiation offers (`lti_storage_target`), if usable.

    The tool talks to it only at the origin of the platform's authentication endpoint, as
    LTI Platform Storage 1.0 requires; the login request cannot choose another.
    """
    target = storage_target(request.params.get(_STORAGE_TARGET))
    if target is None:
        return None
    parts = urlsplit(auth_url)
    return PlatformStorage(target=target, origin=f"{parts.scheme}://{parts.netloc}")


def state_record(nonce: str | None, binding: LoginBinding) -> dict:
    """What the launch state store keeps of a login."""
    record: dict = {"nonce": nonce, "browser_secret": binding.secret}
    if binding.storage is not None:
        record["storage"] = {"target": binding.storage.target, "origin": binding.storage.origin}
    return record


def secret_to_fetch(request: LaunchRequest, states: LaunchStateStore) -> BrowserSecretNeeded | None:
    """Before validation, what the browser must fetch from the platform's storage, if anything.

    Only a launch that brings neither its login's cookie nor a secret needs this read of the
    state (it is not consumed: the launch must come back with the secret). Any other launch is
    checked by `check_taken_state` when validation consumes the state, with no read more.
    Raises LaunchRejected when the launch comes from another browser than its login.
    """
    state = request.params.get("state", "")
    if not state or _brings_secret(request, state):
        return None
    record = states.peek(STATE_PREFIX + state)
    if record is None:
        return None  # unknown, used or expired: the validation says so
    binding = _binding_of(record)
    if _verdict(request, state, binding) is BrowserCheck.FETCH_SECRET and binding.storage:
        return BrowserSecretNeeded(state=state, storage=binding.storage)
    return None


def check_taken_state(request: LaunchRequest, state: str, record: dict) -> None:
    """Raises LaunchRejected unless the launch whose state was just taken comes from the
    browser of its login, or there is no telling (no cookie, no storage: decision 8)."""
    if _verdict(request, state, _binding_of(record)) is BrowserCheck.FETCH_SECRET:
        # `secret_to_fetch` asks for the secret first; a launch without it is not this browser's.
        raise LaunchRejected(NOT_THIS_BROWSER)


def _brings_secret(request: LaunchRequest, state: str) -> bool:
    return login_cookie_name(state) in request.login_cookies or SECRET_FIELD in request.params


def _verdict(request: LaunchRequest, state: str, binding: LoginBinding) -> BrowserCheck:
    cookie_name = login_cookie_name(state)
    verdict = check_browser(
        binding,
        cookie=request.login_cookies.get(cookie_name),
        has_other_login_cookies=any(name != cookie_name for name in request.login_cookies),
        sent_secret=request.params.get(SECRET_FIELD),
    )
    log.info("launch browser check", extra={"binding": verdict.value})
    return verdict


def _binding_of(record: dict) -> LoginBinding:
    storage = record.get("storage")
    return LoginBinding(
        secret=record.get("browser_secret"),
        storage=PlatformStorage(storage["target"], storage["origin"]) if storage else None,
    )
