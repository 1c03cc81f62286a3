"""Bulk work as background jobs, run by the app's own worker thread (no Redis) and by RQ workers
on the machine's real Redis: the same tests, both ways. The teacher starts a job, follows its
progress bar, and finds per-learner errors and the outcome on its page."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lti_tool.container import container
from lti_tool.domain.jobs import JobKind
from lti_tool.extensions import db
from lti_tool.models import AuditEvent, Award, IssuedCredential, Job, Person, Platform
from lti_tool.services import jobs
from tests.conftest import Moodle
from tests.jobs import counts_of, follow_job, run_job, settings_for
from tests.web.test_walking_skeleton import define_micro_credential, post_form

HOUR = timedelta(hours=1)


@pytest.fixture(params=["thread", "rq"])
def job_mode(request) -> str:
    return request.param


@pytest.fixture
def settings(settings, job_mode):
    with settings_for(settings, job_mode) as chosen:
        yield chosen


@pytest.fixture
def graded(moodle, http):
    """The demo course with a micro-credential at a pass mark of 60 %, synced from the
    gradebook: Sam (85) and Ana (64) are granted it, Bo (42) is not."""
    teacher = moodle.launch(Moodle.TEACHER)
    assert define_micro_credential(teacher).status_code == 302
    rule = post_form(
        teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60"
    )
    assert rule.status_code == 302
    synced = run_job(teacher, "/teacher/sync")
    assert counts_of(synced)["Awards granted"] == 2
    return teacher


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_teacher_issues_the_granted_cohort_and_follows_its_progress(moodle, graded):
    course_page = graded.get("/teacher/").get_data(as_text=True)
    assert "Issue 2 granted credentials" in course_page

    job = run_job(graded, "/teacher/issue")
    assert (job["state"], job["total"], job["done"], job["failed"]) == ("done", 2, 2, 0)
    assert job["percent"] == 100
    assert counts_of(job) == {"Credentials issued": 2}
    assert count(moodle.app, IssuedCredential) == 2
    with moodle.app.app_context():
        teacher_id = db.session.scalar(select(Person.id).where(Person.subject == "3"))
        actors = db.session.scalars(
            select(AuditEvent.actor_person_id).where(AuditEvent.action == "issued")
        ).all()
    assert actors == [teacher_id, teacher_id]

    page = graded.get(f"/teacher/jobs/{job['id']}").get_data(as_text=True)
    assert "Issue the granted credentials" in page and "Credentials issued" in page
    assert 'data-percent="100"' in page and "js/job-progress.js" in page
    assert "Issue 2 granted" not in graded.get("/teacher/").get_data(as_text=True)

    again = run_job(graded, "/teacher/issue")  # nothing left to issue: nothing changes
    assert (again["state"], again["total"], counts_of(again)) == (
        "done",
        0,
        {"Credentials issued": 0},
    )
    assert count(moodle.app, IssuedCredential) == 2


def test_a_learner_downloads_the_credential_the_job_issued(moodle, graded):
    run_job(graded, "/teacher/issue")
    with moodle.app.app_context():
        sam_id = db.session.scalar(select(Person.id).where(Person.subject == "4"))
        issued = db.session.scalar(
            select(IssuedCredential).join(IssuedCredential.award).where(Award.person_id == sam_id)
        )
        award_id, credential_id = issued.award_id, issued.credential_id
    sam = moodle.launch(4)
    assert "Download the signed credential" in sam.get("/learner/").get_data(as_text=True)
    download = sam.get(f"/learner/awards/{award_id}/credential.json")
    assert download.status_code == 200
    assert download.get_json()["id"] == credential_id


def test_the_course_page_lists_recent_jobs_and_links_to_them(moodle, graded):
    job = run_job(graded, "/teacher/issue")
    page = graded.get("/teacher/").get_data(as_text=True)
    assert f"/teacher/jobs/{job['id']}" in page
    assert "Sync results from the gradebook" in page and "Done" in page


def test_other_courses_jobs_and_learners_are_kept_out(moodle, graded):
    job = run_job(graded, "/teacher/issue")
    sam = moodle.launch(4)
    assert sam.get(f"/teacher/jobs/{job['id']}").status_code == 403
    assert post_form(sam, "/verify", "/teacher/issue").status_code == 403
    missing = graded.get("/teacher/jobs/999/progress")
    assert missing.status_code == 404
    assert "no such job" in missing.get_data(as_text=True)


@pytest.mark.parametrize("job_mode", ["rq"])  # the worker thread starts a job at once
def test_a_second_start_while_a_job_waits_returns_the_same_job(moodle, graded, job_mode):
    first = post_form(graded, "/teacher/", "/teacher/issue")
    second = post_form(graded, "/teacher/", "/teacher/issue")
    assert first.headers["Location"] == second.headers["Location"]
    assert count(moodle.app, Job, Job.kind == JobKind.ISSUE.value) == 1
    assert follow_job(graded, first.headers["Location"])["state"] == "done"


def test_syncs_start_on_schedule_once_per_interval(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    with moodle.app.app_context():
        deps = container()
        started = jobs.start_due_syncs(
            uow=deps.uow(), queue=deps.jobs, clock=deps.clock, every=HOUR
        )
        again = jobs.start_due_syncs(uow=deps.uow(), queue=deps.jobs, clock=deps.clock, every=HOUR)
        job = db.session.get(Job, started[0])
        assert (job.kind, job.requested_by) == (JobKind.SYNC_MOODLE.value, None)
    assert len(started) == 1 and again == []  # the demo platform is connected to Moodle
    done = follow_job(teacher, f"/teacher/jobs/{started[0]}")
    assert done["state"] == "done" and counts_of(done)["Grades read"] > 0


def test_the_tick_command_reports_what_it_did(moodle, http):
    result = moodle.app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    assert "Resumed 0 job parts; started 0 syncs." in result.output


def test_a_job_started_on_the_command_line_runs_as_the_teachers_does(moodle, graded, job_mode):
    wait = ["--wait"] if job_mode == "thread" else []  # RQ: this test's worker runs it below
    result = moodle.app.test_cli_runner().invoke(
        args=["jobs", "start", "issue", "--course-id", "1", *wait]
    )
    assert result.exit_code == 0, result.output
    assert "Job 2 started." in result.output
    assert counts_of(follow_job(graded, "/teacher/jobs/2")) == {"Credentials issued": 2}
    if wait:
        assert "done: 2 of 2 done, 0 failed" in result.output


@pytest.mark.parametrize("job_mode", ["thread"])  # with Redis: tests/web/test_job_resume.py
def test_the_worker_command_needs_redis(moodle, job_mode):
    result = moodle.app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 1
    assert "REDIS_URL is not set" in result.output


def test_a_course_without_moodle_web_services_is_synced_from_its_gradebook_column(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    with moodle.app.app_context():
        db.session.scalars(select(Platform)).one().moodle_token_sealed = None
        db.session.commit()
        deps = container()
        (job_id,) = jobs.start_due_syncs(
            uow=deps.uow(), queue=deps.jobs, clock=deps.clock, every=HOUR
        )
        assert db.session.get(Job, job_id).kind == JobKind.SYNC_AGS.value
    done = follow_job(teacher, f"/teacher/jobs/{job_id}")
    assert counts_of(done)["Awards granted"] == 2
