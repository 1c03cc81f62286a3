"""Dynamic Registration through an administrator's invitation: one platform per invitation."""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import responses
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import RegistrationInvitation
from tests.conftest import Moodle, route_to_app
from tests.html_forms import csrf_token_of
from tests.jobs import counts_of, run_job
from tests.web.test_admin import ROLES, SYSTEM_ADMIN

CAPTURES = Path(__file__).parents[1] / "vectors" / "moodle-5.1"
MOODLE_CONFIGURATION = json.loads((CAPTURES / "31-dynreg-openid-configuration.json").read_text())
MOODLE_REGISTRATION = json.loads((CAPTURES / "32-dynreg-registration.json").read_text())
OPENID = "http://127.0.0.1:8400/mod/lti/openid-configuration.php"


def invitation_path(app, organisation="demo-vet-school") -> str:
    """The path and query of a fresh invitation link, as `flask lti platform invite` prints it."""
    result = app.test_cli_runner().invoke(
        args=["lti", "platform", "invite", "--organisation", organisation]
    )
    assert result.exit_code == 0, result.output
    link = urlsplit(re.search(r"http://tool\.test\S+", result.output).group(0))
    return f"{link.path}?{link.query}"


@pytest.fixture
def recorded_moodle(moodle, http):
    """The Moodle of the captures answering the tool's registration calls."""
    http.reset()
    http.add(responses.GET, OPENID, json=MOODLE_CONFIGURATION["response"]["body"])
    http.add(
        responses.POST,
        "http://127.0.0.1:8400/mod/lti/openid-registration.php",
        json=MOODLE_REGISTRATION["response"]["body"],
    )
    route_to_app(http, moodle.app)
    return http


def start(client, path, **params):
    query = {"openid_configuration": OPENID, "registration_token": "jwt", **params}
    joined = "&".join(f"{name}={value}" for name, value in query.items())
    return client.get(f"{path}&{joined}")


def test_an_invited_moodle_registers_and_the_page_closes_the_window(moodle, recorded_moodle):
    path = invitation_path(moodle.app)
    client = moodle.app.test_client()
    page = start(client, path)
    assert page.status_code == 200, page.get_data(as_text=True)
    text = page.get_data(as_text=True)
    assert "4Kejr4Nw7hgLzh1" in text and "lti-close.js" in text
    listing = moodle.app.test_cli_runner().invoke(args=["lti", "platform", "list"]).output
    assert "client id 4Kejr4Nw7hgLzh1, deployments 2, for Demo VET School" in listing
    sent = json.loads(recorded_moodle.calls[-1].request.body)
    assert sent["initiate_login_uri"] == "http://tool.test/lti/login"
    again = start(client, path)
    assert again.status_code == 403
    assert "already used or expired" in again.get_data(as_text=True)


def test_a_platform_refusal_leaves_the_invitation_usable(moodle, http):
    http.reset()
    http.add(responses.GET, OPENID, json=MOODLE_CONFIGURATION["response"]["body"])
    reused = MOODLE_REGISTRATION["token_reused"]
    http.add(
        responses.POST,
        "http://127.0.0.1:8400/mod/lti/openid-registration.php",
        status=401,
        body=reused["body"],
        content_type="text/html",
    )
    route_to_app(http, moodle.app)
    path = invitation_path(moodle.app)
    refused = start(moodle.app.test_client(), path)
    assert refused.status_code == 400
    assert "token_already_used" in refused.get_data(as_text=True)
    with moodle.app.app_context():
        assert db.session.scalars(select(RegistrationInvitation)).one().used_at is None


def test_registration_without_an_invitation_is_refused_before_any_request(moodle, http):
    client = moodle.app.test_client()
    answer = client.get(f"/lti/register?openid_configuration={OPENID}&registration_token=x")
    assert answer.status_code == 400
    assert "lacks invitation" in answer.get_data(as_text=True)
    forged = start(client, "/lti/register?invitation=made-up")
    assert forged.status_code == 403
    assert not [call for call in http.calls if call.request.url.startswith("http://127.0.0.1")]


def test_an_expired_invitation_is_refused(moodle, recorded_moodle):
    path = invitation_path(moodle.app)
    with moodle.app.app_context():
        invitation = db.session.scalars(select(RegistrationInvitation)).one()
        invitation.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert start(moodle.app.test_client(), path).status_code == 403


def test_an_invitation_needs_a_known_organisation(moodle):
    result = moodle.app.test_cli_runner().invoke(
        args=["lti", "platform", "invite", "--organisation", "nobody"]
    )
    assert result.exit_code == 1 and "No organisation" in result.output


def test_an_administrator_creates_a_registration_link_on_the_admin_page(moodle, recorded_moodle):
    client, _ = moodle.launch_with_claims(Moodle.TEACHER, **{ROLES: [SYSTEM_ADMIN]})
    token = csrf_token_of(client.get("/admin/").get_data(as_text=True))
    page = client.post("/admin/invitations", data={"csrf_token": token}).get_data(as_text=True)
    link = re.search(r'value="(http://tool\.test/lti/register\?invitation=[^"]+)"', page).group(1)
    parts = urlsplit(link)
    assert start(moodle.app.test_client(), f"{parts.path}?{parts.query}").status_code == 200


def test_moodle_registers_the_tool_which_then_launches_and_syncs(moodle, http):
    """The whole path through the emulated Moodle: invitation, registration, activation, use."""
    invitation = "http://tool.test" + invitation_path(moodle.app)
    registration = urlsplit(moodle.platform.start_registration(invitation))
    page = moodle.app.test_client().get(f"{registration.path}?{registration.query}")
    assert page.status_code == 200, page.get_data(as_text=True)

    (client_id,) = moodle.platform.registered_tools
    assert client_id in page.get_data(as_text=True)
    moodle.platform.activate(client_id)  # as Moodle's administrator does

    teacher = moodle.launch(Moodle.TEACHER)
    synced = counts_of(run_job(teacher, "/teacher/sync"))
    assert synced["Course members read"] == 4 and synced["Grades read"] == 3
    assert moodle.launch(4).get("/learner/").status_code == 200
    listing = moodle.app.test_cli_runner().invoke(args=["lti", "platform", "list"]).output
    assert f"client id {client_id}, deployments 2" in listing
