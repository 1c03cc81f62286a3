"""A tool's dynamic registration request as Moodle reads it, and the answer Moodle writes.

Follows registration_to_config and config_to_registration in Moodle's
mod/lti/classes/local/ltiopenid/registration_helper.php; compare with
tests/vectors/moodle-5.1/32-dynreg-registration.json.
https://www.imsglobal.org/spec/lti-dr/v1p0/#tool-configuration
"""

import re
from dataclasses import dataclass

from lti_tool.demo_platform import claims
from lti_tool.demo_platform.errors import RegistrationError
from lti_tool.demo_platform.platform_configuration import SCOPE_TOOL_SETTING
from lti_tool.demo_platform.site import ToolRegistration

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PRIVATE_KEY_JWT = "private_key_jwt"  # the only client authentication Moodle accepts
_REQUIRED = (
    "response_types",
    "initiate_login_uri",
    "redirect_uris",
    "client_name",
    "jwks_uri",
    "token_endpoint_auth_method",
)
# Moodle's LTI_URL_DOMAIN_REGEX: host and port, without scheme, "www." or path.
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?([^/]+)(?:/|$)", re.IGNORECASE)
# The order in which Moodle answers the AGS scopes: any one requested turns grade sync on, and
# then all four come back, `lineitem` too (a PHP precedence slip: `$x ?? 0 == 2` is `$x`).
_AGS_ANSWER = (
    claims.SCOPE_SCORE,
    claims.SCOPE_RESULT_READONLY,
    claims.SCOPE_LINEITEM_READONLY,
    claims.SCOPE_LINEITEM,
)


@dataclass(frozen=True)
class ToolConfiguration:
    """What Moodle keeps of a registration request: the settings of the new tool type.

    `deep_linking_uri` is the target of an offered LtiDeepLinkingRequest ("" when it names
    none), None when the tool offers no deep linking.
    """

    client_name: str
    initiate_login_uri: str
    redirect_uris: tuple[str, ...]
    jwks_uri: str
    target_link_uri: str
    domain: str
    logo_uri: str
    description: str
    deep_linking_uri: str | None
    custom_parameters: tuple[str, ...]
    has_grade_sync: bool
    has_memberships: bool
    has_tool_settings: bool
    sends_name: bool
    sends_email: bool

    def tool_registration(self, client_id: str) -> ToolRegistration:
        """The tool as the emulator launches it and grants it tokens, once it is activated."""
        return ToolRegistration(
            client_id=client_id,
            initiate_login_url=self.initiate_login_uri,
            target_link_uri=self.target_link_uri,
            jwks_url=self.jwks_uri,
            redirect_urls=self.redirect_uris,
            deep_linking_url=self.deep_linking_uri or "",
            name=self.client_name,
        )


def read_registration_request(payload: object) -> ToolConfiguration:
    """The tool type a registration request describes.

    Raises RegistrationError (400) with Moodle's message for the first problem, in the order
    Moodle checks: a missing attribute, the domain, response types, redirect URIs, the token
    endpoint's authentication method, the application type.
    """
    if not isinstance(payload, dict):
        raise RegistrationError(400, "the registration request is not a JSON object")
    for name in _REQUIRED:
        _parameter(payload, name, required=True)
    tool = _parameter(payload, TOOL_CONFIGURATION, required=True)
    if not isinstance(tool, dict):
        raise RegistrationError(400, f"{TOOL_CONFIGURATION} is not a JSON object")
    domain = _text(tool, "domain")
    if not domain:
        raise RegistrationError(400, "missing_domain")
    target_link_uri = _text(tool, "target_link_uri") or f"https://{domain}"
    if _domain_of(domain) != _domain_of(target_link_uri):
        raise RegistrationError(400, "domain_targetlinkuri_mismatch")
    response_types = payload["response_types"]
    if not isinstance(response_types, list) or "id_token" not in response_types:
        raise RegistrationError(400, "invalid_response_types")
    redirect_uris = payload["redirect_uris"]
    if not isinstance(redirect_uris, list) or not all(isinstance(u, str) for u in redirect_uris):
        raise RegistrationError(400, "invalid_redirect_uris")
    if payload["token_endpoint_auth_method"] != PRIVATE_KEY_JWT:
        raise RegistrationError(400, "invalid_token_endpoint_auth_method")
    if _parameter(payload, "application_type") not in (None, "web"):
        raise RegistrationError(400, "invalid_application_type")
    scopes = set(str(_parameter(payload, "scope") or "").split(" "))
    wanted_claims = _parameter(tool, "claims")
    wanted_claims = wanted_claims if isinstance(wanted_claims, list) else []
    return ToolConfiguration(
        client_name=_required_text(payload, "client_name"),
        initiate_login_uri=_required_text(payload, "initiate_login_uri"),
        redirect_uris=tuple(redirect_uris),
        jwks_uri=_required_text(payload, "jwks_uri"),
        target_link_uri=target_link_uri,
        domain=_domain_of(domain) or "",
        logo_uri=_text(payload, "logo_uri"),
        description=_text(tool, "description"),
        deep_linking_uri=_deep_linking_uri(tool.get("messages")),
        custom_parameters=_custom_parameters(_parameter(tool, "custom_parameters")),
        has_grade_sync=bool(scopes.intersection(claims.AGS_SCOPES)),
        has_memberships=claims.SCOPE_MEMBERSHIPS_READONLY in scopes,
        has_tool_settings=SCOPE_TOOL_SETTING in scopes,
        sends_name=bool({"name", "given_name", "family_name"}.intersection(wanted_claims)),
        sends_email="email" in wanted_claims,
    )


def registration_response(
    tool: ToolConfiguration, *, client_id: str, type_id: int
) -> dict[str, object]:
    """Moodle's answer to a registration, key for key: the client id and the new tool type,
    whose id is the deployment id."""
    configuration: dict[str, object] = {
        "version": claims.LTI_VERSION,
        "deployment_id": str(type_id),
        "target_link_uri": tool.target_link_uri,
        "domain": tool.domain,
        "description": tool.description,
    }
    if tool.deep_linking_uri is not None:
        message = {"type": claims.DEEP_LINKING_REQUEST, "target_link_uri": tool.deep_linking_uri}
        configuration["messages"] = [message]
    if tool.custom_parameters:
        # Moodle stores "name=value" lines and splits them again on every "=".
        pairs = [line.split("=") for line in tool.custom_parameters]
        configuration["custom_parameters"] = {pair[0]: pair[1] for pair in pairs}
    configuration["claims"] = [
        "sub",
        "iss",
        *(("name", "family_name", "given_name") if tool.sends_name else ()),
        *(("email",) if tool.sends_email else ()),
    ]
    return {
        "client_id": client_id,
        "response_types": ["id_token"],
        "jwks_uri": tool.jwks_uri,
        "initiate_login_uri": tool.initiate_login_uri,
        "grant_types": ["client_credentials", "implicit"],
        "redirect_uris": list(tool.redirect_uris),
        "application_type": "web",
        "token_endpoint_auth_method": PRIVATE_KEY_JWT,
        "client_name": tool.client_name,
        "logo_uri": tool.logo_uri,
        "scope": " ".join(_granted_scopes(tool)),
        TOOL_CONFIGURATION: configuration,
    }


def _granted_scopes(tool: ToolConfiguration) -> list[str]:
    scopes = list(_AGS_ANSWER) if tool.has_grade_sync else []
    if tool.has_memberships:
        scopes.append(claims.SCOPE_MEMBERSHIPS_READONLY)
    if tool.has_tool_settings:
        scopes.append(SCOPE_TOOL_SETTING)
    return scopes


def _parameter(payload: dict, name: str, *, required: bool = False) -> object:
    """A member as Moodle's get_parameter reads it: PHP's empty() values count as missing."""
    value = payload.get(name)
    if not value or value == "0":
        if required:
            raise RegistrationError(400, f"missing required attribute {name}")
        return None
    return value


def _text(payload: dict, name: str) -> str:
    value = _parameter(payload, name)
    return value if isinstance(value, str) else ""


def _required_text(payload: dict, name: str) -> str:
    value = _parameter(payload, name, required=True)
    if not isinstance(value, str):
        raise RegistrationError(400, f"invalid {name}")
    return value


def _domain_of(url: str) -> str | None:
    """Moodle's lti_get_domain_from_url."""
    match = _DOMAIN.search(url)
    return match.group(1) if match else None


def _deep_linking_uri(messages: object) -> str | None:
    uri = None
    for message in messages if isinstance(messages, list) else []:
        if isinstance(message, dict) and message.get("type") == claims.DEEP_LINKING_REQUEST:
            uri = str(message.get("target_link_uri") or "")
    return uri


def _custom_parameters(parameters: object) -> tuple[str, ...]:
    if not isinstance(parameters, dict):
        return ()
    return tuple(f"{name}={value}" for name, value in parameters.items())
