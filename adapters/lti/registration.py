"""LTI Dynamic Registration 1.0, the tool's side: read the platform's configuration, register.

https://www.imsglobal.org/spec/lti-dr/v1p0 — shapes as Moodle 5.1 answers them
(tests/vectors/moodle-5.1/31 and 32).
"""

from urllib.parse import urlsplit

import requests

from adapters.lti import claims
from lti_tool.domain.errors import InvalidInput, ServiceUnavailable
from lti_tool.domain.platforms import ClientRegistration, PlatformConfiguration, ToolDescription

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
# Least data: the tool asks for the learner's name (it goes on the credential), never the email.
_CLAIMS = ["iss", "sub", "name", "given_name", "family_name"]
_SCOPES = [
    claims.AGS_SCOPE_LINEITEM,
    claims.AGS_SCOPE_LINEITEM_READONLY,
    claims.AGS_SCOPE_RESULT_READONLY,
    claims.AGS_SCOPE_SCORE,
    claims.NRPS_SCOPE_MEMBERSHIP_READONLY,
]
_MAX_ANSWER_BYTES = 256 * 1024


class DynamicRegistrar:
    """Talks to a platform's registration endpoints; every refusal says what went wrong."""

    def __init__(self, *, session: requests.Session):
        self._session = session

    def platform_configuration(
        self, openid_configuration_url: str, registration_token: str
    ) -> PlatformConfiguration:
        """The platform's configuration; raises InvalidInput or ServiceUnavailable."""
        _require_http_url(openid_configuration_url, "openid_configuration")
        body = self._json(
            "GET",
            openid_configuration_url,
            headers={"Authorization": f"Bearer {registration_token}"},
        )
        try:
            configuration = PlatformConfiguration(
                issuer=body["issuer"],
                authorization_endpoint=body["authorization_endpoint"],
                token_endpoint=body["token_endpoint"],
                jwks_uri=body["jwks_uri"],
                registration_endpoint=body["registration_endpoint"],
                product_family_code=str(
                    (body.get(PLATFORM_CONFIGURATION) or {}).get("product_family_code", "")
                ),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise InvalidInput(
                f"The platform's configuration lacks {error}; it cannot be registered."
            ) from error
        # LTI-DR §3.5.1: the configuration URL must start with the issuer it declares.
        if not openid_configuration_url.startswith(configuration.issuer):
            raise InvalidInput(
                "The platform's configuration names an issuer that does not match its address."
            )
        for name in (
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "registration_endpoint",
        ):
            _require_http_url(getattr(configuration, name), name)
        return configuration

    def register(
        self,
        configuration: PlatformConfiguration,
        registration_token: str,
        tool: ToolDescription,
    ) -> ClientRegistration:
        """Register the tool; the answer's client id and deployment id. Raises as above."""
        body = self._json(
            "POST",
            configuration.registration_endpoint,
            json=_registration_request(tool),
            headers={"Authorization": f"Bearer {registration_token}"},
        )
        try:
            return ClientRegistration(
                client_id=str(body["client_id"]),
                deployment_id=str(body[TOOL_CONFIGURATION]["deployment_id"]),
            )
        except (KeyError, TypeError) as error:
            raise ServiceUnavailable(
                f"The platform's answer to the registration lacks {error}."
            ) from error

    def _json(self, method: str, url: str, **kwargs) -> dict:
        try:
            response = self._session.request(method, url, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            raise ServiceUnavailable(f"The platform at {url} could not be reached.") from error
        if len(response.content) > _MAX_ANSWER_BYTES:
            raise ServiceUnavailable("The platform's answer is too large.")
        if not response.ok:
            detail = response.text.strip()[:200]
            raise InvalidInput(
                f"The platform refused the registration ({response.status_code}: {detail}). "
                "Start the registration again from the platform."
            )
        try:
            body = response.json()
        except ValueError as error:
            raise ServiceUnavailable(f"The platform's answer from {url} is not JSON.") from error
        if not isinstance(body, dict):
            raise ServiceUnavailable(f"The platform's answer from {url} is not a JSON object.")
        return body


def _registration_request(tool: ToolDescription) -> dict:
    request = {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": tool.initiate_login_uri,
        "redirect_uris": [tool.launch_uri],
        "client_name": tool.name,
        "jwks_uri": tool.jwks_uri,
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(_SCOPES),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(tool.launch_uri).netloc,
            "target_link_uri": tool.launch_uri,
            "claims": _CLAIMS,
            "messages": [
                {
                    "type": claims.DEEP_LINKING_REQUEST,
                    "target_link_uri": tool.launch_uri,
                    "label": "Add a micro-credential",
                }
            ],
        },
    }
    if tool.logo_uri:
        request["logo_uri"] = tool.logo_uri
    return request


def _require_http_url(value: object, name: str) -> None:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(f"The platform's {name} is not an http(s) URL: {value!r}.")
