"""Fixtures of the browser tests: the tool served on a real port, and Debian's chromium.

The tool runs on a real port, so its calls to the demo platform (JWKS, token, AGS results) go
over HTTP as they would to Moodle. Each test module skips itself without chromium
(`chromium.skip_module_without_chromium`), unless E2E_REQUIRED is set, as .ci/run sets it.
"""

import socket
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.serving import make_server

from config.settings import Settings
from lti_tool.app import create_app
from lti_tool.extensions import db
from tests.e2e.chromium import CHROMIUM, CHROMIUM_ARGS


@dataclass(frozen=True)
class LiveTool:
    """The tool served at `base_url`, the demo loaded; `app` reaches its emulated Moodle."""

    base_url: str
    app: Flask


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live_app(tmp_path):
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    app = create_app(Settings.for_tests(tmp_path, base_url=base_url))
    with app.app_context():
        db.create_all()
    # The course left empty: the browser walk defines its micro-credential through the form.
    assert app.test_cli_runner().invoke(args=["demo", "load", "--empty-course"]).exit_code == 0
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveTool(base_url, app)
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_tool(live_app):
    return live_app.base_url


@pytest.fixture
def browser():
    assert CHROMIUM, "E2E_REQUIRED is set but chromium is not installed"
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
