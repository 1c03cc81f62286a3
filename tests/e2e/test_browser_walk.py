"""A person's whole path in a real browser: Debian's chromium, driven by Playwright.

The tool runs on a real port, so its calls to the demo platform (JWKS, token, AGS results) go
over HTTP as they would to Moodle. Without chromium the test is skipped, unless E2E_REQUIRED is
set, as .ci/run sets it.
"""

import json
import os
import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

from config.settings import Settings
from lti_tool.app import create_app
from lti_tool.extensions import db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own background traffic is refused on a closed network; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if CHROMIUM is None and not os.environ.get("E2E_REQUIRED"):
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live_tool(tmp_path):
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    app = create_app(Settings.for_tests(tmp_path, base_url=base_url))
    with app.app_context():
        db.create_all()
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def browser():
    assert CHROMIUM, "E2E_REQUIRED is set but chromium is not installed"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_teacher_issues_learner_claims_and_anyone_verifies_in_a_browser(
    live_tool, browser, tmp_path
):
    teacher = browser.new_context().new_page()
    teacher.goto(live_tool + "/")
    teacher.get_by_role("link", name="Launch as teacher: Tess Teacher").click()
    teacher.wait_for_url("**/teacher/")
    teacher.get_by_role("link", name="Define a micro-credential").click()
    teacher.get_by_label("Title").fill("Digital content for the workplace")
    teacher.get_by_label("Description").fill("Create digital content for a real workplace.")
    teacher.get_by_label("Learning outcomes").fill("Develops digital content.\nWorks in a team.")
    teacher.get_by_label("Workload (ECTS)").fill("3")
    teacher.get_by_label("EQF level").select_option("4")
    teacher.get_by_role("button", name="Save", exact=True).click()
    teacher.get_by_label("Final grade at least (%)").fill("60")
    teacher.get_by_role("button", name="Save rule").click()
    teacher.get_by_role("button", name="Sync results").click()
    teacher.get_by_text("granted 2 awards").wait_for()

    learner = browser.new_context().new_page()
    learner.goto(live_tool + "/")
    learner.get_by_role("link", name="Launch as learner: Sam Student").click()
    learner.wait_for_url("**/learner/")
    learner.get_by_role("button", name="Claim your micro-credential").click()
    with learner.expect_download() as download:
        learner.get_by_role("link", name="Download the signed credential (JSON)").click()
    saved = tmp_path / "credential.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["issuer"]["name"] == "Demo VET School"

    employer = browser.new_context().new_page()
    employer.goto(live_tool + "/verify")
    employer.get_by_label("…or upload the credential file (.json)").set_input_files(saved)
    employer.get_by_role("button", name="Verify").click()
    employer.get_by_role("heading", name="Verified", exact=True).wait_for()
    assert "Sam Student" in employer.content()
