"""With REDIS_URL, workers share launch state and access tokens through a real Redis.

The same shapes as test_deployment_shapes.py (two app instances as two gunicorn workers), with
the stores in Redis and nothing of theirs in the database.
"""

import pytest
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import AccessToken, LaunchState
from tests.conftest import Moodle
from tests.jobs import run_job
from tests.redis_server import REDIS_TEST_URL, closed_port_url, new_keys_removed, redis_for_tests
from tests.web.test_deployment_shapes import token_requests
from tests.web.test_launch_errors import assert_refused
from tests.web.test_walking_skeleton import define_micro_credential, post_form

STATES = "lti_tool:launch_state:*"
TOKENS = "lti_tool:access_token:*"


@pytest.fixture
def redis_client():
    """The test Redis; whatever the tool wrote there during the test is removed afterwards."""
    client = redis_for_tests()
    with new_keys_removed(client, "lti_tool:*"):
        yield client
    client.close()


@pytest.fixture
def settings(settings, redis_client):
    return settings.with_changes(redis_url=REDIS_TEST_URL)


def rows_of(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_login_on_one_worker_and_launch_on_another_share_the_state_in_redis(
    moodle, http, app_factory, redis_client
):
    other_worker = app_factory(moodle.app.config["SETTINGS"], create_tables=False)
    before = set(redis_client.scan_iter(match=STATES))
    form = moodle.id_token_form(moodle.app.test_client(), 4)  # login on the first worker
    waiting = set(redis_client.scan_iter(match=STATES)) - before
    assert len(waiting) == 1
    assert rows_of(moodle.app, LaunchState) == 0

    launch_side = other_worker.test_client()
    answer = moodle.post_id_token(launch_side, form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert launch_side.get("/learner/").status_code == 200
    assert redis_client.exists(*waiting) == 0  # consumed

    replay = moodle.post_id_token(moodle.app.test_client(), form)  # and back on the first
    assert_refused(replay, "already used")


def test_workers_share_the_platforms_access_token_in_redis(moodle, http, app_factory, redis_client):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    assert run_job(teacher, "/teacher/sync")["state"] == "done"
    tokens_after_first_worker = token_requests(http)
    assert tokens_after_first_worker >= 1
    cached = list(redis_client.scan_iter(match=TOKENS))
    assert cached and all(redis_client.pttl(key) > 0 for key in cached)
    assert rows_of(moodle.app, AccessToken) == 0

    other_worker = app_factory(moodle.app.config["SETTINGS"], create_tables=False).test_client()
    other_worker.set_cookie("session", teacher.get_cookie("session").value)
    assert run_job(other_worker, "/teacher/sync")["state"] == "done"

    assert token_requests(http) == tokens_after_first_worker


def test_a_launch_while_redis_is_unreachable_gets_a_503_page_saying_what_to_do(
    moodle, http, app_factory
):
    form = moodle.id_token_form(moodle.app.test_client(), 4)
    settings = moodle.app.config["SETTINGS"].with_changes(redis_url=closed_port_url())
    cut_off = app_factory(settings, create_tables=False).test_client()
    assert_refused(moodle.post_id_token(cut_off, form), "Redis", "REDIS_URL", status=503)


def test_healthz_checks_redis_when_it_keeps_the_state(app):
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json()["checks"] == {"database": "ok", "redis": "ok"}
