"""The rule page: conditions joined by all-of or any-of, a date window, the grade carried; who
qualifies before saving; saving grants at once from the results kept; wrong input explained."""

import pytest
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Award, Person
from tests.conftest import Moodle
from tests.html_forms import csrf_token_of
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential

PAGE = "/teacher/micro-credentials/1/conditions"


class Editing:
    """The demo course synced from its (emulated) Moodle: Sam 85, Ana 64, Bo 42; Sam and Ana
    completed the course."""

    def __init__(self, moodle):
        self.moodle = moodle
        self.teacher = moodle.launch(Moodle.TEACHER)
        assert define_micro_credential(self.teacher).status_code == 302
        assert run_job(self.teacher, "/teacher/sync-moodle")["state"] == "done"

    def post(self, **fields):
        token = csrf_token_of(self.teacher.get(PAGE).get_data(as_text=True))
        return self.teacher.post(PAGE, data={"csrf_token": token, **fields})

    def awarded(self) -> dict[str, str | None]:
        with self.moodle.app.app_context():
            rows = db.session.execute(
                select(Person.name, Award.grade).join(Award, Award.person_id == Person.id)
            )
            return dict(rows.all())


@pytest.fixture
def editing(moodle, http):
    return Editing(moodle)


def test_the_page_offers_the_activities_moodle_named(editing):
    page = editing.teacher.get(PAGE).get_data(as_text=True)
    assert "Who earns “Digital content for the workplace”?" in page
    assert ">Micro-credentials</option>" in page  # the course's LTI activity, from Moodle


def test_who_qualifies_is_shown_before_anything_is_saved(editing):
    answer = editing.post(action="preview", kind_0="final_grade", threshold_0="60")
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert "Who qualifies now" in text
    assert "The final grade 85 % is at least 60 %." in text
    assert "The final grade 42 % is below 60 %." in text
    assert editing.awarded() == {}


def test_saving_any_of_two_conditions_grants_at_once_with_the_grade(editing):
    answer = editing.post(
        action="save",
        combine="any_of",
        kind_0="final_grade",
        threshold_0="80",
        kind_1="course_completed",
        carry_grade="1",
    )
    assert answer.status_code == 302
    assert "Rule saved; 2 awards granted" in editing.teacher.get("/teacher/").get_data(as_text=True)
    assert editing.awarded() == {"Sam Student": "85 %", "Ana Andromeda": None}
    again = editing.teacher.get(PAGE).get_data(as_text=True)
    assert 'value="any_of" checked' in again and 'name="carry_grade" value="1" checked' in again


def test_all_of_with_a_points_threshold_on_the_activity(editing):
    editing.post(
        action="save",
        kind_0="activity_grade",
        item_0="2",
        threshold_0="60",
        unit_0="points",
        kind_1="activity_passed",
        item_1="2",
    )
    assert set(editing.awarded()) == {"Sam Student", "Ana Andromeda"}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "Add at least one condition."),
        ({"kind_0": "final_grade", "threshold_0": "lots"}, "give the grade needed as a number"),
        ({"kind_0": "final_grade", "threshold_0": "120"}, "from 0 to 100"),
        ({"kind_0": "activity_completed", "item_0": "99"}, "Condition 1: choose the activity."),
        ({"kind_0": "weather"}, "Condition 1: choose what it checks."),
        (
            {"kind_0": "course_completed", "starts": "2026-07-01", "ends": "2026-06-01"},
            "ends before it starts",
        ),
        ({"kind_0": "course_completed", "starts": "1 July"}, "YYYY-MM-DD"),
    ],
)
def test_wrong_input_is_explained_and_nothing_saved(editing, fields, message):
    answer = editing.post(action="save", **fields)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    assert editing.awarded() == {}


def test_learners_and_other_courses_cannot_reach_the_rule(editing):
    sam = editing.moodle.launch(4)
    assert sam.get(PAGE).status_code == 403
    assert editing.teacher.get("/teacher/micro-credentials/99/conditions").status_code == 404
