"""Results from Moodle's web services: an administrator connects the platform with a token
(checked with Moodle, stored sealed), a teacher syncs, awards follow; Moodle's refusals reach
the administrator and the teacher with what to do. Moodle answers as the 5.1 captures show."""

import json

import pytest
import responses
from responses import matchers
from sqlalchemy import select

from lti_tool.domain.results import ResultSource
from lti_tool.domain.rules import AllOf, CourseCompleted, Rule
from lti_tool.extensions import db
from lti_tool.models import Award, AwardRule, CompletionRow, Person, Platform
from lti_tool.models import Result as ResultRow
from tests.adapters.lms.support import capture
from tests.conftest import Moodle
from tests.jobs import counts_of, run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form

SITE = "https://moodle.school.test"
ENDPOINT = f"{SITE}/webservice/rest/server.php"
TOKEN = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"


def _answers(mock: responses.RequestsMock, name: str, **params: str) -> None:
    """Moodle answers the call with these params as the capture `name` shows."""
    body = capture(name)["response"]["body"]
    wanted = {"wstoken": TOKEN, **params}
    mock.get(ENDPOINT, json=body, match=[matchers.query_param_matcher(wanted, strict_match=False)])


def _moodle_course(mock: responses.RequestsMock) -> None:
    """VET-101 (course 2) as captured: Sam (4) completed it, Sally (5) not yet."""
    function = "wsfunction"
    _answers(mock, "22-ws-grade-items.json", **{function: "gradereport_user_get_grade_items"})
    _answers(mock, "23-ws-enrolled-users.json", **{function: "core_enrol_get_enrolled_users"})
    for user, name in (
        ("4", "20-ws-course-completion-complete.json"),
        ("5", "20b-ws-course-completion-incomplete.json"),
    ):
        _answers(
            mock, name, userid=user, **{function: "core_completion_get_course_completion_status"}
        )
        _answers(
            mock,
            "21-ws-activities-completion.json",
            userid=user,
            **{function: "core_completion_get_activities_completion_status"},
        )


class Connected:
    """The demo course with a micro-credential awarded on course completion."""

    def __init__(self, moodle):
        self.moodle = moodle
        self.teacher = moodle.launch(Moodle.TEACHER)
        assert define_micro_credential(self.teacher).status_code == 302
        with moodle.app.app_context():
            rule = AwardRule(micro_credential_id=1)
            rule.set_domain(Rule(AllOf((CourseCompleted(),))))
            db.session.add(rule)
            platform = db.session.scalars(select(Platform)).one()
            self.issuer, self.client_id = platform.issuer, platform.client_id
            db.session.commit()

    def connect(self, token: str = TOKEN):
        args = [
            "lti",
            "platform",
            "moodle-token",
            "--issuer",
            self.issuer,
            "--client-id",
            self.client_id,
            "--site-url",
            SITE,
        ]
        return self.moodle.app.test_cli_runner().invoke(args=args, input=f"{token}\n")

    def sync(self) -> dict:
        return run_job(self.teacher, "/teacher/sync-moodle")

    def stored_token(self) -> str | None:
        with self.moodle.app.app_context():
            return db.session.scalars(select(Platform.moodle_token_sealed)).one()

    def disconnect(self) -> None:
        with self.moodle.app.app_context():
            db.session.scalars(select(Platform)).one().moodle_token_sealed = None
            db.session.commit()

    def awarded(self) -> set[str]:
        with self.moodle.app.app_context():
            return set(
                db.session.scalars(select(Person.name).join(Award, Award.person_id == Person.id))
            )


@pytest.fixture
def connected(moodle, http):
    return Connected(moodle)


def test_an_administrator_connects_the_platform_with_a_token_kept_sealed(connected):
    with responses.RequestsMock() as mock:
        _answers(mock, "25-ws-site-info.json", wsfunction="core_webservice_get_site_info")
        result = connected.connect()
    assert result.exit_code == 0, result.output
    assert "Stored: the token reaches" in result.output
    assert TOKEN not in result.output
    with connected.moodle.app.app_context():
        platform = db.session.scalars(select(Platform)).one()
        assert platform.moodle_url == SITE
        assert platform.moodle_token_sealed and TOKEN not in platform.moodle_token_sealed
    assert "Sync from Moodle" in connected.teacher.get("/teacher/").get_data(as_text=True)


def test_a_sync_keeps_grades_and_completions_grants_once_and_changes_nothing_twice(connected):
    with responses.RequestsMock() as mock:
        _answers(mock, "25-ws-site-info.json", wsfunction="core_webservice_get_site_info")
        assert connected.connect().exit_code == 0
    with responses.RequestsMock() as mock:
        _moodle_course(mock)
        job = connected.sync()
    assert job["state"] == "done" and job["percent"] == 100
    counts = counts_of(job)
    assert (counts["Course members read"], counts["Grades read"]) == (3, 4)
    assert counts["Awards granted"] == 1
    assert connected.awarded() == {"Sam Student"}
    with connected.moodle.app.app_context():
        sources = set(db.session.scalars(select(ResultRow.source)))
        completions = db.session.scalars(select(CompletionRow)).all()
    assert sources == {ResultSource.MOODLE.value}
    assert {(row.item, row.completed) for row in completions} >= {("course", True)}

    with responses.RequestsMock() as mock:
        _moodle_course(mock)
        again = counts_of(connected.sync())
    assert again["New or changed results"] == 0 and again["Awards granted"] == 0
    assert connected.awarded() == {"Sam Student"}


def test_a_token_moodle_refuses_is_not_stored_and_the_administrator_is_told_what_to_do(
    connected,
):
    before = connected.stored_token()  # the demo's connection to its own platform
    with responses.RequestsMock() as mock:
        mock.get(ENDPOINT, json=capture("26-ws-error-invalid-token.json")["response"]["body"])
        result = connected.connect("wrong")
    assert result.exit_code == 1
    assert "Create a new token" in result.output
    assert connected.stored_token() == before
    empty = connected.connect("   ")
    assert empty.exit_code == 1 and "The token is empty" in empty.output


def test_a_sync_before_connecting_or_with_a_revoked_token_explains_itself(connected):
    connected.disconnect()
    assert "Sync from Moodle" not in connected.teacher.get("/teacher/").get_data(as_text=True)
    answer = post_form(connected.teacher, "/teacher/", "/teacher/sync-moodle")
    assert answer.status_code == 409
    assert "flask lti platform moodle-token" in answer.get_data(as_text=True)

    with responses.RequestsMock() as mock:
        _answers(mock, "25-ws-site-info.json", wsfunction="core_webservice_get_site_info")
        connected.connect()
    with responses.RequestsMock() as mock:
        mock.get(ENDPOINT, json=capture("26-ws-error-invalid-token.json")["response"]["body"])
        job = connected.sync()
    assert job["state"] == "failed"
    text = connected.teacher.get(f"/teacher/jobs/{job['id']}").get_data(as_text=True)
    assert "Moodle refused the web service token" in text and TOKEN not in text
    assert TOKEN not in job["message"]
    assert connected.awarded() == set()


def test_learners_cannot_sync(connected):
    sam = connected.moodle.launch(4)
    assert post_form(sam, "/verify", "/teacher/sync-moodle").status_code == 403


def test_the_stored_decision_inputs_round_trip_as_json(connected):
    with connected.moodle.app.app_context():
        stored = db.session.scalars(select(AwardRule.condition)).one()
    assert json.loads(json.dumps(stored)) == {
        "type": "all_of",
        "conditions": [{"type": "course_completed"}],
    }


def test_the_demo_platform_is_connected_and_a_sync_from_it_grants_course_completers(connected):
    """End to end with the emulated Moodle and its development token, as `make run` has it:
    Sam (85) and Ana (64) pass the course, Bo (42) does not."""
    assert "Sync from Moodle" in connected.teacher.get("/teacher/").get_data(as_text=True)
    assert counts_of(connected.sync())["Awards granted"] == 2
    assert connected.awarded() == {"Sam Student", "Ana Andromeda"}
    assert counts_of(connected.sync())["Awards granted"] == 0


def test_a_learner_moodle_fails_on_is_listed_and_the_others_are_kept(connected):
    """Sally's completion call fails (her record is gone from Moodle since the member list was
    read): the job names her, keeps Sam's results and grants his award."""
    with responses.RequestsMock() as mock:
        _answers(mock, "25-ws-site-info.json", wsfunction="core_webservice_get_site_info")
        connected.connect()
    missing = capture("26d-ws-error-course-not-found.json")["response"]["body"]
    function = "wsfunction"
    with responses.RequestsMock() as mock:
        _answers(mock, "22-ws-grade-items.json", **{function: "gradereport_user_get_grade_items"})
        _answers(mock, "23-ws-enrolled-users.json", **{function: "core_enrol_get_enrolled_users"})
        completion = "core_completion_get_course_completion_status"
        _answers(mock, "20-ws-course-completion-complete.json", userid="4", wsfunction=completion)
        _answers(
            mock,
            "21-ws-activities-completion.json",
            userid="4",
            wsfunction="core_completion_get_activities_completion_status",
        )
        mock.get(
            ENDPOINT,
            json=missing,
            match=[matchers.query_param_matcher({"userid": "5"}, strict_match=False)],
        )
        job = connected.sync()
    assert (job["state"], job["done"], job["failed"]) == ("done", 1, 1)
    (error,) = job["errors"]
    assert error["learner"] == "Sally Student" and "could not find a record" in error["message"]
    page = connected.teacher.get(f"/teacher/jobs/{job['id']}").get_data(as_text=True)
    assert "Learners the job could not finish" in page and "Sally Student" in page
    assert connected.awarded() == {"Sam Student"}
