"""OIDC login and resource-link launch validation with pylti1p3, over plain request values.

State and nonce live server-side in a store and are consumed once, so a replayed launch POST
fails even when two workers share the work, and no third-party cookie is needed. The state
also keeps the login's browser secret, which the launch brings back where the browser lets
it (a cookie, or the platform's storage), binding it to that browser (login_binding.py).
"""

import functools
import json
import secrets
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm
from pylti1p3.cookie import CookieService
from pylti1p3.exception import LtiException, LtiKeyException, OIDCException
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.oidc_login import OIDCLogin
from pylti1p3.redirect import Redirect
from pylti1p3.request import Request
from pylti1p3.session import SessionService

from adapters.lti import claims
from adapters.lti.login_binding import (
    STATE_PREFIX,
    check_taken_state,
    offered_storage,
    secret_to_fetch,
    state_record,
)
from adapters.lti.platform_keys import PlatformKeys
from adapters.lti.stores import LaunchStateStore, RegistrationLookup
from adapters.lti.tool_conf import StoredToolConf
from lti_tool.domain.browser_binding import BrowserSecretNeeded, LoginBinding, LoginStart
from lti_tool.domain.errors import LaunchRejected
from lti_tool.domain.launch import DeepLinkRequest, Launch, LaunchRequest

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
        platform_keys: PlatformKeys,
        leeway_seconds: int,
    ):
        self._registrations = registrations
        self._states = states
        self._state_ttl = state_ttl_seconds
        self._platform_keys = platform_keys
        self._leeway = leeway_seconds

    def start_login(self, request: LaunchRequest, *, launch_url: str) -> LoginStart:
        """Where to send the browser (the platform's auth URL) and the secret to hand it;
        raises LaunchRejected on a bad login."""
        plain = _PlainRequest(request)
        session = _StoredSession(plain, self._states)
        tool_conf = StoredToolConf(self._registrations)
        login = _Login(plain, tool_conf, session_service=session, cookie_service=_NoCookies())
        try:
            url = login.get_redirect_object(launch_url).get_redirect_url()
        except (OIDCException, LtiException) as error:
            raise _rejected(error) from error
        state = _param_from(url, "state")
        secret = secrets.token_urlsafe(32)
        binding = LoginBinding(secret, offered_storage(request, url))
        record = state_record(session.nonce, binding)
        self._states.put(STATE_PREFIX + state, record, self._state_ttl)
        return LoginStart(
            redirect_url=url,
            state=state,
            browser_secret=secret,
            lifetime_seconds=self._state_ttl,
            storage=binding.storage,
        )

    def validate_launch(self, request: LaunchRequest) -> Launch | BrowserSecretNeeded:
        """The validated launch, or what the browser must fetch from the platform's storage
        first; raises LaunchRejected saying what was wrong."""
        needed = secret_to_fetch(request, self._states)
        if needed is not None:
            return needed
        plain = _PlainRequest(request)
        launch = _Launch(
            plain,
            StoredToolConf(self._registrations),
            session_service=_StoredSession(plain, self._states, launch=request),
            cookie_service=_NoCookies(),
        )
        launch.use(self._platform_keys, leeway_seconds=self._leeway)
        try:
            body = launch.get_launch_data()
            client_id = launch.get_client_id()
        except (LtiException, OIDCException) as error:
            raise _rejected(error) from error
        return _launch_from(body, client_id)


def _launch_from(body: dict, client_id: str) -> Launch:
    context = body.get(claims.CONTEXT) or {}
    ags = body.get(claims.AGS_ENDPOINT) or {}
    presentation = body.get(claims.LAUNCH_PRESENTATION) or {}
    return Launch(
        issuer=body["iss"],
        client_id=client_id,
        deployment_id=body[claims.DEPLOYMENT_ID],
        subject=str(body["sub"]),
        name=str(
            body.get("name")
            or " ".join(part for part in (body.get("given_name"), body.get("family_name")) if part)
        ),
        role=claims.role_of(body.get(claims.ROLES) or []),
        is_administrator=claims.is_administrator(body.get(claims.ROLES) or []),
        context_id=str(context["id"]) if context.get("id") else None,
        context_label=str(context.get("label") or ""),
        context_title=str(context.get("title") or ""),
        ags_lineitem_url=ags.get("lineitem"),
        ags_lineitems_url=ags.get("lineitems"),
        nrps_url=(body.get(claims.NRPS) or {}).get("context_memberships_url"),
        ags_scopes=tuple(ags.get("scope") or ()),
        locale=presentation.get("locale"),
        deep_link=_deep_link_from(body),
    )


def _deep_link_from(body: dict) -> DeepLinkRequest | None:
    if body.get(claims.MESSAGE_TYPE) != claims.DEEP_LINKING_REQUEST:
        return None
    settings = body.get(claims.DEEP_LINKING_SETTINGS) or {}
    return_url = settings.get("deep_link_return_url")
    if not isinstance(return_url, str) or urlsplit(return_url).scheme not in ("http", "https"):
        raise LaunchRejected(
            "The platform asked to pick content but gave no address to return it to."
        )
    data = settings.get("data")
    return DeepLinkRequest(return_url=return_url, data=data if isinstance(data, str) else None)


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

    def __init__(
        self, request: Request, states: LaunchStateStore, *, launch: LaunchRequest | None = None
    ):
        self._states = states
        self._launch = launch
        self.nonce: str | None = None
        self._expected_nonce: str | None = None

    def save_nonce(self, nonce: str) -> None:
        self.nonce = nonce

    def save_state_params(self, state: str, params) -> None:
        return None

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        stored = self._states.take(STATE_PREFIX + state)
        if stored is None:
            return False
        if self._launch is not None:
            check_taken_state(self._launch, state, stored)
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


@functools.lru_cache(maxsize=64)
def _public_key(jwk_json: str) -> RSAPublicKey:
    """A platform's RSA key, read once per process: reading it on every launch cost more
    than checking the signature."""
    key = RSAAlgorithm.from_jwk(jwk_json)
    if not isinstance(key, RSAPublicKey):
        raise TypeError("not an RSA public key")
    return key


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
    """pylti1p3's launch, with the checks it lacks (LTI 1.3 Core §5.1.3, Security Framework §5.1.3).

    - the client is found in `aud` even when it is an array, and `azp` must name it;
    - only RS256, with the platform's key from the shared, cached key set;
    - `aud`, `exp` and `iat` are verified by PyJWT with a clock leeway, and must be present.
    """

    _platform_keys: PlatformKeys
    _leeway: int

    def use(self, platform_keys: PlatformKeys, *, leeway_seconds: int) -> None:
        self._platform_keys = platform_keys
        self._leeway = leeway_seconds

    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)

    def get_client_id(self) -> str:
        body = self._get_jwt_body()
        aud, azp = body.get("aud"), body.get("azp")
        audiences = aud if isinstance(aud, list) else [aud]
        if len(audiences) > 1 and not azp:
            raise LtiException("The id_token names several audiences but no azp claim.")
        client_id = azp or audiences[0]
        if not isinstance(client_id, str) or client_id not in audiences:
            raise LtiException("The id_token's azp claim is not one of its audiences.")
        return client_id

    def get_public_key(self) -> tuple[RSAPublicKey, str]:
        header = self._jwt.get("header", {})
        if header.get("alg") != "RS256":
            raise LtiKeyException(
                f"Only RS256-signed launches are accepted, not {header.get('alg')!r}."
            )
        kid = header.get("kid")
        if not kid:
            raise LtiKeyException("The id_token names no key (kid) to check its signature with.")
        jwk = self._platform_keys.key_for(self._registration.get_key_set_url(), kid)
        if jwk.get("alg", "RS256") != "RS256" or jwk.get("kty") != "RSA":
            raise LtiKeyException(f"The platform's key {kid!r} is not an RS256 key.")
        try:
            return _public_key(json.dumps(jwk, sort_keys=True)), "RS256"
        except (ValueError, TypeError, KeyError, jwt.InvalidKeyError) as error:
            raise LtiKeyException(f"The platform's key {kid!r} cannot be read.") from error

    def validate_jwt_signature(self) -> "_Launch":
        public_key, _ = self.get_public_key()
        try:
            jwt.decode(
                self._get_id_token(),
                public_key,
                algorithms=["RS256"],
                audience=self.get_client_id(),
                leeway=self._leeway,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise LtiException(f"Can't decode id_token: {error}") from error
        return self
