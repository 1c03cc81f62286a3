"""The demo Moodle's site, course, activity, people and grades, shared by the demo and the tests."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Site:
    """The Moodle site, as its `tool_platform` claim names it."""

    shortname: str
    fullname: str
    version: str = "2025100600.02"  # Moodle 5.1+ (Build 20251017), as captured
    release: str = "5.1+ (Build: 20251017)"  # $CFG->release, as openid-configuration.php shows


@dataclass(frozen=True)
class Course:
    """A Moodle course: the LTI context."""

    id: int
    shortname: str
    fullname: str


# Moodle's LTI_LAUNCH_CONTAINER_*: how an activity opens, and the document_target it launches with.
EMBED, EMBED_NO_BLOCKS, NEW_WINDOW, REPLACE_MOODLE_WINDOW = 2, 3, 4, 5


@dataclass(frozen=True)
class Activity:
    """An LTI activity: `cmid` is its course module, `instance_id` its resource link id.

    `url` is the launch URL a deep linking content item gave it ("" launches the tool's own
    target link URI), `custom` the custom parameters it adds to its launches, in Moodle's
    spelling, `launch_container` how it opens (one of the constants above), and
    `accepts_grades` whether Moodle takes grades for it (its launches then carry the LTI 1.1
    outcome claim).
    """

    cmid: int
    instance_id: int
    title: str
    description: str
    url: str = ""
    custom: dict[str, str] = field(default_factory=dict)
    launch_container: int = REPLACE_MOODLE_WINDOW
    accepts_grades: bool = True


@dataclass(frozen=True)
class Person:
    """A Moodle user enrolled in the course; `role` is the short LIS context role."""

    id: int
    username: str
    given_name: str
    family_name: str
    email: str
    role: str
    is_site_admin: bool = False  # a Moodle site administrator, not enrolled in the course

    @property
    def name(self) -> str:
        """The full name, as Moodle builds it: given name, a space, family name."""
        return f"{self.given_name} {self.family_name}"

    @property
    def is_teacher(self) -> bool:
        """True for the course's instructors, who Moodle does not grade."""
        return self.role == "Instructor" and not self.is_site_admin


SITE = Site(shortname="demo-vet", fullname="Demo Moodle")
COURSE = Course(id=2, shortname="VET-101", fullname="VET-101 Vocational Education and Training")
ACTIVITY = Activity(
    cmid=2,
    instance_id=1,
    title="Micro-credentials",
    description="Earn EU micro-credentials for your results in this course",
)
# The tool type: Moodle uses its id as deployment id and as `type_id` on service URLs. Tools
# registered dynamically get the next ids (2, 3, …).
TYPE_ID = 1
# The tool type's name: the title of a deep linking request made before the activity has a
# name (tests/vectors/moodle-5.1/13-*.json), and of an activity whose content item has none.
TOOL_NAME = "Credential"

TEACHER = Person(3, "teacher1", "Tess", "Teacher", "tess.teacher@demo-vet.example", "Instructor")
LEARNERS = (
    Person(4, "student1", "Sam", "Student", "sam.student@demo-vet.example", "Learner"),
    Person(5, "student2", "Ana", "Andromeda", "ana.andromeda@demo-vet.example", "Learner"),
    Person(6, "student3", "Bo", "Brouwer", "bo.brouwer@demo-vet.example", "Learner"),
)
PEOPLE = (TEACHER, *LEARNERS)
# Moodle's first account: launches with the administrator roles and Instructor in any course.
SITE_ADMIN = Person(
    2, "admin", "Ada", "Admin", "ada.admin@demo-vet.example", "Instructor", is_site_admin=True
)

# The activity's gradebook line item (Moodle's grade item id 3), out of 100.
LINE_ITEM_ID = 3
LINE_ITEM_MAXIMUM = 100
# Learner id -> grade on that line item.
GRADES = {4: 85, 5: 64, 6: 42}

# Pass grades: the activity's column (Moodle's "Grade to pass", which activity completion and
# the Pass/Fail icon of the grade report use) and the course total (the course completion
# criterion "Course grade").
LINE_ITEM_PASS_GRADE = 50
COURSE_PASS_GRADE = 50

# The web service user and its well-known development token (Site administration › Server ›
# Web services › Manage tokens), for the external service the tool needs.
WS_USER = Person(7, "wsuser", "Web", "Service", "wsuser@demo-vet.example", "")
WS_TOKEN = "0123456789abcdef0123456789abcdef"  # noqa: S105 - a public development token
