"""The shapes of other platforms' id_tokens the emulated Moodle can sign instead of its own:
Canvas's and Brightspace's roles and claims, and the ways of writing `aud`.

launch_claims.py builds Moodle's payload; `shaped` rewrites only the claims PlatformShape lists.
"""

import enum
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import cast

from lti_tool.demo_platform import claims, seed
from lti_tool.demo_platform.site import SiteUrls, ToolRegistration


class PlatformShape(enum.Enum):
    """Whose id_tokens the emulator signs. Every shape keeps Moodle's services, links and
    names; the other platforms change only the claims listed here.

    MOODLE: Moodle 5.1, as captured (tests/vectors/moodle-5.1/03-id-token-*.json): `aud` is
    the client id, roles are membership#Instructor or #Learner, and a site administrator
    also has the institution and system Administrator roles.

    CANVAS: as Canvas signs them (id_tokens of a Canvas 2025 site captured in
    github.com/alt-cs-lab/lti-toolkit, docs/content/02-lti/02-lti13-tool/index.md; roles
    from canvas-lms lib/lti/substitutions_helper.rb, LIS_V2_LTI_ADVANTAGE_ROLE_MAP, sorted as
    Canvas sorts them): `aud` the client id and `azp` naming it again; institution and
    system#User roles beside the course role (a TA is membership#Instructor plus the sub-role
    membership/Instructor#TeachingAssistant, an account administrator outside the course
    only institution#Administrator, system#SysAdmin and system#User, an observer
    membership#Mentor); a UUID `sub`; `lti11_legacy_user_id`; Canvas's own
    `https://www.instructure.com/placement` (null); `locale` both in `launch_presentation`
    and as the OpenID claim.

    BRIGHTSPACE: after D2L Brightspace (the sample 1.3 request of D2L's "Security settings for
    LTI Advantage (1.3)", community.d2l.com/brightspace/kb/articles/23764; its role and org
    unit mapping, articles 23663 and 6055: each site maps its own roles, custom ones
    included, to IMS roles or to none, and its LTI 1.1 launches send a role's short name
    beside the full one): a `sub` of a UUID and the user id ("<uuid>_<id>"), repeated as
    `lti11_legacy_user_id`; a `custom` claim with the activity's own parameters and D2L's
    `user_id` left as its unexpanded substitution variable, as in the sample; a context of
    type CourseOffering (Brightspace sends no CourseSection) without the optional `label`;
    no `name`, only `given_name` and `family_name`; a `lis` claim with the person's and the
    course's sourcedids; roles with short names ("Learner") beside full URIs, a TA's sub-role
    without its principal role, institution#Staff, and a role outside the IMS vocabularies
    ("urn:d2l:role:advisor", made up: a site's own role mapped to no IMS role).

    The `sub` of Canvas and Brightspace shapes is not the Moodle user id that the emulator's
    NRPS and AGS answers carry: those shapes are for launches, not for result syncs.
    """

    MOODLE = "moodle"
    CANVAS = "canvas"
    BRIGHTSPACE = "brightspace"


class CourseRole(enum.Enum):
    """Who someone is in the course; each platform shape spells it as its own roles."""

    LEARNER = "learner"
    TEACHER = "teacher"
    TEACHING_ASSISTANT = "teaching assistant"
    CONTENT_DEVELOPER = "content developer"  # Canvas's designer, a Brightspace course builder
    ADMINISTRATOR = "administrator"  # an LMS administrator not enrolled in the course
    TEACHING_ADMINISTRATOR = "teaching administrator"  # an LMS administrator who teaches it
    OTHER = "other"  # only roles with no teaching or learning part: observer, staff, custom


class Audience(enum.Enum):
    """How the id_token names its audience. OpenID Connect Core 1.0 §2 lets `aud` be one
    string or an array, with `azp` naming the client when there are several; the LTI
    Security Framework §5.1.3 has tools accept both (Blackboard's developer docs warn that
    its `aud` "could be an array or a single entry")."""

    CLIENT = "client"  # "aud": "<client id>" (Moodle, Brightspace)
    CLIENT_AND_AZP = "client and azp"  # "aud" and "azp": "<client id>" (Canvas)
    LIST_WITH_AZP = "list with azp"  # "aud": ["<client id>", OTHER_AUDIENCE], "azp"
    LIST = "list"  # "aud": ["<client id>"], no azp


OTHER_AUDIENCE = "https://platform-services.example/"  # the second audience of LIST_WITH_AZP


@dataclass(frozen=True)
class LaunchShape:
    """The shape of the emulator's id_tokens: whose claims (`platform`), how `aud` is
    written (`audience`; None: as that platform writes it) and who is what in the course
    (`course_roles`: person id -> CourseRole; everyone else by their seeded role, the site
    administrator as that platform's administrator).

    Raises ValueError for a course role the platform has no roles for (Moodle sends only
    Instructor or Learner, and makes its site administrators Instructors too).
    """

    platform: PlatformShape = PlatformShape.MOODLE
    audience: Audience | None = None
    course_roles: Mapping[int, CourseRole] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "course_roles", MappingProxyType(dict(self.course_roles)))
        missing = [role for role in self.course_roles.values() if role not in self._roles]
        if missing:
            raise ValueError(f"{self.platform.value} sends no roles for {missing[0].value}")

    def roles_of(self, person: seed.Person) -> list[str]:
        """The LTI roles this platform sends for `person`."""
        return list(self._roles[self.course_roles.get(person.id) or self._seeded(person)])

    @property
    def _roles(self) -> Mapping[CourseRole, tuple[str, ...]]:
        return _ROLES[self.platform]

    def _seeded(self, person: seed.Person) -> CourseRole:
        if person.is_site_admin:
            if self.platform is PlatformShape.MOODLE:
                return CourseRole.TEACHING_ADMINISTRATOR
            return CourseRole.ADMINISTRATOR
        return CourseRole.TEACHER if person.role == "Instructor" else CourseRole.LEARNER


MOODLE = LaunchShape()
_M, _I, _S = claims.MEMBERSHIP_ROLE, claims.INSTITUTION_ROLE, claims.SYSTEM_ROLE
_ROLES: dict[PlatformShape, dict[CourseRole, tuple[str, ...]]] = {
    PlatformShape.MOODLE: {  # lti_get_ims_role, then the LTI 1.3 names of locallib.php
        CourseRole.LEARNER: (_M + "Learner",),
        CourseRole.TEACHER: (_M + "Instructor",),
        CourseRole.TEACHING_ADMINISTRATOR: (
            claims.INSTITUTION_ADMINISTRATOR,
            _M + "Instructor",
            claims.SYSTEM_ADMINISTRATOR,
        ),
    },
    PlatformShape.CANVAS: {
        CourseRole.LEARNER: (_I + "Student", _M + "Learner", _S + "User"),
        CourseRole.TEACHER: (_I + "Instructor", _M + "Instructor", _S + "User"),
        CourseRole.TEACHING_ASSISTANT: (
            _I + "Instructor",
            _M + "Instructor",
            claims.MEMBERSHIP_SUB_ROLE + "Instructor#TeachingAssistant",
            _S + "User",
        ),
        CourseRole.CONTENT_DEVELOPER: (_I + "Instructor", _M + "ContentDeveloper", _S + "User"),
        CourseRole.ADMINISTRATOR: (_I + "Administrator", _S + "SysAdmin", _S + "User"),
        CourseRole.TEACHING_ADMINISTRATOR: (
            _I + "Administrator",
            _I + "Instructor",
            _M + "Instructor",
            _S + "SysAdmin",
            _S + "User",
        ),
        CourseRole.OTHER: (_M + "Mentor", _S + "User"),
    },
    PlatformShape.BRIGHTSPACE: {
        CourseRole.LEARNER: (_M + "Learner", "Learner", _I + "Student"),
        CourseRole.TEACHER: (_M + "Instructor", "Instructor", _I + "Instructor"),
        # The sub-role alone: LTI 1.3 only recommends sending its principal role with it.
        CourseRole.TEACHING_ASSISTANT: (
            claims.MEMBERSHIP_SUB_ROLE + "Instructor#TeachingAssistant",
        ),
        CourseRole.CONTENT_DEVELOPER: (_M + "ContentDeveloper", "ContentDeveloper", _I + "Staff"),
        CourseRole.ADMINISTRATOR: (_I + "Administrator",),
        CourseRole.TEACHING_ADMINISTRATOR: (_M + "Instructor", "Instructor", _I + "Administrator"),
        CourseRole.OTHER: (_I + "Staff", "urn:d2l:role:advisor"),
    },
}
_AUDIENCES = {
    PlatformShape.MOODLE: Audience.CLIENT,
    PlatformShape.CANVAS: Audience.CLIENT_AND_AZP,
    PlatformShape.BRIGHTSPACE: Audience.CLIENT,
}
CANVAS_LOCALE = "en-GB"


def shaped(
    payload: dict[str, object],
    person: seed.Person,
    *,
    shape: LaunchShape,
    urls: SiteUrls,
    tool: ToolRegistration,
    custom: Mapping[str, str],
) -> dict[str, object]:
    """Moodle's `payload` with the audience and the claims `shape`'s platform writes its own
    way (see PlatformShape); `custom` holds the activity's own custom parameters."""
    reshaped = {**payload, **_audience(shape.audience or _AUDIENCES[shape.platform], tool)}
    subject = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{urls.issuer}/user/{person.id}"))
    if shape.platform is PlatformShape.CANVAS:
        presentation = cast(Mapping[str, object], payload[claims.LAUNCH_PRESENTATION])
        reshaped |= {
            "sub": subject,
            claims.LAUNCH_PRESENTATION: {**presentation, "locale": CANVAS_LOCALE},
            "locale": CANVAS_LOCALE,
            claims.LTI11_LEGACY_USER_ID: hashlib.sha256(subject.encode()).hexdigest()[:40],
            claims.INSTRUCTURE_PLACEMENT: None,
        }
    elif shape.platform is PlatformShape.BRIGHTSPACE:
        course = seed.COURSE
        del reshaped["name"]
        reshaped |= {
            "sub": f"{subject}_{person.id}",
            claims.LIS: {
                "person_sourcedid": person.username,
                "course_offering_sourcedid": course.shortname,
                "course_section_sourcedid": course.shortname,
            },
            claims.CONTEXT: {
                "id": str(course.id),
                "title": course.fullname,
                "type": [claims.COURSE_OFFERING],
            },
            claims.CUSTOM: {**custom, "user_id": "$User.Id"},
            claims.LTI11_LEGACY_USER_ID: f"{subject}_{person.id}",
        }
    return reshaped


def _audience(audience: Audience, tool: ToolRegistration) -> dict[str, object]:
    client_id = tool.client_id
    return {
        Audience.CLIENT: {"aud": client_id},
        Audience.CLIENT_AND_AZP: {"aud": client_id, "azp": client_id},
        Audience.LIST_WITH_AZP: {"aud": [client_id, OTHER_AUDIENCE], "azp": client_id},
        Audience.LIST: {"aud": [client_id]},
    }[audience]
