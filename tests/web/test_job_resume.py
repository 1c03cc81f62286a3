"""A worker killed in the middle of a job: its job resumes, and every learner ends with exactly
one credential, one status entry and one "issued" line in the log. Both ways: RQ workers on the
machine's Redis (`flask jobs worker`) and the app's own worker thread (`flask jobs start
--wait`), each in a process of its own that the test kills with SIGKILL."""

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from config.settings import PROJECT_ROOT
from lti_tool.container import container
from lti_tool.domain.credentials import AwardState
from lti_tool.domain.jobs import JobKind, JobState
from lti_tool.extensions import db
from lti_tool.models import (
    AuditEvent,
    Award,
    Course,
    IssuedCredential,
    Job,
    Person,
    StatusEntryRow,
)
from lti_tool.services import jobs
from lti_tool.services.job_phases import AWARDS_PER_PART
from tests.conftest import Moodle
from tests.html_forms import csrf_token_of
from tests.jobs import follow_job, settings_for
from tests.web.test_walking_skeleton import define_micro_credential

COHORT = 400
STALE_SECONDS = 1
DEADLINE_SECONDS = 120


@pytest.fixture(params=["thread", "rq"])
def job_mode(request) -> str:
    return request.param


@pytest.fixture
def settings(settings, job_mode):
    """A part running for more than STALE_SECONDS counts as left by a dead worker."""
    with settings_for(settings, job_mode) as chosen:
        yield chosen.with_changes(job_stale_seconds=STALE_SECONDS)


def _cohort(moodle) -> object:
    """The demo course's micro-credential granted to COHORT learners; returns the teacher."""
    teacher = moodle.launch(Moodle.TEACHER)
    assert define_micro_credential(teacher).status_code == 302
    with moodle.app.app_context():
        course = db.session.get(Course, 1)
        people = [
            Person(platform_id=course.platform_id, subject=f"cohort-{n}", name=f"Learner {n}")
            for n in range(COHORT)
        ]
        db.session.add_all(people)
        db.session.flush()
        db.session.add_all(
            Award(micro_credential_id=1, person_id=p.id, state=AwardState.GRANTED.value)
            for p in people
        )
        db.session.commit()
    return teacher


def _environment(settings) -> dict[str, str]:
    """The test app's settings as the environment of another process of the tool."""
    values = {
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": settings.secret_key,  # the sealing key follows it: same keys
        "BASE_URL": settings.base_url,
        "INSTANCE_PATH": str(settings.instance_path),
        "DEMO_MODE": "true",
        "APP_ENV": "test",
        "RESULTS_SYNC_MINUTES": "0",
        "JOB_TICK_SECONDS": "0",  # the test resumes the job itself
        "REDIS_URL": settings.redis_url,
        "JOBS_QUEUE": settings.jobs_queue,
        "LOG_LEVEL": "WARNING",
    }
    return {**os.environ, **values}


def _tool(settings, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=_environment(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _job(app) -> Job:
    with app.app_context():
        db.session.expire_all()
        job = db.session.scalars(select(Job).where(Job.kind == JobKind.ISSUE.value)).first()
        if job is not None:
            db.session.expunge(job)
        return job


def _kill_midway(app, process: subprocess.Popen) -> Job:
    """SIGKILL the process once its job has finished a part and is not done; the job then."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        job = _job(app)
        if job is not None and job.done >= AWARDS_PER_PART:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return _job(app)
        assert process.poll() is None, "the worker process ended on its own"
        time.sleep(0.01)
    process.kill()
    raise AssertionError("the job made no progress")


def _assert_each_learner_once(app) -> None:
    with app.app_context():
        count = lambda model, *where: db.session.scalar(  # noqa: E731
            select(func.count()).select_from(model).where(*where)
        )
        assert count(IssuedCredential) == COHORT
        assert count(Award, Award.state == AwardState.ISSUED.value) == COHORT
        assert count(StatusEntryRow) == COHORT  # one revocation entry each, none leaked
        assert count(AuditEvent, AuditEvent.action == "issued") == COHORT


def test_a_killed_worker_leaves_a_job_that_resumes_without_duplicates(
    moodle, http, settings, job_mode
):
    teacher = _cohort(moodle)
    if job_mode == "rq":  # a worker process takes the parts the teacher's button queues
        process = _tool(settings, "jobs", "worker")
        started = teacher.post("/teacher/issue", data={"csrf_token": _token(teacher)})
        job_url = started.headers["Location"]
    else:  # the process that starts the job runs it in its own thread
        process = _tool(settings, "jobs", "start", "issue", "--course-id", "1", "--wait")
        job_url = None
    killed = _kill_midway(moodle.app, process)
    assert killed.state == JobState.RUNNING.value and 0 < killed.done < COHORT

    time.sleep(STALE_SECONDS)
    with moodle.app.app_context():  # the tick of a worker still alive, or of the restarted app
        deps = container()
        resumed = jobs.resume_stale(
            uow=deps.uow(), queue=deps.jobs, clock=deps.clock, stale_after=deps.jobs_stale_after
        )
    assert resumed >= 1
    finished = follow_job(teacher, job_url or f"/teacher/jobs/{killed.id}")
    assert (finished["state"], finished["done"], finished["failed"]) == ("done", COHORT, 0)
    _assert_each_learner_once(moodle.app)


def _token(client) -> str:
    return csrf_token_of(client.get("/teacher/").get_data(as_text=True))
