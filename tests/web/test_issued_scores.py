"""Issuing a credential shows in the course's gradebook column for the micro-credential."""

import re

import responses

from tests.conftest import Moodle, route_to_app
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form, submit


def course_with_granted_awards(moodle):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    run_job(teacher, "/teacher/sync")


def gradebook_column(moodle, tag="micro-credential-1"):
    return moodle.platform.gradebook.add_line_item(
        {"label": "Digital content for the workplace", "scoreMaximum": 100, "tag": tag}
    )


def test_a_claimed_credential_is_scored_complete_in_its_column(moodle, http):
    column = gradebook_column(moodle)
    course_with_granted_awards(moodle)
    claimed, _ = submit(moodle.launch(4), "/learner/", "/claim")
    assert claimed.status_code == 302
    (grade,) = moodle.platform.gradebook.results(column.id)
    assert (grade.user_id, grade.score, grade.comment) == (4, 100.0, "Micro-credential issued")


def test_without_a_column_nothing_is_posted_and_the_claim_works(moodle, http):
    gradebook_column(moodle, tag="something-else")
    course_with_granted_awards(moodle)
    claimed, _ = submit(moodle.launch(4), "/learner/", "/claim")
    assert claimed.status_code == 302
    assert not [call for call in http.calls if call.request.url.split("?")[0].endswith("/scores")]


def test_a_platform_failing_on_the_score_does_not_cost_the_learner_the_credential(moodle, http):
    gradebook_column(moodle)
    course_with_granted_awards(moodle)
    http.reset()
    http.add(responses.POST, re.compile(r".*/lineitem/scores.*"), status=500)
    route_to_app(http, moodle.app)
    sam = moodle.launch(4)
    claimed, claim_url = submit(sam, "/learner/", "/claim")
    assert claimed.status_code == 302
    assert sam.get(claim_url.replace("/claim", "/credential.json")).status_code == 200
