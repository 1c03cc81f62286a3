"""The tool launched by other LMSs than Moodle: the emulator signs Canvas's and Brightspace's
roles and claims, and the other ways of writing `aud`, and each lands on the right page."""

import uuid

import pytest
from sqlalchemy import select

from lti_tool.demo_platform.launch_shapes import (
    OTHER_AUDIENCE,
    Audience,
    CourseRole,
    LaunchShape,
    PlatformShape,
)
from lti_tool.extensions import db
from lti_tool.models import Course, Person
from tests.web.test_launch_errors import assert_refused

MOODLE, CANVAS, BRIGHTSPACE = PlatformShape.MOODLE, PlatformShape.CANVAS, PlatformShape.BRIGHTSPACE
ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"
LEARNER = 4
NO_ROLE = "Nothing here for your role"
# The page each role lands on; None: the 403 page saying there is nothing for that role.
LANDINGS = {
    CourseRole.LEARNER: "/learner/",
    CourseRole.TEACHER: "/teacher/",
    CourseRole.TEACHING_ASSISTANT: "/teacher/",
    CourseRole.CONTENT_DEVELOPER: "/teacher/",
    CourseRole.ADMINISTRATOR: "/admin/",
    CourseRole.TEACHING_ADMINISTRATOR: "/teacher/",
    CourseRole.OTHER: None,
}
MOODLE_ROLES = (CourseRole.LEARNER, CourseRole.TEACHER, CourseRole.TEACHING_ADMINISTRATOR)
SHAPES_AND_ROLES = [
    *[(MOODLE, role) for role in MOODLE_ROLES],
    *[(CANVAS, role) for role in CourseRole],
    *[(BRIGHTSPACE, role) for role in CourseRole],
]


def launch_as(moodle, shape: LaunchShape, user_id: int = LEARNER):
    """A browser and the tool's answer to a launch of `user_id` signed in `shape`."""
    moodle.platform.use_shape(shape)
    client = moodle.app.test_client()
    return client, moodle.post_id_token(client, moodle.id_token_form(client, user_id))


@pytest.mark.parametrize(
    ("platform", "course_role"),
    SHAPES_AND_ROLES,
    ids=[f"{platform.value}-{role.value}" for platform, role in SHAPES_AND_ROLES],
)
def test_each_platforms_roles_open_the_page_of_the_role(moodle, http, platform, course_role):
    shape = LaunchShape(platform, course_roles={LEARNER: course_role})
    client, answer = launch_as(moodle, shape)

    landing = LANDINGS[course_role]
    if landing is None:
        assert answer.status_code == 403
        assert NO_ROLE in answer.get_data(as_text=True)
    else:
        assert answer.status_code == 302, answer.get_data(as_text=True)
        assert answer.headers["Location"].endswith(landing)
        assert client.get(landing).status_code == 200


@pytest.mark.parametrize(
    ("platform", "course_role", "opens_admin_pages"),
    [
        (CANVAS, CourseRole.ADMINISTRATOR, True),
        (CANVAS, CourseRole.TEACHING_ADMINISTRATOR, True),
        (BRIGHTSPACE, CourseRole.TEACHING_ADMINISTRATOR, True),
        (CANVAS, CourseRole.TEACHER, False),
        (CANVAS, CourseRole.TEACHING_ASSISTANT, False),
        (BRIGHTSPACE, CourseRole.CONTENT_DEVELOPER, False),
    ],
)
def test_only_platform_administrators_also_open_the_admin_pages(
    moodle, http, platform, course_role, opens_admin_pages
):
    client, answer = launch_as(moodle, LaunchShape(platform, course_roles={LEARNER: course_role}))

    assert answer.status_code == 302
    assert (client.get("/admin/").status_code == 200) is opens_admin_pages


def test_an_lms_administrator_outside_the_course_cannot_open_the_teacher_page(moodle, http):
    client, _ = launch_as(
        moodle, LaunchShape(CANVAS, course_roles={LEARNER: CourseRole.ADMINISTRATOR})
    )

    assert client.get("/teacher/").status_code == 403


def test_a_brightspace_launch_without_name_or_label_records_the_person_and_course(moodle, http):
    client, answer = launch_as(moodle, LaunchShape(BRIGHTSPACE))

    assert answer.status_code == 302
    assert "VET-101 Vocational Education and Training" in client.get("/learner/").get_data(
        as_text=True
    )
    with moodle.app.app_context():
        person = db.session.scalars(select(Person).where(Person.subject.endswith("_4"))).one()
        course = db.session.scalars(select(Course)).one()
    assert person.name == "Sam Student"  # from given_name and family_name
    uuid.UUID(person.subject.removesuffix("_4"))
    assert (course.label, course.title) == ("", "VET-101 Vocational Education and Training")


def test_canvas_claims_the_tool_does_not_know_do_not_disturb_it(moodle, http):
    """lti11_legacy_user_id, Instructure's placement claim (null), a top-level and a regional
    locale: the launch works, in English, and the person is known by Canvas's UUID."""
    client, answer = launch_as(moodle, LaunchShape(CANVAS))

    assert answer.status_code == 302
    page = client.get("/learner/")
    assert page.status_code == 200
    assert '<html lang="en"' in page.get_data(as_text=True)
    with moodle.app.app_context():
        subjects = db.session.scalars(select(Person.subject)).all()
    assert len(subjects) == 1
    uuid.UUID(subjects[0])


@pytest.mark.parametrize("platform", [CANVAS, BRIGHTSPACE])
@pytest.mark.parametrize("audience", [Audience.LIST_WITH_AZP, Audience.LIST])
def test_an_audience_array_naming_the_tool_is_accepted(moodle, http, platform, audience):
    _, answer = launch_as(moodle, LaunchShape(platform, audience=audience))

    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert answer.headers["Location"].endswith("/learner/")


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"azp": "another-tool"}, "azp claim is not one of its audiences"),
        ({"azp": None}, "several audiences but no azp"),
        # Authorised for the other audience, or meant only for it: not a client of the tool's.
        ({"azp": OTHER_AUDIENCE}, "not registered"),
        ({"aud": [OTHER_AUDIENCE], "azp": None}, "not registered"),
    ],
)
@pytest.mark.parametrize("platform", [CANVAS, BRIGHTSPACE])
def test_an_audience_array_not_meant_for_the_tool_is_refused_saying_why(
    moodle, http, platform, claims, reason
):
    moodle.platform.use_shape(LaunchShape(platform, audience=Audience.LIST_WITH_AZP))
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, LEARNER)
    answer = moodle.post_id_token(client, form, id_token=moodle.resigned(form, **claims))

    assert_refused(answer, reason)
    assert client.get("/learner/").status_code == 403  # and no session came of it


@pytest.mark.parametrize(
    ("roles", "landing"),
    [
        # A learner's sub-role named Instructor (LTI 1.3 Core A.2.3.1) is a learner.
        ([f"{MEMBERSHIP}#Learner", f"{MEMBERSHIP}/Learner#Instructor"], "/learner/"),
        ([f"{MEMBERSHIP}/Instructor#Lecturer"], "/teacher/"),
        # Canvas's site administrators carry the system role SysAdmin.
        ([f"{SYSTEM}SysAdmin", f"{SYSTEM}User"], "/admin/"),
    ],
)
def test_sub_roles_and_sysadmin_open_the_page_of_what_they_are(moodle, http, roles, landing):
    _, answer = moodle.launch_with_claims(LEARNER, **{ROLES: roles})

    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert answer.headers["Location"].endswith(landing)
