"""The platform's OpenID configuration, as Moodle's mod/lti/openid-configuration.php writes it.

https://www.imsglobal.org/spec/lti-dr/v1p0/#platform-configuration; compare with
tests/vectors/moodle-5.1/31-dynreg-openid-configuration.json.
"""

from lti_tool.demo_platform import claims, seed
from lti_tool.demo_platform.site import SiteUrls

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
SCOPE_BASIC_OUTCOME = "https://purl.imsglobal.org/spec/lti-bo/scope/basicoutcome"
SCOPE_TOOL_SETTING = "https://purl.imsglobal.org/spec/lti-ts/scope/toolsetting"
# The scopes of Moodle's installed LTI services, in its order, then "openid". Moodle names
# Basic Outcomes and tool settings too, which the emulator does not serve.
SCOPES_SUPPORTED = (
    SCOPE_BASIC_OUTCOME,
    claims.SCOPE_LINEITEM_READONLY,
    claims.SCOPE_RESULT_READONLY,
    claims.SCOPE_SCORE,
    claims.SCOPE_LINEITEM,
    claims.SCOPE_MEMBERSHIPS_READONLY,
    SCOPE_TOOL_SETTING,
    "openid",
)
# The substitution variables Moodle knows (array_keys(lti_get_capabilities())), as captured.
VARIABLES = (
    "basic-lti-launch-request",
    "ContentItemSelectionRequest",
    "ToolProxyRegistrationRequest",
    "Context.id",
    "Context.title",
    "Context.label",
    "Context.id.history",
    "Context.sourcedId",
    "Context.longDescription",
    "Context.timeFrame.begin",
    "CourseSection.title",
    "CourseSection.label",
    "CourseSection.sourcedId",
    "CourseSection.longDescription",
    "CourseSection.timeFrame.begin",
    "CourseSection.timeFrame.end",
    "ResourceLink.id",
    "ResourceLink.title",
    "ResourceLink.description",
    "User.id",
    "User.username",
    "Person.name.full",
    "Person.name.given",
    "Person.name.family",
    "Person.email.primary",
    "Person.sourcedId",
    "Person.name.middle",
    "Person.address.street1",
    "Person.address.locality",
    "Person.address.country",
    "Person.address.timezone",
    "Person.phone.primary",
    "Person.phone.mobile",
    "Person.webaddress",
    "Membership.role",
    "Result.sourcedId",
    "Result.autocreate",
    "BasicOutcome.sourcedId",
    "BasicOutcome.url",
    "Moodle.Person.userGroupIds",
)


def platform_configuration(urls: SiteUrls, site: seed.Site) -> dict[str, object]:
    """The configuration document, key for key; Moodle serves it with or without a token."""
    return {
        "issuer": urls.issuer,
        "token_endpoint": urls.token,
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "jwks_uri": urls.jwks,
        "authorization_endpoint": urls.auth,
        "registration_endpoint": urls.registration,
        "scopes_supported": list(SCOPES_SUPPORTED),
        "response_types_supported": ["id_token"],
        "subject_types_supported": ["public", "pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub", "iss", "name", "given_name", "family_name", "email"],
        PLATFORM_CONFIGURATION: {
            "product_family_code": "moodle",
            "version": site.release,
            "messages_supported": [
                {"type": claims.RESOURCE_LINK_REQUEST},
                {"type": claims.DEEP_LINKING_REQUEST, "placements": ["ContentArea"]},
            ],
            "variables": list(VARIABLES),
        },
    }
