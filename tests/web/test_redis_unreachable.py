"""A tool whose Redis cannot be reached answers a clear 503 page, never a 500."""

from urllib.parse import urlsplit

from tests.html_forms import forms_of
from tests.redis_server import closed_port_url
from tests.web.test_launch_errors import assert_refused


def test_a_login_while_redis_is_unreachable_gets_a_503_page_saying_what_to_do(
    moodle, http, app_factory
):
    settings = moodle.app.config["SETTINGS"].with_changes(redis_url=closed_port_url())
    cut_off = app_factory(settings, create_tables=False).test_client()
    platform = moodle.app.test_client()
    login = forms_of(platform.get("/demo-platform/launch/4").get_data(as_text=True))[0]
    answer = cut_off.post(urlsplit(login.action).path, data=login.fields)
    assert_refused(answer, "Redis", "REDIS_URL", status=503)


def test_healthz_reports_an_unreachable_redis(settings, app_factory):
    app = app_factory(settings.with_changes(redis_url=closed_port_url()))
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json() == {
        "status": "failing",
        "checks": {"database": "ok", "redis": "failing"},
    }
