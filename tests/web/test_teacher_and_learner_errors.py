"""Teachers and learners who send something wrong are told what, and nothing is half-saved."""

import re

import responses

from tests.conftest import Moodle, route_to_app
from tests.html_forms import forms_of
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form


def test_an_incomplete_definition_is_refused_field_by_field(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = define_micro_credential(teacher, title="", ects="75", learning_outcomes="")
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Some fields need your attention" in page
    assert page.count("invalid-feedback") >= 3
    assert "No micro-credential is defined" in teacher.get("/teacher/").get_data(as_text=True)


def test_a_pass_mark_outside_0_to_100_is_refused(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    answer = post_form(
        teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="120"
    )
    assert answer.status_code == 400
    assert "is-invalid" in answer.get_data(as_text=True)
    assert "No rule yet" in answer.get_data(as_text=True)


def test_a_rule_for_a_micro_credential_of_no_course_of_yours_is_a_404(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = post_form(
        teacher, "/teacher/", "/teacher/micro-credentials/999/rule", threshold_percent="50"
    )
    assert answer.status_code == 404
    assert "does not exist in this course" in answer.get_data(as_text=True)


def test_a_platform_that_fails_during_sync_gets_a_clear_502_and_nothing_is_kept(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="50")
    failing = re.compile(r"http://tool\.test/demo-platform/mod/lti/services\.php/.*/results.*")
    http.reset()
    http.add(responses.GET, failing, status=500, body="<html>Moodle exploded</html>")
    route_to_app(http, moodle.app)
    job = run_job(teacher, "/teacher/sync")
    assert job["state"] == "failed"
    assert "did not return the results" in job["message"]
    assert "did not return the results" in teacher.get(f"/teacher/jobs/{job['id']}").get_data(
        as_text=True
    )
    assert "0 granted" in teacher.get("/teacher/").get_data(as_text=True)


def test_a_learner_cannot_claim_or_download_someone_elses_award(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    run_job(teacher, "/teacher/sync")
    sam = moodle.launch(4)
    page = sam.get("/learner/").get_data(as_text=True)
    claim_url = next(f.action for f in forms_of(page) if f.action.endswith("/claim"))
    download_url = claim_url.replace("/claim", "/credential.json")
    assert sam.get(download_url).status_code == 404  # not claimed yet
    bo = moodle.launch(6)
    assert post_form(bo, "/verify", claim_url).status_code == 404
    assert bo.get(download_url).status_code == 404
