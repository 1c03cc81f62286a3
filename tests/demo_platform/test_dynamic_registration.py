"""The demo Moodle's LTI Dynamic Registration, compared with Moodle 5.1's captured answers:
configuration, start page, registration endpoint, and activating a registered tool."""

import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient

from lti_tool.demo_platform import DemoMoodle
from lti_tool.demo_platform.keys import public_jwk
from tests.demo_platform.support import (
    CAPTURED_SITE,
    ISSUER,
    TOOL_KID,
    FakeClock,
    assert_like,
    at_emulator,
    auth_params,
    capture,
    client_assertion,
    local_path,
    login_initiation,
    parse_form,
    token_form,
)

START = "/demo-platform/mod/lti/startltiadvregistration.php"
CONFIGURATION = "/demo-platform/mod/lti/openid-configuration.php"
REGISTRATION = "/demo-platform/mod/lti/openid-registration.php"
TOOL_REGISTRATION_URL = "http://newtool.test/lti/register?invitation=abc%2Fdef"
CAPTURED_TOOL, NEW_TOOL = "http://127.0.0.1:5001", "http://newtool.test"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
CLIENT_ID = re.compile(r"[A-Za-z0-9]{15}")


def moved(captured: object) -> object:
    """A captured body with Moodle's and the capture tool's URLs moved to the test's."""
    text = json.dumps(captured)
    text = text.replace(CAPTURED_TOOL, NEW_TOOL).replace("127.0.0.1:5001", "newtool.test")
    return json.loads(text.replace(CAPTURED_SITE, ISSUER))


def registration_request(**changes: object) -> dict:
    """Capture 32's registration request, for the test's tool, with `changes` applied."""
    request = moved(capture("32-dynreg-registration.json")["request"])
    assert isinstance(request, dict)
    return request | changes


def start(client: FlaskClient, url: str = TOOL_REGISTRATION_URL) -> dict[str, str]:
    """Start a registration as the administrator; the query the tool's URL is called with."""
    response = client.get(START, query_string={"url": url})
    assert response.status_code == 302, response.get_data(as_text=True)
    return dict(parse_qsl(urlsplit(response.headers["Location"]).query))


def register(client: FlaskClient, token: str, body: object = None):
    payload = registration_request() if body is None else body
    return client.post(REGISTRATION, json=payload, headers={"Authorization": f"Bearer {token}"})


def test_configuration_is_moodles_with_or_without_the_token(client: FlaskClient):
    captured = capture("31-dynreg-openid-configuration.json")
    token = start(client)["registration_token"]

    with_token = client.get(CONFIGURATION, headers={"Authorization": f"Bearer {token}"})
    without_token = client.get(CONFIGURATION)

    assert_like(with_token, captured["response"])
    assert_like(without_token, captured["without_token"])
    assert with_token.get_json() == moved(captured["response"]["body"])
    assert without_token.get_json() == with_token.get_json()
    assert (
        with_token.get_json()["registration_endpoint"]
        == ISSUER + "/mod/lti/openid-registration.php"
    )


def test_start_appends_the_two_captured_parameters_to_the_tools_query(
    client: FlaskClient, platform: DemoMoodle
):
    captured = capture("30-dynreg-initiation.json")["params"]

    response = client.get(START, query_string={"url": TOOL_REGISTRATION_URL})

    location = urlsplit(response.headers["Location"])
    query = parse_qsl(location.query)
    assert response.status_code == 302
    assert location.geturl().startswith("http://newtool.test/lti/register?")
    assert [name for name, _ in query] == ["invitation", *captured]
    assert query[0] == ("invitation", "abc/def")
    assert dict(query)["openid_configuration"] == at_emulator(captured["openid_configuration"])
    assert platform.start_registration(TOOL_REGISTRATION_URL).startswith(
        "http://newtool.test/lti/register?invitation=abc%2Fdef&openid_configuration="
    )


def test_registration_token_is_signed_by_the_platform_and_short_lived(
    client: FlaskClient, platform: DemoMoodle
):
    token = start(client)["registration_token"]

    keys = jwt.PyJWKSet.from_dict(client.get("/demo-platform/mod/lti/certs.php").get_json())
    claims = jwt.decode(token, keys.keys[0], algorithms=["RS256"])
    assert jwt.get_unverified_header(token)["kid"] == platform.kid
    assert list(claims) == ["sub", "scope", "iat", "exp"]
    assert CLIENT_ID.fullmatch(claims["sub"])
    assert claims["scope"] == "reg"
    assert claims["exp"] - claims["iat"] == 3600


@pytest.mark.parametrize("url", ["", "newtool.test/register", "javascript:alert(1)"])
def test_start_needs_the_tools_http_url(client: FlaskClient, url: str):
    assert client.get(START, query_string={"url": url}).status_code == 400


def test_full_registration_answers_as_moodle_did(client: FlaskClient, platform: DemoMoodle):
    captured = capture("32-dynreg-registration.json")["response"]
    query = start(client)  # the browser arrives at the tool with these
    configuration = client.get(local_path(query["openid_configuration"])).get_json()
    endpoint = local_path(configuration["registration_endpoint"])

    response = client.post(
        endpoint,
        json=registration_request(),
        headers={"Authorization": f"Bearer {query['registration_token']}"},
    )

    assert_like(response, captured)
    body = response.get_json()
    assert CLIENT_ID.fullmatch(body["client_id"])
    assert body["client_id"] == jwt.decode(query["registration_token"], options=_UNVERIFIED)["sub"]
    assert body == moved(captured["body"]) | {"client_id": body["client_id"]}
    assert body[TOOL_CONFIGURATION]["deployment_id"] == "2"
    registered = platform.registered_tools[body["client_id"]]
    assert (registered.status, registered.deployment_id) == ("pending", "2")
    assert registered.request == registration_request()


def test_each_registration_is_the_next_tool_type(client: FlaskClient):
    first = register(client, start(client)["registration_token"]).get_json()
    second = register(client, start(client)["registration_token"]).get_json()

    assert first[TOOL_CONFIGURATION]["deployment_id"] == "2"
    assert second[TOOL_CONFIGURATION]["deployment_id"] == "3"
    assert first["client_id"] != second["client_id"]


def test_a_used_token_answers_token_already_used(client: FlaskClient):
    captured = capture("32-dynreg-registration.json")["token_reused"]
    token = start(client)["registration_token"]
    assert register(client, token).status_code == 200

    again = register(client, token)

    assert again.status_code == captured["status"] == 401
    assert again.headers["Content-Type"] == captured["headers"]["Content-type"]
    assert again.get_data(as_text=True) == captured["body"] == "token_already_used"


def test_registration_without_a_bearer_token_is_refused(client: FlaskClient):
    response = client.post(REGISTRATION, json=registration_request())

    assert response.status_code == 401
    assert response.get_data(as_text=True) == "missing_registration_token"


def test_forged_garbage_and_expired_tokens_are_refused(
    client: FlaskClient, platform: DemoMoodle, clock: FakeClock
):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(clock())
    claims = {"sub": "ForgedClient123", "scope": "reg", "iat": now, "exp": now + 3600}
    forged = jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": platform.kid})
    expired = start(client)["registration_token"]
    clock.advance(3600)

    for token in (forged, "not-a-jwt", expired):
        response = register(client, token)
        assert response.status_code == 401, token
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert platform.registered_tools == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"redirect_uris": None}, "missing required attribute redirect_uris"),
        ({"redirect_uris": []}, "missing required attribute redirect_uris"),
        ({"client_name": ""}, "missing required attribute client_name"),
        (
            {"token_endpoint_auth_method": "client_secret_basic"},
            "invalid_token_endpoint_auth_method",
        ),
        ({"response_types": ["code"]}, "invalid_response_types"),
        ({"application_type": "native"}, "invalid_application_type"),
        ({TOOL_CONFIGURATION: {"target_link_uri": NEW_TOOL}}, "missing_domain"),
        (
            {TOOL_CONFIGURATION: {"domain": "newtool.test", "target_link_uri": "http://x.test/"}},
            "domain_targetlinkuri_mismatch",
        ),
    ],
)
def test_incomplete_request_is_refused_and_the_token_stays_usable(
    client: FlaskClient, change: dict, message: str
):
    token = start(client)["registration_token"]
    body = {k: v for k, v in registration_request(**change).items() if v is not None}

    refused = register(client, token, body)

    assert refused.status_code == 400
    assert refused.get_data(as_text=True) == message
    assert register(client, token).status_code == 200  # Moodle uses a token up on success only


def test_request_that_is_not_json_is_refused(client: FlaskClient):
    token = start(client)["registration_token"]

    response = client.post(REGISTRATION, data="{", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 400


def test_answer_names_moodles_scopes_and_claims_for_what_the_tool_asked(client: FlaskClient):
    request = registration_request(
        scope="https://purl.imsglobal.org/spec/lti-ags/scope/score https://example.test/unknown"
    )
    request[TOOL_CONFIGURATION] = {
        "domain": "newtool.test",
        "claims": ["iss", "sub"],
        "custom_parameters": {"level": "eqf=4"},
    }

    body = register(client, start(client)["registration_token"], request).get_json()

    assert body["scope"].split() == [
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    ]
    configuration = body[TOOL_CONFIGURATION]
    assert configuration["target_link_uri"] == "https://newtool.test"
    assert configuration["claims"] == ["sub", "iss"]
    assert configuration["custom_parameters"] == {"level": "eqf"}
    assert "messages" not in configuration


def test_course_page_offers_registration_and_lists_registered_tools(
    client: FlaskClient, platform: DemoMoodle
):
    page = client.get("/demo-platform/").get_data(as_text=True)
    assert f'action="{START}"' in page
    assert 'name="url"' in page

    client_id = register(client, start(client)["registration_token"]).get_json()["client_id"]

    page = client.get("/demo-platform/").get_data(as_text=True)
    assert f"<code>{client_id}</code></td><td>2</td><td>pending</td>" in page
    platform.activate(client_id)
    assert "<td>active</td>" in client.get("/demo-platform/").get_data(as_text=True)


@pytest.fixture
def new_tool_jwks(tool_key: rsa.RSAPrivateKey) -> Iterator[responses.RequestsMock]:
    """The registered tool's JWKS, served where its registration says."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(NEW_TOOL + "/jwks.json", json={"keys": [public_jwk(tool_key, TOOL_KID)]})
        yield mock


def test_activated_tool_is_launched_and_granted_tokens(
    client: FlaskClient,
    platform: DemoMoodle,
    tool_key: rsa.RSAPrivateKey,
    new_tool_jwks: responses.RequestsMock,
):
    client_id = register(client, start(client)["registration_token"]).get_json()["client_id"]

    platform.activate(client_id)

    launch_page = client.get("/demo-platform/launch/4").get_data(as_text=True)
    assert parse_form(launch_page).form["action"] == NEW_TOOL + "/login"
    initiation = login_initiation(client, 4)
    assert (initiation["client_id"], initiation["lti_deployment_id"]) == (client_id, "2")
    params = auth_params(initiation, redirect_uri=NEW_TOOL + "/launch")
    answer = client.get("/demo-platform/mod/lti/auth.php", query_string=params)
    id_token = jwt.decode(
        parse_form(answer.get_data(as_text=True)).fields["id_token"], options=_UNVERIFIED
    )
    assert id_token["aud"] == client_id
    assert id_token["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] == "2"
    lineitems = id_token["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]["lineitems"]
    assert lineitems.endswith("/lineitems?type_id=2")
    assertion = client_assertion(tool_key, now=platform.now(), iss=client_id, sub=client_id)
    form = token_form(assertion, ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"])
    token = client.post("/demo-platform/mod/lti/token.php", data=form).get_json(force=True)
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get(local_path(lineitems), headers=bearer).status_code == 200
    assert client.get(local_path(lineitems).replace("=2", "=1"), headers=bearer).status_code == 401
    assert platform.registered_tools[client_id].status == "active"


def test_activating_an_unknown_client_fails(platform: DemoMoodle):
    with pytest.raises(KeyError):
        platform.activate("NoSuchClient123")


_UNVERIFIED = {"verify_signature": False}
