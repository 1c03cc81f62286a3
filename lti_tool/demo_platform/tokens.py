"""OAuth 2 client credentials as Moodle's token.php grants them: signed client assertion in,
short-lived bearer token out, and the look-up that services.php does with that token.

https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
"""

import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
import requests

from lti_tool.demo_platform.claims import AGS_SCOPES, JWT_BEARER, SCOPE_MEMBERSHIPS_READONLY
from lti_tool.demo_platform.errors import TokenRequestError
from lti_tool.demo_platform.tool_keys import ToolKeyError, tool_key

ACCESS_TOKEN_LIFETIME = 3600  # seconds, Moodle's LTI_ACCESS_TOKEN_LIFE
# What Moodle grants a tool with grade sync "always" and names and roles enabled; any other
# requested scope is silently dropped.
PERMITTED_SCOPES = (*AGS_SCOPES, SCOPE_MEMBERSHIPS_READONLY)


@dataclass(frozen=True)
class AccessToken:
    """A bearer token Moodle issued: its scopes and when it stops working (epoch seconds)."""

    value: str
    scopes: frozenset[str]
    valid_until: float


class AccessTokens:
    """The token endpoint's state: issues tokens to the registered tool and checks them later.

    `permitted_scopes` are those the tool's services allow (Moodle's grant for the demo tool
    by default); any other requested scope is dropped.
    """

    def __init__(
        self,
        *,
        client_id: str,
        tool_jwks_url: str,
        token_url: str,
        http: requests.Session,
        clock: Callable[[], float],
        permitted_scopes: Iterable[str] = PERMITTED_SCOPES,
    ) -> None:
        self._client_id = client_id
        self._permitted_scopes = frozenset(permitted_scopes)
        self._jwks_url = tool_jwks_url
        self._token_url = token_url
        self._http = http
        self._clock = clock
        self._tokens: dict[str, AccessToken] = {}
        self._lock = threading.Lock()

    def grant(self, form: Mapping[str, str], *, content_type: str) -> dict[str, Any]:
        """The token response body for a client_credentials request; raises TokenRequestError."""
        fields = ("client_assertion", "client_assertion_type", "grant_type", "scope")
        is_form = content_type.split(";", 1)[0].strip() == "application/x-www-form-urlencoded"
        if not is_form or not all(form.get(name) for name in fields):
            raise TokenRequestError("invalid_request", "a form with " + ", ".join(fields))
        is_jwt_bearer = form["client_assertion_type"] == JWT_BEARER
        if not is_jwt_bearer or form["grant_type"] != "client_credentials":
            raise TokenRequestError("unsupported_grant_type")
        self._verify_assertion(form["client_assertion"])
        requested = dict.fromkeys(form["scope"].split())
        scopes = [scope for scope in requested if scope in self._permitted_scopes]
        if not scopes:
            raise TokenRequestError("invalid_scope")
        token = AccessToken(
            value=secrets.token_hex(16),
            scopes=frozenset(scopes),
            valid_until=self._clock() + ACCESS_TOKEN_LIFETIME,
        )
        with self._lock:
            self._forget_expired()
            self._tokens[token.value] = token
        return {
            "access_token": token.value,
            "token_type": "Bearer",
            "expires_in": ACCESS_TOKEN_LIFETIME,
            "scope": " ".join(scopes),
        }

    def scopes_of(self, value: str) -> frozenset[str]:
        """The scopes a bearer token grants now; empty when unknown or expired."""
        with self._lock:
            token = self._tokens.get(value)
        if token is None or token.valid_until <= self._clock():
            return frozenset()
        return token.scopes

    def _forget_expired(self) -> None:
        now = self._clock()
        for value in [value for value, token in self._tokens.items() if token.valid_until <= now]:
            del self._tokens[value]

    def _verify_assertion(self, assertion: str) -> None:
        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise TokenRequestError("invalid_request", "client_assertion is not a JWT") from error
        if not claims.get("sub"):
            raise TokenRequestError("invalid_request", "client_assertion has no sub")
        if claims["sub"] != self._client_id:
            raise TokenRequestError("invalid_client", "no tool is registered with this client_id")
        key = self._tool_key(header.get("kid"))
        try:
            jwt.decode(assertion, key, algorithms=["RS256"], options=_SIGNATURE_ONLY)
        except jwt.InvalidSignatureError as error:
            raise TokenRequestError("invalid_client", "Signature verification failed") from error
        except jwt.PyJWTError as error:
            raise TokenRequestError("invalid_client", str(error)) from error
        self._check_claims(claims)

    def _check_claims(self, claims: dict[str, Any]) -> None:
        now = self._clock()
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience or []
        if claims.get("iss") != self._client_id:
            raise TokenRequestError("invalid_client", "iss must be the client_id")
        if self._token_url not in audiences:
            raise TokenRequestError("invalid_client", f"aud must be {self._token_url}")
        expires = claims.get("exp")
        if not isinstance(expires, int | float) or expires <= now:
            raise TokenRequestError("invalid_client", "Expired token")
        for name in ("nbf", "iat"):
            value = claims.get(name)
            if isinstance(value, int | float) and value > now:
                raise TokenRequestError("invalid_client", f"Cannot handle token prior to {name}")

    def _tool_key(self, kid: object) -> jwt.PyJWK:
        """The key of the tool's JWKS (fetched now, as Moodle does) that the assertion names."""
        try:
            return tool_key(self._http, self._jwks_url, kid)
        except ToolKeyError as error:
            raise TokenRequestError("invalid_client", error.message) from error


# Claims are checked against the injected clock by _check_claims, so PyJWT checks the signature.
_SIGNATURE_ONLY = {
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
}
