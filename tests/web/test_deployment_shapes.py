"""How the tool behaves in production shapes: behind a TLS proxy, and on several workers."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Course, Enrolment
from tests.conftest import Moodle
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form

CONTEXT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/context"


def test_behind_a_tls_proxy_the_session_cookie_works_in_the_lms_iframe(settings, app_factory):
    app = app_factory(settings.with_changes(session_cookie_secure=True, proxy_count=1))
    client = app.test_client()
    answer = client.get(
        "/verify", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    )
    cookie = answer.headers["Set-Cookie"]
    for attribute in ("Secure", "SameSite=None", "Partitioned", "HttpOnly"):
        assert attribute in cookie
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_in_development_the_session_cookie_stays_lax(app):
    cookie = app.test_client().get("/verify").headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "Partitioned" not in cookie


def test_login_on_one_worker_and_launch_on_another_share_the_state(moodle, http, app_factory):
    """Two app instances on one database, as two gunicorn workers: the state travels with it."""
    other_worker = app_factory(moodle.app.config["SETTINGS"], create_tables=False)
    login_side = moodle.app.test_client()
    form = moodle.id_token_form(login_side, 4)  # login answered by the first worker
    launch_side = other_worker.test_client()
    answer = moodle.post_id_token(launch_side, form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert launch_side.get("/learner/").status_code == 200
    replay = moodle.post_id_token(moodle.app.test_client(), form)  # and back on the first
    assert replay.status_code == 400


def test_workers_share_the_platforms_access_token(moodle, http, app_factory):
    """A second worker syncing the same course reuses the tokens the first one obtained."""
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    assert run_job(teacher, "/teacher/sync")["state"] == "done"
    tokens_after_first_worker = token_requests(http)
    assert tokens_after_first_worker >= 1

    other_worker = app_factory(moodle.app.config["SETTINGS"], create_tables=False).test_client()
    # The same browser, whose next request lands on the other worker (same secret key).
    other_worker.set_cookie("session", teacher.get_cookie("session").value)
    assert run_job(other_worker, "/teacher/sync")["state"] == "done"

    assert token_requests(http) == tokens_after_first_worker


def token_requests(http) -> int:
    return sum(call.request.url.endswith("/token.php") for call in http.calls)


def test_a_class_opening_a_new_course_at_once_all_get_in(moodle, http):
    """First launches of a course that arrive together: one course, one person each, no 500."""
    moodle.launch(Moodle.TEACHER)  # the platform's key set is fetched and cached
    context = {"id": "race-101", "label": "RACE-101", "title": "Opened by all at once"}
    users = (Moodle.TEACHER, *Moodle.LEARNERS, *Moodle.LEARNERS)
    launches = []
    for user_id in users:
        client = moodle.app.test_client()
        form = moodle.id_token_form(client, user_id)
        token = moodle.resigned(form, **{CONTEXT_CLAIM: context})
        launches.append((client, form, token))
    start = threading.Barrier(len(launches))

    def launch(client, form, token):
        start.wait()
        return moodle.post_id_token(client, form, id_token=token).status_code

    with ThreadPoolExecutor(len(launches)) as pool:
        statuses = list(pool.map(lambda args: launch(*args), launches))

    assert statuses == [302] * len(users)
    with moodle.app.app_context():
        course = db.session.scalars(select(Course).where(Course.context_id == "race-101")).one()
        enrolled = db.session.scalars(
            select(Enrolment.person_id).where(Enrolment.course_id == course.id)
        ).all()
    assert len(enrolled) == len(set(users))
