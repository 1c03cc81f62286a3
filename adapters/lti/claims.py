"""LTI claim URIs and role vocabularies, named once (LTI 1.3 Core, AGS, NRPS).

https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
"""

from collections.abc import Iterable

from lti_tool.domain.launch import Role

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
RESOURCE_LINK = LTI + "resource_link"
LAUNCH_PRESENTATION = LTI + "launch_presentation"
# https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-claim
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
# https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-request-message
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
# https://www.imsglobal.org/spec/lti-nrps/v2p0#lti-1-3-integration
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS_SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
AGS_SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
AGS_SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
AGS_SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
# https://www.imsglobal.org/spec/lti-nrps/v2p0#access-token-management
NRPS_SCOPE_MEMBERSHIP_READONLY = (
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
)

# https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies — context roles may come as full
# URIs (…/membership#Instructor), sub-roles (…/membership/Instructor#TeachingAssistant), or the
# short form Moodle's NRPS uses and Brightspace adds ("Instructor").
_MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
_INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
_SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"
_TEACHING_ROLES = {"Instructor", "ContentDeveloper", "TeachingAssistant", "Administrator"}
_LEARNING_ROLES = {"Learner", "Student"}
_PRINCIPAL_ROLES = {name.lower(): name for name in _TEACHING_ROLES | _LEARNING_ROLES}
# Administrators of the whole platform: the core system role, SysAdmin (the system role Canvas
# gives its site administrators) and the institution's Administrator (Moodle sends both core
# ones, Canvas the institution's to account administrators).
_ADMINISTRATOR_ROLES = {
    _SYSTEM + "Administrator",
    _SYSTEM + "SysAdmin",
    _INSTITUTION + "Administrator",
}


def role_of(lti_roles: Iterable[str]) -> Role:
    """The part of the tool a person with these LTI roles may use; the highest role wins.

    Context roles decide: a course administrator or teaching assistant teaches, a learner
    learns. System or institution administrators without a course role reach the admin pages.
    """
    roles = [str(role) for role in lti_roles]
    context_roles = {_context_role_name(role) for role in roles} - {None}
    if context_roles & _TEACHING_ROLES:
        return Role.TEACHER
    if context_roles & _LEARNING_ROLES:
        return Role.LEARNER
    if is_administrator(roles):
        return Role.ADMIN
    return Role.OTHER


def is_administrator(lti_roles: Iterable[str]) -> bool:
    """Whether the roles include an administrator of the whole platform (a system or
    institution one), as opposed to a course's administrator, who teaches."""
    return any(str(role) in _ADMINISTRATOR_ROLES for role in lti_roles)


def _context_role_name(role: str) -> str | None:
    """The context role a role URI or short name stands for, None for other kinds of role.

    A sub-role stands for its principal role, the part before the `#`:
    …/membership/Learner#Instructor is a kind of learner, …/membership/Instructor#Lecturer a
    kind of teacher.
    """
    if role.startswith(_MEMBERSHIP + "#"):
        return role.removeprefix(_MEMBERSHIP + "#")
    if role.startswith(_MEMBERSHIP + "/"):
        principal = role.removeprefix(_MEMBERSHIP + "/").split("#", 1)[0]
        # Canvas long spelt a principal in lower case (…/membership/instructor#TeachingAssistant).
        return _PRINCIPAL_ROLES.get(principal.lower(), principal)
    if "/" not in role and "#" not in role:
        return role
    return None
