import pytest

from adapters.lti.claims import is_administrator, role_of
from lti_tool.domain.launch import Role

M = "http://purl.imsglobal.org/vocab/lis/v2/membership"


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([f"{M}#Instructor"], Role.TEACHER),
        (["Instructor"], Role.TEACHER),
        ([f"{M}/Instructor#TeachingAssistant"], Role.TEACHER),
        ([f"{M}#ContentDeveloper"], Role.TEACHER),
        ([f"{M}#Learner"], Role.LEARNER),
        (["Learner"], Role.LEARNER),
        (
            [
                "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student",
                f"{M}#Learner",
            ],
            Role.LEARNER,
        ),
        ([f"{M}#Learner", f"{M}#Instructor"], Role.TEACHER),
        (["http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"], Role.ADMIN),
        (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], Role.ADMIN),
        ([f"{M}#Mentor"], Role.OTHER),
        ([], Role.OTHER),
    ],
)
def test_lti_roles_lead_to_the_right_pages(roles, expected):
    assert role_of(roles) == expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], True),
        (["http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"], True),
        ([f"{M}#Administrator"], False),  # a course administrator teaches; no site rights
        ([f"{M}#Instructor"], False),
    ],
)
def test_site_administrators_are_recognised(roles, expected):
    assert is_administrator(roles) is expected
