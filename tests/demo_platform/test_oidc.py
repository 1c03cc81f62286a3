"""The demo Moodle's login initiation, auth.php and certs.php, compared with Moodle 5.1 captures."""

import json
import re

import jwt
import pytest
from flask.testing import FlaskClient

from tests.demo_platform.support import (
    ISSUER,
    TOOL,
    auth_params,
    capture,
    launch_id_token,
    login_initiation,
    parse_form,
    shape,
)

AUTH = "/demo-platform/mod/lti/auth.php"
ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"


@pytest.mark.parametrize(("user_id", "name"), [(4, "student1"), (3, "teacher1")])
def test_login_initiation_posts_the_fields_moodle_posts(
    client: FlaskClient, user_id: int, name: str
):
    captured = capture(f"01-login-initiation-{name}.json")["params"]
    page = parse_form(client.get(f"/demo-platform/launch/{user_id}").get_data(as_text=True))

    assert page.form["action"] == TOOL.initiate_login_url
    assert page.form["name"] == "ltiInitiateLoginForm"
    assert page.form["method"] == "post"
    assert page.has_noscript_button
    assert list(page.fields) == list(captured)
    assert page.fields["iss"] == ISSUER
    assert page.fields["target_link_uri"] == TOOL.target_link_uri
    assert page.fields["login_hint"] == str(user_id)
    assert page.fields["client_id"] == TOOL.client_id
    assert page.fields["lti_deployment_id"] == captured["lti_deployment_id"] == "1"
    hint, captured_hint = (
        json.loads(page.fields["lti_message_hint"]),
        json.loads(captured["lti_message_hint"]),
    )
    assert shape(hint) == shape(captured_hint)
    assert hint["cmid"] == 2
    assert re.fullmatch(r"ltilaunch1_\d+", hint["launchid"])


def test_launch_of_someone_outside_the_course_is_not_found(client: FlaskClient):
    assert client.get("/demo-platform/launch/99").status_code == 404


def test_auth_posts_id_token_and_state_to_the_redirect_uri(client: FlaskClient):
    params = auth_params(login_initiation(client, 4))

    response = client.post(AUTH, data=params)

    page = parse_form(response.get_data(as_text=True))
    assert response.status_code == 200
    assert page.form["action"] == TOOL.target_link_uri
    assert page.form["name"] == "ltiAuthForm"
    assert list(page.fields) == ["id_token", "state"]
    assert page.fields["state"] == params["state"]
    assert page.has_noscript_button


@pytest.mark.parametrize(("user_id", "name"), [(4, "student1"), (3, "teacher1")])
def test_id_token_has_the_claims_and_types_moodle_sends(
    client: FlaskClient, user_id: int, name: str
):
    captured = capture(f"03-id-token-{name}.json")
    token = launch_id_token(client, user_id)

    header, payload = (
        jwt.get_unverified_header(token),
        jwt.decode(token, options={"verify_signature": False}),
    )

    assert sorted(header) == sorted(captured["header"])
    assert shape(payload) == shape(captured["payload"])
    assert list(payload) == list(captured["payload"])
    assert payload[ROLES] == captured["payload"][ROLES]
    assert payload["sub"] == str(user_id)
    assert payload["exp"] - payload["iat"] == 60


def test_id_token_service_urls_keep_moodles_type_id(client: FlaskClient):
    payload = jwt.decode(launch_id_token(client, 4), options={"verify_signature": False})

    ags = payload["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]
    nrps = payload["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"]
    assert ags["lineitems"] == ISSUER + "/mod/lti/services.php/2/lineitems?type_id=1"
    assert ags["lineitem"] == ISSUER + "/mod/lti/services.php/2/lineitems/3/lineitem?type_id=1"
    assert nrps["context_memberships_url"] == (
        ISSUER + "/mod/lti/services.php/CourseSection/2/bindings/1/memberships"
    )
    custom = payload["https://purl.imsglobal.org/spec/lti/claim/custom"]
    assert custom["context_memberships_url"] == nrps["context_memberships_url"]
    return_url = payload["https://purl.imsglobal.org/spec/lti/claim/launch_presentation"]
    assert return_url["return_url"].startswith(ISSUER + "/mod/lti/return.php?course=2&")


def test_id_token_verifies_with_the_key_set_of_certs_php(client: FlaskClient):
    captured = capture("04-platform-jwks.json")
    response = client.get("/demo-platform/mod/lti/certs.php")
    token = launch_id_token(client, 3)

    keys = jwt.PyJWKSet.from_dict(response.get_json())
    key = next(k for k in keys.keys if k.key_id == jwt.get_unverified_header(token)["kid"])
    payload = jwt.decode(token, key, algorithms=["RS256"], audience=TOOL.client_id, issuer=ISSUER)

    assert response.status_code == captured["status"]
    assert response.headers["Content-Type"] == captured["headers"]["Content-Type"]
    assert shape(response.get_json()) == shape(captured["body"])
    assert payload["name"] == "Tess Teacher"


def test_id_token_signed_by_another_key_does_not_verify(client: FlaskClient, tool_key):
    keys = jwt.PyJWKSet.from_dict(client.get("/demo-platform/mod/lti/certs.php").get_json())
    forged = jwt.encode({"sub": "3"}, tool_key, algorithm="RS256")

    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, keys.keys[0], algorithms=["RS256"])


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"redirect_uri": "http://evil.test/launch"}, "redirect_uri"),
        ({"client_id": "someone-else"}, "unauthorized_client"),
        ({"nonce": ""}, "nonce"),
        ({"scope": "openid profile"}, "invalid_scope"),
        ({"response_type": "code"}, "unsupported_response_type"),
        ({"response_mode": "query"}, "response_mode"),
        ({"prompt": "login"}, "prompt"),
        ({"lti_message_hint": "not json"}, "No launch id"),
        ({"login_hint": "5"}, "access_denied"),
    ],
)
def test_auth_refuses_a_bad_request_with_400_naming_the_problem(
    client: FlaskClient, override: dict[str, str], problem: str
):
    params = auth_params(login_initiation(client, 4), **override)

    response = client.get(AUTH, query_string=params)

    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert problem in response.get_data(as_text=True)


def test_a_launch_authenticates_once(client: FlaskClient):
    params = auth_params(login_initiation(client, 4))
    assert client.post(AUTH, data=params).status_code == 200

    replay = client.post(AUTH, data=params)

    assert replay.status_code == 400
    assert "launch id" in replay.get_data(as_text=True)
