"""Importing a grade file: Moodle's export or a mapped CSV, uploaded, mapped and imported whole
or not at all; learners matched by email through the roster or by LMS user id; awards follow."""

import io
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lti_tool.domain.rules import CourseCompleted, GradeAtLeast, Rule
from lti_tool.extensions import db
from lti_tool.models import Award, AwardRule, GradeUpload, Person
from lti_tool.models import Result as ResultRow
from tests.adapters.lms.support import CAPTURES
from tests.conftest import Moodle
from tests.html_forms import csrf_token_of
from tests.web.test_walking_skeleton import define_micro_credential

# Moodle's export as captured, with the demo course's learners' addresses.
MOODLE_EXPORT = (
    (CAPTURES / "40-grade-export-plain-text.csv")
    .read_bytes()
    .replace(b"student1@example.com", b"sam.student@demo-vet.example")
    .replace(b"student2@example.com", b"ana.andromeda@demo-vet.example")
)


class Importing:
    """The demo course, a teacher, and a micro-credential with `rule`."""

    def __init__(self, moodle, rule: Rule):
        self.moodle = moodle
        self.teacher = moodle.launch(Moodle.TEACHER)
        assert define_micro_credential(self.teacher).status_code == 302
        with moodle.app.app_context():
            row = AwardRule(micro_credential_id=1)
            row.set_domain(rule)
            db.session.add(row)
            db.session.commit()

    def token(self) -> str:
        return csrf_token_of(self.teacher.get("/teacher/grades/import").get_data(as_text=True))

    def upload(self, data: bytes, name: str = "grades.csv"):
        return self.teacher.post(
            "/teacher/grades/import",
            data={"csrf_token": self.token(), "grade_file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )

    def mapping_url(self, data: bytes) -> str:
        answer = self.upload(data)
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return answer.headers["Location"]

    def confirm(self, url: str, **fields):
        return self.teacher.post(url, data={"csrf_token": self.token(), **fields})

    def awarded(self) -> set[str]:
        with self.moodle.app.app_context():
            return set(
                db.session.scalars(select(Person.name).join(Award, Award.person_id == Person.id))
            )

    def count(self, model) -> int:
        with self.moodle.app.app_context():
            return db.session.scalar(select(func.count()).select_from(model))


# The export's columns: 0-5 identity, 6 the assignment, 7 the LTI activity, 8 the course total.
MOODLE_CHOICES = {
    "learner_column": "Email address",
    "learner_key": "email",
    "grade_6": "1",
    "max_6": "100",
    "grade_7": "1",
    "max_7": "100",
    "grade_8": "1",
    "max_8": "100",
}


@pytest.fixture
def final_grade(moodle, http):
    return Importing(moodle, Rule(GradeAtLeast(Decimal(50)), carry_grade=True))


def test_a_moodle_export_is_recognised_imported_once_and_grants_awards(final_grade):
    url = final_grade.mapping_url(MOODLE_EXPORT)
    page = final_grade.teacher.get(url).get_data(as_text=True)
    assert "This is Moodle’s grade export" in page
    assert re.search(r'id="grade_8" name="grade_8" value="1" checked', page)
    assert not re.search(r'id="grade_0" name="grade_0" value="1" checked', page)

    answer = final_grade.confirm(url, **MOODLE_CHOICES)
    assert answer.status_code == 302
    shown = final_grade.teacher.get("/teacher/").get_data(as_text=True)
    assert "Imported 4 scores of 2 learners (4 new or changed); granted 2 awards." in shown
    assert final_grade.awarded() == {"Sam Student", "Ana Andromeda"}
    assert final_grade.count(GradeUpload) == 0, "an imported file is not kept"

    again = final_grade.mapping_url(MOODLE_EXPORT)
    final_grade.confirm(again, **MOODLE_CHOICES)
    shown = final_grade.teacher.get("/teacher/").get_data(as_text=True)
    assert "(0 new or changed); granted 0 awards." in shown


def test_a_file_with_a_learner_not_in_the_course_is_not_imported_at_all(final_grade):
    stranger = MOODLE_EXPORT.replace(b"ana.andromeda@demo-vet.example", b"nobody@elsewhere.test")
    url = final_grade.mapping_url(stranger)
    answer = final_grade.confirm(url, **MOODLE_CHOICES)
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "Line 2: no learner of this course has &#39;nobody@elsewhere.test&#39;." in text
    assert final_grade.count(ResultRow) == 0 and final_grade.awarded() == set()


def test_a_faulty_line_or_a_missing_maximum_is_named_and_nothing_is_stored(final_grade):
    faulty = final_grade.upload(MOODLE_EXPORT.replace(b",85.00,-,", b",lots,-,"))
    assert faulty.status_code == 400
    assert "Line 3: the grade" in faulty.get_data(as_text=True)
    url = final_grade.mapping_url(MOODLE_EXPORT)
    no_maximum = final_grade.confirm(url, **{**MOODLE_CHOICES, "max_8": ""})
    assert no_maximum.status_code == 400
    assert "Give the maximum score of “Course total (Real)”." in no_maximum.get_data(as_text=True)
    assert final_grade.count(ResultRow) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not"),
        (b"", "The file is empty."),
    ],
)
def test_a_file_that_is_not_csv_is_refused_at_upload(final_grade, data, message):
    answer = final_grade.upload(data)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    assert final_grade.count(GradeUpload) == 0


def test_learners_matched_by_lms_user_id_with_a_completion_column(moodle, http):
    completing = Importing(moodle, Rule(CourseCompleted()))
    data = b"user,quiz,done\n4,8.5,yes\n5,3,no\n"
    url = completing.mapping_url(data)
    answer = completing.confirm(
        url,
        learner_column="user",
        learner_key="subject",
        grade_1="1",
        max_1="10",
        completed_column="done",
    )
    assert answer.status_code == 302
    assert completing.awarded() == {"Sam Student"}
    rule_page = completing.teacher.get("/teacher/micro-credentials/1/conditions")
    assert ">quiz</option>" in rule_page.get_data(as_text=True), "rules can name the column"


def test_another_courses_upload_and_learners_are_refused(final_grade):
    url = final_grade.mapping_url(MOODLE_EXPORT)
    sam = final_grade.moodle.launch(4)
    assert sam.get(url).status_code == 403
    assert sam.get("/teacher/grades/import").status_code == 403
    missing = url.rsplit("/", 1)[0] + "/999"
    assert final_grade.teacher.get(missing).status_code == 404
