"""OIDC login and resource-link launch validation with pylti1p3, over plain request values.

State and nonce live server-side in a store and are consumed once, so a replayed launch POST
fails even when two workers share the work, and no third-party cookie is needed.
"""

import secrets
from urllib.parse import parse_qs, urlsplit

import requests
from pylti1p3.cookie import CookieService
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.oidc_login import OIDCLogin
from pylti1p3.redirect import Redirect
from pylti1p3.request import Request
from pylti1p3.session import SessionService

from adapters.lti import claims
from adapters.lti.stores import LaunchStateStore, RegistrationLookup
from adapters.lti.tool_conf import StoredToolConf
from lti_tool.domain.errors import LaunchRejected
from lti_tool.domain.launch import Launch, LaunchRequest

_STATE_PREFIX = "lti-state:"

# pylti1p3's messages are terse; a person in an LMS iframe needs to know what to do.
_REASONS = {
    "State not found": (
        "This launch was already used or has expired. Go back to your course and open the "
        "activity again."
    ),
    "Missing state param": "The launch has no state. Open the activity from your course again.",
    "Invalid Nonce.": "This launch was already used. Open the activity from your course again.",
    "Registration not found.": (
        "This learning platform is not registered with the tool. Ask your administrator to "
        "register it."
    ),
    "Could not find registration details": (
        "This learning platform is not registered with the tool. Ask your administrator to "
        "register it."
    ),
}


class LtiLaunches:
    """Answers an LMS's login initiation and validates the launch that follows it."""

    def __init__(
        self,
        *,
        registrations: RegistrationLookup,
        states: LaunchStateStore,
        state_ttl_seconds: int,
        session: requests.Session,
    ):
        self._tool_conf = StoredToolConf(registrations)
        self._states = states
        self._state_ttl = state_ttl_seconds
        self._session = session

    def login_redirect(self, request: LaunchRequest, *, launch_url: str) -> str:
        """The platform's auth URL to redirect to; raises LaunchRejected on a bad login."""
        plain = _PlainRequest(request)
        session = _StoredSession(plain, self._states)
        login = _Login(plain, self._tool_conf, session_service=session, cookie_service=_NoCookies())
        try:
            url = login.get_redirect_object(launch_url).get_redirect_url()
        except (OIDCException, LtiException) as error:
            raise _rejected(error) from error
        state = _param_from(url, "state")
        self._states.put(_STATE_PREFIX + state, {"nonce": session.nonce}, self._state_ttl)
        return url

    def validate_launch(self, request: LaunchRequest) -> Launch:
        """The validated launch; raises LaunchRejected saying what was wrong."""
        plain = _PlainRequest(request)
        launch = _Launch(
            plain,
            self._tool_conf,
            session_service=_StoredSession(plain, self._states),
            cookie_service=_NoCookies(),
            requests_session=self._session,
        )
        # PyJWT checks exp when present; LTI requires both exp and iat to be present.
        launch.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat"]})
        try:
            body = launch.get_launch_data()
        except (LtiException, OIDCException) as error:
            raise _rejected(error) from error
        return _launch_from(body)


def _launch_from(body: dict) -> Launch:
    context = body.get(claims.CONTEXT) or {}
    ags = body.get(claims.AGS_ENDPOINT) or {}
    presentation = body.get(claims.LAUNCH_PRESENTATION) or {}
    aud = body["aud"]
    return Launch(
        issuer=body["iss"],
        client_id=aud[0] if isinstance(aud, list) else aud,
        deployment_id=body[claims.DEPLOYMENT_ID],
        subject=str(body["sub"]),
        name=str(
            body.get("name")
            or " ".join(part for part in (body.get("given_name"), body.get("family_name")) if part)
        ),
        role=claims.role_of(body.get(claims.ROLES) or []),
        context_id=str(context["id"]) if context.get("id") else None,
        context_label=str(context.get("label") or ""),
        context_title=str(context.get("title") or ""),
        ags_lineitem_url=ags.get("lineitem"),
        ags_scopes=tuple(ags.get("scope") or ()),
        locale=presentation.get("locale"),
    )


def _rejected(error: Exception) -> LaunchRejected:
    message = str(error)
    return LaunchRejected(_REASONS.get(message, f"The launch could not be validated: {message}"))


def _param_from(url: str, name: str) -> str:
    return parse_qs(urlsplit(url).query)[name][0]


class _PlainRequest(Request):
    def __init__(self, request: LaunchRequest):
        self._request = request

    @property
    def session(self):
        return {}

    def is_secure(self) -> bool:
        return self._request.is_secure

    def get_param(self, key: str) -> str:
        return self._request.params.get(key, "")


class _NoCookies(CookieService):
    """State is kept server-side; browsers inside LMS iframes often drop third-party cookies."""

    def get_cookie(self, name: str) -> str | None:
        return None

    def set_cookie(self, name: str, value, exp: int | None = 3600) -> None:
        return None


class _StoredSession(SessionService):
    """pylti1p3's session service over the single-use launch state store."""

    def __init__(self, request: Request, states: LaunchStateStore):
        self._states = states
        self.nonce: str | None = None
        self._expected_nonce: str | None = None

    def save_nonce(self, nonce: str) -> None:
        self.nonce = nonce

    def save_state_params(self, state: str, params) -> None:
        return None

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        stored = self._states.take(_STATE_PREFIX + state)
        if stored is None:
            return False
        self._expected_nonce = stored.get("nonce")
        return True

    def check_nonce(self, nonce: str) -> bool:
        return self._expected_nonce is not None and secrets.compare_digest(
            nonce, self._expected_nonce
        )

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        return None  # the state was consumed: no second launch may use it

    def save_launch_data(self, key: str, jwt_body) -> None:
        return None


class _UrlRedirect(Redirect):
    def __init__(self, location: str):
        self._location = location

    def do_redirect(self):
        return self._location

    def do_js_redirect(self):
        return self._location

    def set_redirect_url(self, location: str) -> None:
        self._location = location

    def get_redirect_url(self) -> str:
        return self._location


class _Login(OIDCLogin):
    def get_redirect(self, url: str) -> Redirect:
        return _UrlRedirect(url)


class _Launch(MessageLaunch):
    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)
