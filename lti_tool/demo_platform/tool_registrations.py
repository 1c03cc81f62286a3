"""Moodle's registration tokens and the tool types that dynamic registration adds.

Follows mod/lti/startltiadvregistration.php, openid-registration.php and
registration_helper::validate_registration_token. The token's `sub` is the client id the new
tool will get, so a token is single use: Moodle refuses one whose client id already names a
tool type, and only a successful registration uses it up.
https://www.imsglobal.org/spec/lti-dr/v1p0/#registration-token
"""

import secrets
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from lti_tool.demo_platform.errors import RegistrationError
from lti_tool.demo_platform.registration_request import (
    ToolConfiguration,
    read_registration_request,
    registration_response,
)

REGISTRATION_TOKEN_LIFETIME = 3600  # seconds: Moodle's HOURSECS
CLIENT_ID_LENGTH = 15  # Moodle's random_string(15)
_CLIENT_ID_ALPHABET = string.ascii_letters + string.digits
_NEW_REGISTRATION = "reg"  # the token scope of a new registration (not "reg-update")
PENDING, ACTIVE = "pending", "active"


@dataclass(frozen=True)
class RegisteredTool:
    """A tool type added by dynamic registration: the tool's request, Moodle's answer, and
    `status`, which stays "pending" until an administrator activates the tool."""

    client_id: str
    type_id: int
    status: str
    request: dict[str, Any]
    response: dict[str, Any]
    configuration: ToolConfiguration

    @property
    def deployment_id(self) -> str:
        """Moodle's deployment id: the tool type's id."""
        return str(self.type_id)

    @property
    def scopes(self) -> tuple[str, ...]:
        """The service scopes Moodle answered, which its token endpoint will grant the tool."""
        return tuple(self.response["scope"].split())


class ToolRegistrations:
    """Issues registration tokens, registers tools with them, and keeps the tools registered.

    `sign` signs a payload with the platform key, whose public half is `public_key` and key id
    `kid`; the first tool registered gets the type id `first_type_id`.
    """

    def __init__(
        self,
        *,
        sign: Callable[[dict[str, object]], str],
        public_key: rsa.RSAPublicKey,
        kid: str,
        clock: Callable[[], float],
        first_type_id: int,
    ) -> None:
        self._sign = sign
        self._public_key = public_key
        self._kid = kid
        self._clock = clock
        self._next_type_id = first_type_id
        self._tools: dict[str, RegisteredTool] = {}
        self._lock = threading.Lock()

    def new_token(self) -> str:
        """A registration token for one new tool, valid for an hour, as Moodle signs it."""
        now = int(self._clock())
        client_id = "".join(secrets.choice(_CLIENT_ID_ALPHABET) for _ in range(CLIENT_ID_LENGTH))
        payload: dict[str, object] = {
            "sub": client_id,
            "scope": _NEW_REGISTRATION,
            "iat": now,
            "exp": now + REGISTRATION_TOKEN_LIFETIME,
        }
        return self._sign(payload)

    def register(self, token: str, payload: object) -> RegisteredTool:
        """Add the tool a registration request describes, as a pending tool type.

        Raises RegistrationError: 401 for a bad, expired or used token, 403 for a token of
        another scope, 400 for a request Moodle refuses (the token stays usable then).
        """
        client_id = self._client_id(token)
        self._check_unused(client_id)
        configuration = read_registration_request(payload)
        with self._lock:
            self._check_unused(client_id)
            type_id = self._next_type_id
            self._next_type_id += 1
            answer = registration_response(configuration, client_id=client_id, type_id=type_id)
            tool = RegisteredTool(
                client_id=client_id,
                type_id=type_id,
                status=PENDING,
                request=dict(payload) if isinstance(payload, dict) else {},
                response=answer,
                configuration=configuration,
            )
            self._tools[client_id] = tool
        return tool

    def activate(self, client_id: str) -> RegisteredTool:
        """Mark a registered tool active; raises KeyError for an unknown client id."""
        with self._lock:
            tool = replace(self._tools[client_id], status=ACTIVE)
            self._tools[client_id] = tool
        return tool

    def registered(self) -> dict[str, RegisteredTool]:
        """The registered tools by client id, in the order they registered."""
        with self._lock:
            return dict(self._tools)

    def _check_unused(self, client_id: str) -> None:
        if client_id in self._tools:
            raise RegistrationError(401, "token_already_used")

    def _client_id(self, token: str) -> str:
        """The client id a registration token was issued for, once its signature, key id,
        lifetime and scope are checked against the platform key and clock."""
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(
                token, self._public_key, algorithms=["RS256"], options=_SIGNATURE_ONLY
            )
        except jwt.InvalidSignatureError as error:
            raise RegistrationError(401, "Signature verification failed") from error
        except jwt.PyJWTError as error:
            raise RegistrationError(401, "invalid_registration_token") from error
        if header.get("kid") != self._kid:
            raise RegistrationError(401, '"kid" invalid, unable to lookup correct key')
        now = self._clock()
        expires, issued = claims.get("exp"), claims.get("iat")
        if not isinstance(expires, int | float) or now >= expires:
            raise RegistrationError(401, "Expired token")
        if isinstance(issued, int | float) and issued > now:
            raise RegistrationError(401, "Cannot handle token prior to iat")
        if claims.get("scope") != _NEW_REGISTRATION:
            raise RegistrationError(403, "Incorrect scope")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise RegistrationError(401, "invalid_registration_token")
        return claims["sub"]


def registration_start_url(tool_url: str, *, openid_configuration: str, token: str) -> str:
    """The tool's registration URL with Moodle's two parameters added to its own query.

    Like moodle_url::param, a parameter of the same name in the tool's URL is replaced.
    Raises ValueError for a URL that is not absolute http(s).
    """
    parts = urlsplit(tool_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("url must be the tool's absolute http(s) registration URL")
    added = {"openid_configuration": openid_configuration, "registration_token": token}
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in added]
    query = urlencode([*kept, *added.items()], quote_via=quote, safe="")
    return urlunsplit(parts._replace(query=query))


# Lifetime and issue time are checked against the injected clock, so PyJWT checks the signature.
_SIGNATURE_ONLY = {
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
}
