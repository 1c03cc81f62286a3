"""Claim URIs, scopes and media types the emulated Moodle speaks, named once.

The emulator is another system than the tool, so it keeps its own copy of these names rather than
importing the tool's (`adapters/lti/claims.py`).
"""

# https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
TARGET_LINK_URI = LTI + "target_link_uri"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
RESOURCE_LINK = LTI + "resource_link"
# https://www.imsglobal.org/spec/lti/v1p3/#optional-message-claims
LIS = LTI + "lis"
EXT = LTI + "ext"
CUSTOM = LTI + "custom"
LAUNCH_PRESENTATION = LTI + "launch_presentation"
TOOL_PLATFORM = LTI + "tool_platform"
# https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim: the LTI 1.1 user id,
# which Canvas and Brightspace add to their launches.
LTI11_LEGACY_USER_ID = LTI + "lti11_legacy_user_id"
# Canvas's own claim naming where in Canvas the tool was placed (null for a plain link).
INSTRUCTURE_PLACEMENT = "https://www.instructure.com/placement"
# LTI 1.1 Basic Outcomes, which Moodle still sends with LTI 1.3 launches.
# https://www.imsglobal.org/spec/lti-bo/v1p1/
BASIC_OUTCOME = "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome"
# https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-claim
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
# https://www.imsglobal.org/spec/lti-nrps/v2p0/#lti-1-3-integration
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
LTI_VERSION = "1.3.0"

# https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
DEEP_LINKING_SETTINGS = DL + "deep_linking_settings"
# https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"
CONTENT_ITEMS = DL + "content_items"
DL_DATA = DL + "data"
DL_MSG = DL + "msg"
DL_ERRORMSG = DL + "errormsg"
# https://www.imsglobal.org/spec/lti-dl/v2p0/#lti-resource-link
RESOURCE_LINK_ITEM = "ltiResourceLink"

# https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies: context roles (and, after
# "membership/<principal>", their sub-roles), institution roles and system roles.
LIS_V2 = "http://purl.imsglobal.org/vocab/lis/v2/"
MEMBERSHIP_ROLE = LIS_V2 + "membership#"
MEMBERSHIP_SUB_ROLE = LIS_V2 + "membership/"
INSTITUTION_ROLE = LIS_V2 + "institution/person#"
SYSTEM_ROLE = LIS_V2 + "system/person#"
INSTITUTION_ADMINISTRATOR = INSTITUTION_ROLE + "Administrator"
SYSTEM_ADMINISTRATOR = SYSTEM_ROLE + "Administrator"
# https://www.imsglobal.org/spec/lti/v1p3/#context-type-vocabulary
COURSE_OFFERING = LIS_V2 + "course#CourseOffering"

# https://www.imsglobal.org/spec/lti-ags/v2p0/#scopes-and-allowed-http-methods
SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
AGS_SCOPES = (SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_RESULT_READONLY, SCOPE_SCORE)
# https://www.imsglobal.org/spec/lti-nrps/v2p0/#scope-and-service-security
SCOPE_MEMBERSHIPS_READONLY = (
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
)

# https://www.imsglobal.org/spec/lti-ags/v2p0/#media-types-and-schemas
LINEITEM_CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
RESULT_CONTAINER_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE_CONTAINER_TYPE = "application/vnd.ims.lis.v1.scorecontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
# https://www.imsglobal.org/spec/lti-nrps/v2p0/#media-type-and-schemas
MEMBERSHIP_CONTAINER_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

# RFC 7523 section 2.2: a JWT as client authentication.
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
