"""The demo Moodle signing other platforms' launch shapes: Canvas's and Brightspace's roles and
claims, and the other ways of writing `aud`, with everything else left as Moodle signs it."""

import re
import uuid

import jwt
import pytest
from flask.testing import FlaskClient

from lti_tool.demo_platform import DemoMoodle
from lti_tool.demo_platform.launch_shapes import (
    MOODLE,
    OTHER_AUDIENCE,
    Audience,
    CourseRole,
    LaunchShape,
    PlatformShape,
)
from tests.demo_platform.support import ISSUER, TOOL, auth_params, launch_id_token

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLES, CONTEXT, CUSTOM, LIS = LTI + "roles", LTI + "context", LTI + "custom", LTI + "lis"
PRESENTATION, LEGACY_USER_ID = LTI + "launch_presentation", LTI + "lti11_legacy_user_id"
PLACEMENT = "https://www.instructure.com/placement"
M = "http://purl.imsglobal.org/vocab/lis/v2/membership"
INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"
CANVAS, BRIGHTSPACE = PlatformShape.CANVAS, PlatformShape.BRIGHTSPACE
LEARNER = 4


def launch_claims(client: FlaskClient, user_id: int = LEARNER) -> dict:
    """The claims of a launch as `user_id`, checked against the platform's key set."""
    token = launch_id_token(client, user_id)
    keys = jwt.PyJWKSet.from_dict(client.get("/demo-platform/mod/lti/certs.php").get_json())
    return jwt.decode(
        token, keys.keys[0], algorithms=["RS256"], audience=TOOL.client_id, issuer=ISSUER
    )


def test_the_platform_signs_moodles_shape_until_told_otherwise(
    platform: DemoMoodle, client: FlaskClient
):
    default = launch_claims(client)
    platform.use_shape(LaunchShape(PlatformShape.MOODLE))
    explicit = launch_claims(client)

    assert platform.launch_shape == MOODLE
    assert list(explicit) == list(default)
    assert explicit["aud"] == TOOL.client_id and "azp" not in explicit
    assert explicit[ROLES] == [f"{M}#Learner"]
    assert explicit["sub"] == str(LEARNER)


@pytest.mark.parametrize(
    ("course_role", "roles"),
    [
        (CourseRole.LEARNER, [f"{INSTITUTION}Student", f"{M}#Learner", f"{SYSTEM}User"]),
        (CourseRole.TEACHER, [f"{INSTITUTION}Instructor", f"{M}#Instructor", f"{SYSTEM}User"]),
        (
            CourseRole.TEACHING_ASSISTANT,
            [
                f"{INSTITUTION}Instructor",
                f"{M}#Instructor",
                f"{M}/Instructor#TeachingAssistant",
                f"{SYSTEM}User",
            ],
        ),
        (
            CourseRole.ADMINISTRATOR,
            [f"{INSTITUTION}Administrator", f"{SYSTEM}SysAdmin", f"{SYSTEM}User"],
        ),
        (CourseRole.OTHER, [f"{M}#Mentor", f"{SYSTEM}User"]),
    ],
)
def test_canvas_roles_come_with_institution_and_system_roles(
    platform: DemoMoodle, client: FlaskClient, course_role: CourseRole, roles: list[str]
):
    platform.use_shape(LaunchShape(CANVAS, course_roles={LEARNER: course_role}))

    assert launch_claims(client)[ROLES] == roles


def test_canvas_adds_azp_a_uuid_subject_and_its_own_claims_and_changes_nothing_else(
    platform: DemoMoodle, client: FlaskClient
):
    moodle = launch_claims(client)
    platform.use_shape(LaunchShape(CANVAS))
    canvas = launch_claims(client)

    assert canvas["aud"] == canvas["azp"] == TOOL.client_id
    assert str(uuid.UUID(canvas["sub"])) == canvas["sub"]
    assert re.fullmatch(r"[0-9a-f]{40}", canvas[LEGACY_USER_ID])
    assert PLACEMENT in canvas and canvas[PLACEMENT] is None
    assert canvas["locale"] == canvas[PRESENTATION]["locale"] == "en-GB"
    assert set(canvas) - set(moodle) == {"azp", LEGACY_USER_ID, PLACEMENT, "locale"}
    unchanged = set(moodle) - {"sub", ROLES, PRESENTATION, "nonce", "iat", "exp"}
    outcome = "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome"
    for claim in unchanged - {outcome}:  # the outcome's sourcedid has a random launch id
        assert canvas[claim] == moodle[claim], claim


def test_brightspace_leaves_out_name_and_context_label_and_sends_its_own_claims(
    platform: DemoMoodle, client: FlaskClient
):
    platform.use_shape(LaunchShape(BRIGHTSPACE))
    claims = launch_claims(client)

    assert "name" not in claims
    assert (claims["given_name"], claims["family_name"]) == ("Sam", "Student")
    assert claims[CONTEXT] == {
        "id": "2",
        "title": "VET-101 Vocational Education and Training",
        "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
    }
    subject, user_id = claims["sub"].rsplit("_", 1)
    assert str(uuid.UUID(subject)) == subject and user_id == str(LEARNER)
    assert claims[LEGACY_USER_ID] == claims["sub"]
    assert claims[LIS]["person_sourcedid"] == "student1"
    assert claims[CUSTOM] == {"user_id": "$User.Id"}  # Moodle's service URLs are gone
    assert claims[ROLES] == [f"{M}#Learner", "Learner", f"{INSTITUTION}Student"]
    assert claims["aud"] == TOOL.client_id and "azp" not in claims


@pytest.mark.parametrize(
    ("course_role", "roles"),
    [
        (CourseRole.TEACHING_ASSISTANT, [f"{M}/Instructor#TeachingAssistant"]),
        (
            CourseRole.CONTENT_DEVELOPER,
            [f"{M}#ContentDeveloper", "ContentDeveloper", f"{INSTITUTION}Staff"],
        ),
        (CourseRole.OTHER, [f"{INSTITUTION}Staff", "urn:d2l:role:advisor"]),
    ],
)
def test_brightspace_sends_the_roles_its_site_mapped(
    platform: DemoMoodle, client: FlaskClient, course_role: CourseRole, roles: list[str]
):
    platform.use_shape(LaunchShape(BRIGHTSPACE, course_roles={LEARNER: course_role}))

    assert launch_claims(client)[ROLES] == roles


def test_a_person_keeps_their_subject_from_launch_to_launch(
    platform: DemoMoodle, client: FlaskClient
):
    platform.use_shape(LaunchShape(CANVAS))

    assert launch_claims(client)["sub"] == launch_claims(client)["sub"]
    assert launch_claims(client)["sub"] != launch_claims(client, 5)["sub"]


@pytest.mark.parametrize(
    ("audience", "aud", "azp"),
    [
        (Audience.LIST_WITH_AZP, [TOOL.client_id, OTHER_AUDIENCE], TOOL.client_id),
        (Audience.LIST, [TOOL.client_id], None),
        (Audience.CLIENT_AND_AZP, TOOL.client_id, TOOL.client_id),
        (Audience.CLIENT, TOOL.client_id, None),
    ],
)
def test_the_audience_can_be_written_each_way_openid_allows(
    platform: DemoMoodle, client: FlaskClient, audience: Audience, aud: object, azp: str | None
):
    platform.use_shape(LaunchShape(BRIGHTSPACE, audience=audience))
    claims = launch_claims(client)

    assert claims["aud"] == aud
    assert claims.get("azp") == azp


def test_only_the_people_named_change_role(platform: DemoMoodle, client: FlaskClient):
    platform.use_shape(LaunchShape(CANVAS, course_roles={5: CourseRole.TEACHING_ASSISTANT}))

    assert f"{M}#Learner" in launch_claims(client, LEARNER)[ROLES]
    assert launch_claims(client, 3)[ROLES][1] == f"{M}#Instructor"
    assert launch_claims(client, 2)[ROLES] == [  # the site administrator, outside the course
        f"{INSTITUTION}Administrator",
        f"{SYSTEM}SysAdmin",
        f"{SYSTEM}User",
    ]


def test_a_deep_linking_request_takes_the_shape_too(platform: DemoMoodle):
    platform.use_shape(LaunchShape(CANVAS, audience=Audience.LIST_WITH_AZP))
    initiation = platform.deep_linking_initiation(3)
    answer = platform.authenticate(auth_params(initiation))
    key = jwt.PyJWK(platform.jwks()["keys"][0])
    claims = jwt.decode(
        answer.fields["id_token"], key, algorithms=["RS256"], audience=TOOL.client_id
    )

    assert claims[LTI + "message_type"] == "LtiDeepLinkingRequest"
    assert claims["aud"] == [TOOL.client_id, OTHER_AUDIENCE]
    assert claims[ROLES] == [f"{INSTITUTION}Instructor", f"{M}#Instructor", f"{SYSTEM}User"]


def test_moodle_cannot_send_roles_it_has_no_names_for():
    with pytest.raises(ValueError, match="moodle sends no roles for teaching assistant"):
        LaunchShape(course_roles={LEARNER: CourseRole.TEACHING_ASSISTANT})
