import pytest

from adapters.lti.claims import is_administrator, role_of
from lti_tool.domain.launch import Role

M = "http://purl.imsglobal.org/vocab/lis/v2/membership"
INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"


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
        # LTI 1.3 Core A.2.3.1: Learner#Instructor is a learner's sub-role, not a teacher's.
        ([f"{M}/Learner#Instructor"], Role.LEARNER),
        ([f"{M}#Learner", f"{M}/Learner#Instructor"], Role.LEARNER),
        ([f"{M}/Learner#NonCreditLearner"], Role.LEARNER),
        ([f"{M}/Instructor#Lecturer"], Role.TEACHER),
        ([f"{M}/Instructor#Grader"], Role.TEACHER),
        ([f"{M}/ContentDeveloper#Librarian"], Role.TEACHER),
        ([f"{M}/Administrator#Support"], Role.TEACHER),
        ([f"{M}/Mentor#Tutor"], Role.OTHER),
        # Canvas long spelt the TA's principal role in lower case.
        ([f"{M}/instructor#TeachingAssistant"], Role.TEACHER),
    ],
)
def test_a_sub_role_counts_as_its_principal_role(roles, expected):
    assert role_of(roles) == expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([f"{INSTITUTION}Student", f"{M}#Learner", f"{SYSTEM}User"], Role.LEARNER),
        ([f"{INSTITUTION}Instructor", f"{M}#Instructor", f"{SYSTEM}User"], Role.TEACHER),
        # A teacher elsewhere who takes this course learns in it: the course role decides.
        ([f"{INSTITUTION}Instructor", f"{M}#Learner", f"{SYSTEM}User"], Role.LEARNER),
        ([f"{INSTITUTION}Student", f"{M}#Instructor"], Role.TEACHER),
        ([f"{INSTITUTION}Administrator", f"{SYSTEM}SysAdmin", f"{SYSTEM}User"], Role.ADMIN),
        ([f"{SYSTEM}SysAdmin", f"{SYSTEM}User"], Role.ADMIN),
        ([f"{INSTITUTION}Instructor"], Role.OTHER),
        ([f"{SYSTEM}User"], Role.OTHER),
        ([f"{INSTITUTION}Staff", "urn:d2l:role:advisor"], Role.OTHER),
    ],
)
def test_institution_and_system_roles_do_not_outrank_the_course_role(roles, expected):
    assert role_of(roles) == expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], True),
        (["http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"], True),
        ([f"{M}#Administrator"], False),  # a course administrator teaches; no site rights
        ([f"{M}#Instructor"], False),
        ([f"{SYSTEM}SysAdmin", f"{SYSTEM}User"], True),  # a Canvas site administrator
        ([f"{SYSTEM}User"], False),
    ],
)
def test_site_administrators_are_recognised(roles, expected):
    assert is_administrator(roles) is expected
