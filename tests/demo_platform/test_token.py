"""The demo Moodle's token.php: client credentials with a JWT assertion, as Moodle 5.1 answers."""

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient

from lti_tool.demo_platform import DemoMoodle
from tests.demo_platform.support import (
    AGS_SCOPES,
    NRPS_SCOPE,
    TOOL,
    FakeClock,
    capture,
    client_assertion,
    shape,
    token_form,
)

TOKEN = "/demo-platform/mod/lti/token.php"
LINEITEMS = "/demo-platform/mod/lti/services.php/2/lineitems?type_id=1"


def test_token_answer_matches_moodles(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    captured = capture("05-token.json")
    form = token_form(client_assertion(tool_key, now=platform.now()), [*AGS_SCOPES, NRPS_SCOPE])

    response = client.post(TOKEN, data=form)

    body = response.get_json(force=True)
    assert response.status_code == captured["response"]["status"]
    assert response.headers["Content-Type"] == captured["response"]["headers"]["Content-type"]
    assert shape(body) == shape(captured["response"]["body"])
    assert body["scope"] == captured["request_form"]["scope"]
    assert body["expires_in"] == 3600
    assert len(tool_jwks.calls) == 1


def test_unknown_scope_is_silently_dropped(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    captured = capture("05b-token-unknown-scope.json")
    assertion = client_assertion(tool_key, now=platform.now())
    form = token_form(assertion, captured["request_form"]["scope"].split())

    body = client.post(TOKEN, data=form).get_json(force=True)

    assert body["scope"] == captured["response"]["body"]["scope"]


def test_assertion_signed_with_another_key_is_refused(
    client: FlaskClient, platform: DemoMoodle, tool_jwks
):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    form = token_form(client_assertion(stranger, now=platform.now()), AGS_SCOPES)

    response = client.post(TOKEN, data=form)

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.get_json(force=True) == {
        "error": "invalid_client",
        "error_description": "Signature verification failed",
    }


@pytest.mark.parametrize(
    ("claims", "error"),
    [
        ({"aud": "http://localhost/somewhere-else"}, "invalid_client"),
        ({"iss": "another-client"}, "invalid_client"),
        ({"sub": "another-client", "iss": "another-client"}, "invalid_client"),
        ({"sub": ""}, "invalid_request"),
    ],
)
def test_assertion_with_wrong_claims_is_refused(
    client: FlaskClient,
    platform: DemoMoodle,
    tool_key: rsa.RSAPrivateKey,
    tool_jwks,
    claims: dict[str, str],
    error: str,
):
    form = token_form(client_assertion(tool_key, now=platform.now(), **claims), AGS_SCOPES)

    response = client.post(TOKEN, data=form)

    assert response.status_code == 400
    assert response.get_json(force=True)["error"] == error


def test_expired_assertion_is_refused(
    client: FlaskClient, clock: FakeClock, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    form = token_form(client_assertion(tool_key, now=clock()), AGS_SCOPES)
    clock.advance(301)

    response = client.post(TOKEN, data=form)

    assert response.status_code == 400
    assert response.get_json(force=True)["error_description"] == "Expired token"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"grant_type": "authorization_code"}, "unsupported_grant_type"),
        ({"client_assertion_type": "urn:other"}, "unsupported_grant_type"),
        ({"scope": ""}, "invalid_request"),
        ({"scope": "https://example.org/not-a-scope"}, "invalid_scope"),
    ],
)
def test_malformed_token_request_is_refused(
    client: FlaskClient,
    platform: DemoMoodle,
    tool_key: rsa.RSAPrivateKey,
    tool_jwks,
    change: dict[str, str],
    error: str,
):
    form = token_form(client_assertion(tool_key, now=platform.now()), AGS_SCOPES) | change

    response = client.post(TOKEN, data=form)

    assert response.status_code == 400
    assert response.get_json(force=True)["error"] == error


def test_token_request_must_be_a_form(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey
):
    form = token_form(client_assertion(tool_key, now=platform.now()), AGS_SCOPES)

    response = client.post(TOKEN, json=form)

    assert response.status_code == 400
    assert response.get_json(force=True)["error"] == "invalid_request"


def test_unreachable_tool_key_set_refuses_the_client(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey
):
    form = token_form(client_assertion(tool_key, now=platform.now()), AGS_SCOPES)

    with responses.RequestsMock() as mock:
        mock.get(TOOL.jwks_url, status=503)
        response = client.post(TOKEN, data=form)

    assert response.status_code == 400
    assert TOOL.jwks_url in response.get_json(force=True)["error_description"]


def test_token_works_for_an_hour(client: FlaskClient, clock: FakeClock, get_token):
    headers = {
        "Authorization": f"Bearer {get_token()}",
        "Accept": "application/vnd.ims.lis.v2.lineitemcontainer+json",
    }
    assert client.get(LINEITEMS, headers=headers).status_code == 200

    clock.advance(3600)

    assert client.get(LINEITEMS, headers=headers).status_code == 401


@pytest.mark.parametrize(
    ("assertion", "error"),
    [
        (lambda key, now: "not-a-jwt", "client_assertion is not a JWT"),
        (
            lambda key, now: jwt.encode(
                {"sub": TOOL.client_id}, key, algorithm="RS256", headers={"kid": "other-kid"}
            ),
            '"kid" invalid, unable to lookup correct key',
        ),
        (
            lambda key, now: client_assertion(key, now=now, iat=int(now) + 120),
            "Cannot handle token prior to iat",
        ),
    ],
)
def test_an_assertion_the_platform_cannot_check_is_refused(
    client: FlaskClient,
    platform: DemoMoodle,
    tool_key: rsa.RSAPrivateKey,
    tool_jwks,
    assertion,
    error: str,
):
    form = token_form(assertion(tool_key, platform.now()), AGS_SCOPES)

    response = client.post(TOKEN, data=form)

    assert response.status_code == 400
    assert response.get_json(force=True)["error_description"] == error


def test_expired_tokens_are_forgotten(platform: DemoMoodle, clock: FakeClock, get_token):
    old = get_token()
    clock.advance(3600)

    get_token()

    assert platform.tokens.scopes_of(old) == frozenset()
