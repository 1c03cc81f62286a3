"""Fixtures: an app per test on a real database, the emulated Moodle, and logged-in clients."""

import os
import re
import secrets
from urllib.parse import urlencode, urlsplit

import jwt
import pytest
import responses
from sqlalchemy import create_engine, text

from config.settings import Settings
from lti_tool.app import create_app
from lti_tool.extensions import db
from tests.html_forms import forms_of

BASE_URL = "http://tool.test"

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session")
def postgres_url():
    """TEST_DATABASE_URL with a schema of this test run's own, dropped at its end.

    Test runs side by side on one database (two terminals, CI and a developer) never see
    each other's tables.
    """
    url = Settings.from_env({"DATABASE_URL": os.environ["TEST_DATABASE_URL"]}).database_url
    schema = f"test_{os.getpid()}_{secrets.token_hex(3)}"
    separator = "&" if urlsplit(url).query else "?"
    yield url + separator + urlencode({"options": f"-csearch_path={schema}"}), schema
    _run(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=DATABASES)
def settings(request, tmp_path):
    if request.param == "postgresql":
        url, schema = request.getfixturevalue("postgres_url")
        _run(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
        return Settings.for_tests(tmp_path, database_url=url)
    return Settings.for_tests(tmp_path)


def _run(url: str, sql: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


@pytest.fixture
def app_factory():
    """Builds apps from settings and closes their database connections afterwards."""
    built = []

    def build(settings, *, create_tables: bool = True):
        app = create_app(settings)
        if create_tables:
            with app.app_context():
                db.create_all()
        built.append(app)
        return app

    yield build
    for app in built:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(settings, app_factory):
    return app_factory(settings)


@pytest.fixture
def http(app):
    """Outside HTTP: calls to the tool's own host (JWKS, demo platform) are served in-process."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        route_to_app(mock, app)
        yield mock


def route_to_app(mock: responses.RequestsMock, app) -> None:
    """Serve every request to BASE_URL from the app; routes added before this one win."""
    for method in ("GET", "POST", "PUT", "DELETE"):
        mock.add_callback(method, re.compile(re.escape(BASE_URL) + r"/.*"), _in_process(app))


def _in_process(app):
    def callback(request):
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        with app.test_client() as client:
            answer = client.open(
                path, method=request.method, data=request.body, headers=dict(request.headers)
            )
        return answer.status_code, dict(answer.headers), answer.get_data()

    return callback


@pytest.fixture
def demo_loaded(app, http):
    """The demo loaded, its course left empty: each test defines the micro-credentials it needs
    (tests/web/test_demo.py covers the demo's own micro-credential)."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--empty-course"])
    assert result.exit_code == 0, result.output
    return app


class Moodle:
    """Drives real LTI 1.3 launches from the emulated Moodle, as a browser would."""

    TEACHER = 3
    LEARNERS = (4, 5, 6)

    def __init__(self, app):
        self.app = app
        self.platform = app.extensions["demo_platform"]

    def launch(self, user_id: int):
        """A test client logged into the tool by a launch of `user_id`; asserts it succeeded."""
        client = self.app.test_client()
        answer = self.post_id_token(client, self.id_token_form(client, user_id))
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return client

    def id_token_form(self, client, user_id: int, *, start: str | None = None):
        """The auto-submitted form Moodle's auth endpoint answers, holding id_token and state.

        `start` is the emulator page that begins the flow: by default the launch of the
        course's activity; deep linking and added activities start elsewhere.
        """
        start = start or f"/demo-platform/launch/{user_id}"
        initiation = forms_of(client.get(start).get_data(as_text=True))
        login = initiation[0]
        answer = client.post(urlsplit(login.action).path, data=login.fields)
        assert answer.status_code in (302, 303), answer.get_data(as_text=True)
        auth = urlsplit(answer.headers["Location"])
        page = client.get(f"{auth.path}?{auth.query}")
        assert page.status_code == 200, page.get_data(as_text=True)
        return forms_of(page.get_data(as_text=True))[0]

    @staticmethod
    def post_id_token(client, form, **changes):
        return client.post(urlsplit(form.action).path, data={**form.fields, **changes})

    def resigned(self, form, **claims) -> str:
        """The form's id_token with claims changed (None removes one), signed by the platform."""
        payload = jwt.decode(form.fields["id_token"], options={"verify_signature": False})
        for name, value in claims.items():
            if value is None:
                payload.pop(name, None)
            else:
                payload[name] = value
        return self.platform.sign(payload)

    def launch_with_claims(self, user_id: int, **claims):
        """A client and the tool's answer to a launch of `user_id` whose claims were changed."""
        client = self.app.test_client()
        form = self.id_token_form(client, user_id)
        return client, self.post_id_token(client, form, id_token=self.resigned(form, **claims))


@pytest.fixture
def moodle(demo_loaded):
    return Moodle(demo_loaded)


@pytest.fixture
def as_teacher(moodle):
    return moodle.launch(Moodle.TEACHER)
