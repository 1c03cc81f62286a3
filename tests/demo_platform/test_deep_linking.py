"""The demo Moodle's LTI Deep Linking: the "Select content" request, compared with Moodle 5.1's
capture 13, and contentitem_return.php adding the activities and line items a tool selects."""

import json
import re
import uuid
from collections.abc import Iterator

import jwt
import pytest
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem
from pylti1p3.registration import Registration
from werkzeug.test import TestResponse

from lti_tool.demo_platform import DemoMoodle
from lti_tool.demo_platform.keys import public_jwk
from tests.demo_platform.support import (
    CAPTURED_SITE,
    ISSUER,
    LINEITEMS,
    TOOL,
    TOOL_KID,
    FakeClock,
    auth_params,
    capture,
    local_path,
    parse_form,
    shape,
)

AUTH = "/demo-platform/mod/lti/auth.php"
SELECT_CONTENT = "/demo-platform/mod/lti/contentitem.php?id=1&course=2&user={user}"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
SETTINGS = DL + "deep_linking_settings"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
BASIC_OUTCOME = "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome"
RETURN_URL = re.compile(
    re.escape(ISSUER + "/mod/lti/contentitem_return.php?course=2&id=1&sesskey=") + r"\w+"
)
WELDING = {
    "type": "ltiResourceLink",
    "title": "Welding safety",
    "text": "Earn the welding safety micro-credential",
    "url": "http://tool.test/lti/launch?mc=42",
    "custom": {"micro_credential_id": "42"},
    "lineItem": {
        "label": "Welding safety (tool's label)",
        "scoreMaximum": 20,
        "resourceId": "mc-42",
        "tag": "microcredential-42",
    },
}
FIRST_AID = {"type": "ltiResourceLink", "title": "First aid", "iframe": {"height": 600}}


def select_content(client: FlaskClient, user_id: int = 3, query: str = "") -> TestResponse:
    """The page the activity form's "Select content" button opens, as this user."""
    return client.get(SELECT_CONTENT.format(user=user_id) + query)


def id_token_of(client: FlaskClient, initiation: dict[str, str]) -> str:
    """The id_token auth.php POSTs to the tool for this login initiation."""
    response = client.post(AUTH, data=auth_params(initiation))
    assert response.status_code == 200, response.get_data(as_text=True)
    return parse_form(response.get_data(as_text=True)).fields["id_token"]


def deep_linking_request(client: FlaskClient, query: str = "") -> dict:
    """The decoded LtiDeepLinkingRequest the teacher's "Select content" sends the tool."""
    initiation = parse_form(select_content(client, 3, query).get_data(as_text=True)).fields
    return jwt.decode(id_token_of(client, initiation), options={"verify_signature": False})


def launch_claims(client: FlaskClient, user_id: int, cmid: int) -> dict:
    """The decoded id_token of a launch of activity `cmid` as this user."""
    page = client.get(f"/demo-platform/launch/{user_id}?cmid={cmid}")
    assert page.status_code == 200
    token = id_token_of(client, parse_form(page.get_data(as_text=True)).fields)
    return jwt.decode(token, options={"verify_signature": False})


def response_jwt(
    key: rsa.RSAPrivateKey,
    *,
    now: float,
    items: list[dict] | None = None,
    changes: dict[str, object] | None = None,
) -> str:
    """The tool's LtiDeepLinkingResponse, signed with `key`; `changes` set claims (None drops)."""
    payload: dict[str, object] = {
        "iss": TOOL.client_id,
        "aud": ISSUER,
        "iat": int(now),
        "exp": int(now) + 600,
        "nonce": uuid.uuid4().hex,
        LTI + "deployment_id": "1",
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": "1.3.0",
        DL + "content_items": [WELDING] if items is None else items,
    }
    for name, value in (changes or {}).items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": TOOL_KID})


def send_back(client: FlaskClient, request: dict, token: str) -> TestResponse:
    """POST the response as the tool's auto-submitted form does, to the request's return URL."""
    return_url = request[SETTINGS]["deep_link_return_url"]
    return client.post(local_path(return_url), data={"JWT": token})


def test_select_content_posts_the_login_initiation_moodle_posts(
    client: FlaskClient, platform: DemoMoodle
):
    captured = capture("13-deep-linking-request-teacher1.json")["login_initiation_params"]

    page = parse_form(select_content(client).get_data(as_text=True))

    assert page.form["action"] == TOOL.initiate_login_url
    assert page.form["name"] == "ltiInitiateLoginForm"
    assert page.has_noscript_button
    assert list(page.fields) == list(captured)
    assert page.fields["iss"] == ISSUER
    assert page.fields["target_link_uri"] == TOOL.target_link_uri
    assert page.fields["login_hint"] == captured["login_hint"] == "3"
    assert page.fields["client_id"] == TOOL.client_id
    assert page.fields["lti_deployment_id"] == captured["lti_deployment_id"] == "1"
    hint = json.loads(page.fields["lti_message_hint"])
    assert shape(hint) == shape(json.loads(captured["lti_message_hint"]))
    assert re.fullmatch(r"ltilaunch_ContentItemSelectionRequest\d+", hint["launchid"])
    assert list(platform.deep_linking_initiation(3)) == list(captured)


def test_deep_linking_id_token_has_the_claims_and_types_moodle_sends(
    client: FlaskClient, platform: DemoMoodle
):
    captured = capture("13-deep-linking-request-teacher1.json")
    initiation = parse_form(select_content(client).get_data(as_text=True)).fields

    token = id_token_of(client, initiation)

    keys = jwt.PyJWKSet.from_dict(platform.jwks())
    payload = jwt.decode(token, keys.keys[0], algorithms=["RS256"], audience=TOOL.client_id)
    expected = captured["id_token_payload"]
    assert sorted(jwt.get_unverified_header(token)) == sorted(captured["id_token_header"])
    assert list(payload) == list(expected)
    assert shape(payload) == shape(expected)
    assert payload[LTI + "message_type"] == "LtiDeepLinkingRequest"
    assert payload[LTI + "roles"] == expected[LTI + "roles"]
    assert payload[LTI + "launch_presentation"] == {"locale": "en"}
    assert list(payload[AGS]) == ["scope", "lineitems"] == list(expected[AGS])
    assert list(payload[LTI + "custom"]) == list(expected[LTI + "custom"])
    assert payload["exp"] - payload["iat"] == 60
    settings, captured_settings = payload[SETTINGS], expected[SETTINGS]
    assert RETURN_URL.fullmatch(settings.pop("deep_link_return_url"))
    assert captured_settings.pop("deep_link_return_url").startswith(CAPTURED_SITE)
    assert settings == captured_settings


def test_the_activity_forms_name_and_description_are_the_requests_title_and_text(
    client: FlaskClient,
):
    settings = deep_linking_request(client, "&title=Welding&text=Safety+first")[SETTINGS]

    assert (settings["title"], settings["text"]) == ("Welding", "Safety first")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (SELECT_CONTENT.format(user=4), 403),
        (SELECT_CONTENT.format(user=99), 404),
        ("/demo-platform/mod/lti/contentitem.php?id=1&course=2", 404),
        ("/demo-platform/mod/lti/contentitem.php?id=7&course=2&user=3", 404),
        ("/demo-platform/mod/lti/contentitem.php?id=1&course=9&user=3", 404),
    ],
)
def test_only_the_courses_teachers_select_content_for_its_tool(
    client: FlaskClient, path: str, status: int
):
    assert client.get(path).status_code == status


def test_a_deep_linking_launch_id_works_once(client: FlaskClient):
    initiation = parse_form(select_content(client).get_data(as_text=True)).fields
    id_token_of(client, initiation)

    again = client.post(AUTH, data=auth_params(initiation))

    assert again.status_code == 400
    assert "already used" in again.get_data(as_text=True)


def test_selected_link_becomes_an_activity_with_its_line_item(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, bearer: dict
):
    request = deep_linking_request(client)

    answer = send_back(client, request, response_jwt(tool_key, now=platform.now()))

    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "<h1" in page and "Content added" in page
    assert "Successfully fetched tool configuration from the selected content." in page
    added = platform.activities.all()[1]
    assert (added.cmid, added.instance_id, added.title) == (3, 2, "Welding safety")
    assert added.custom == {"micro_credential_id": "42"}
    assert platform.deep_link_items == [WELDING]
    item = {
        "id": ISSUER + "/mod/lti/services.php/2/lineitems/4/lineitem?type_id=1",
        "label": "Welding safety",  # Moodle names the column after the activity
        "scoreMaximum": 20,
        "resourceId": "mc-42",
        "tag": "microcredential-42",
        "resourceLinkId": "2",
        "ltiLinkId": "2",
    }
    for query in ("&tag=microcredential-42", "&resource_link_id=2", "&resource_id=mc-42"):
        listed = client.get(LINEITEMS + query, headers=bearer)
        assert listed.status_code == 200
        assert listed.get_json(force=True) == [item]
    by_link = capture("06c-ags-lineitems-by-resource-link.json")["response"]["body"]
    assert shape([item]) == shape(by_link)


def test_launching_the_added_activity_names_its_link_and_line_item(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    send_back(client, deep_linking_request(client), response_jwt(tool_key, now=platform.now()))

    claims = launch_claims(client, 4, cmid=3)

    assert claims[LTI + "message_type"] == "LtiResourceLinkRequest"
    assert claims[LTI + "target_link_uri"] == WELDING["url"]
    assert claims[LTI + "resource_link"] == {
        "title": "Welding safety",
        "description": "Earn the welding safety micro-credential",
        "id": "2",
    }
    assert claims[AGS]["lineitem"] == (
        ISSUER + "/mod/lti/services.php/2/lineitems/4/lineitem?type_id=1"
    )
    assert claims[LTI + "custom"]["micro_credential_id"] == "42"
    assert list(claims[LTI + "custom"]) == [
        "micro_credential_id",
        "context_memberships_url",
        "system_setting_url",
        "context_setting_url",
        "link_setting_url",
    ]
    assert '"instanceid":"2"' in claims[BASIC_OUTCOME]["lis_result_sourcedid"]
    launch_page = client.get("/demo-platform/launch/4?cmid=3").get_data(as_text=True)
    assert parse_form(launch_page).fields["target_link_uri"] == WELDING["url"]


def test_a_link_without_line_item_accepts_no_grades(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    token = response_jwt(tool_key, now=platform.now(), items=[FIRST_AID, WELDING])

    answer = send_back(client, deep_linking_request(client), token)

    assert answer.status_code == 200
    first_aid, welding = platform.activities.all()[1:]
    assert [(a.cmid, a.instance_id) for a in (first_aid, welding)] == [(3, 2), (4, 3)]
    assert platform.gradebook.line_items(resource_link_id="2") == []
    claims = launch_claims(client, 4, cmid=3)
    assert "lineitem" not in claims[AGS]
    assert BASIC_OUTCOME not in claims
    assert claims[LTI + "target_link_uri"] == TOOL.target_link_uri
    assert claims[LTI + "launch_presentation"]["document_target"] == "iframe"
    assert "launch_container=2&instanceid=2&" in claims[LTI + "launch_presentation"]["return_url"]


def test_the_seeded_activity_launches_as_before(client: FlaskClient):
    claims = launch_claims(client, 4, cmid=2)

    assert claims[LTI + "resource_link"]["id"] == "1"
    assert claims[AGS]["lineitem"].endswith("/lineitems/3/lineitem?type_id=1")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"aud": "http://elsewhere.test/moodle"}, "aud"),
        ({LTI + "message_type": "LtiResourceLinkRequest"}, "message_type"),
        ({LTI + "deployment_id": None}, "deployment_id"),
        ({LTI + "deployment_id": "2"}, "deployment_id"),
        ({"iss": "someone-else"}, "Consumer key is incorrect."),
        ({"nonce": None}, "nonce"),
        ({LTI + "version": "1.1"}, "version"),
        ({"exp": 1}, "Expired token"),
        ({DL + "content_items": {"type": "ltiResourceLink"}}, "response format"),
    ],
)
def test_a_response_moodle_must_refuse_adds_nothing(
    client: FlaskClient,
    platform: DemoMoodle,
    tool_key: rsa.RSAPrivateKey,
    tool_jwks,
    changes: dict,
    reason: str,
):
    token = response_jwt(tool_key, now=platform.now(), changes=changes)

    answer = send_back(client, deep_linking_request(client), token)

    assert answer.status_code == 400
    assert reason in answer.get_data(as_text=True)
    assert len(platform.activities.all()) == 1
    assert [item.id for item in platform.gradebook.line_items()] == [3]
    assert platform.deep_link_items == []


def test_a_response_signed_with_another_key_is_refused(
    client: FlaskClient, platform: DemoMoodle, tool_jwks: responses.RequestsMock
):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    answer = send_back(
        client, deep_linking_request(client), response_jwt(stranger, now=platform.now())
    )

    assert answer.status_code == 400
    assert "Signature verification failed" in answer.get_data(as_text=True)
    assert len(tool_jwks.calls) == 1
    assert len(platform.activities.all()) == 1


@pytest.mark.parametrize(
    ("form", "query"),
    [
        ({}, "course=2&id=1&sesskey={sesskey}"),
        ({"JWT": "not.a.jwt"}, "course=2&id=1&sesskey={sesskey}"),
        (None, "course=2&id=1&sesskey=wrong"),
        (None, "course=2&id=7&sesskey={sesskey}"),
        (None, "course=9&id=1&sesskey={sesskey}"),
    ],
)
def test_a_response_without_a_jwt_or_to_another_return_url_is_refused(
    client: FlaskClient,
    platform: DemoMoodle,
    tool_key: rsa.RSAPrivateKey,
    tool_jwks,
    form: dict | None,
    query: str,
):
    return_url = deep_linking_request(client)[SETTINGS]["deep_link_return_url"]
    sesskey = return_url.rsplit("sesskey=", 1)[1]
    path = "/demo-platform/mod/lti/contentitem_return.php?" + query.format(sesskey=sesskey)
    form = {"JWT": response_jwt(tool_key, now=platform.now())} if form is None else form

    answer = client.post(path, data=form)

    assert answer.status_code == 400
    assert answer.mimetype == "text/plain"
    assert len(platform.activities.all()) == 1


def test_a_response_with_no_item_adds_nothing(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    token = response_jwt(tool_key, now=platform.now(), items=[])

    answer = send_back(client, deep_linking_request(client), token)

    assert answer.status_code == 200
    assert "No content added" in answer.get_data(as_text=True)
    assert len(platform.activities.all()) == 1
    assert [item.id for item in platform.gradebook.line_items()] == [3]


def test_the_tools_error_message_is_shown_and_nothing_is_added(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    token = response_jwt(
        tool_key, now=platform.now(), changes={DL + "errormsg": "Nothing to place yet"}
    )

    answer = send_back(client, deep_linking_request(client), token)

    assert answer.status_code == 200
    assert "Nothing to place yet" in answer.get_data(as_text=True)
    assert len(platform.activities.all()) == 1
    assert platform.deep_link_items == [WELDING]


def test_items_other_than_lti_links_are_received_but_not_added(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    link = {"type": "link", "url": "https://example.test/"}
    token = response_jwt(tool_key, now=platform.now(), items=[link])

    answer = send_back(client, deep_linking_request(client), token)

    assert answer.status_code == 200
    assert platform.deep_link_items == [link]
    assert len(platform.activities.all()) == 1


def test_course_page_offers_select_content_and_launches_of_added_activities(
    client: FlaskClient, platform: DemoMoodle, tool_key: rsa.RSAPrivateKey, tool_jwks
):
    send_back(client, deep_linking_request(client), response_jwt(tool_key, now=platform.now()))

    page = client.get("/demo-platform/").get_data(as_text=True)

    assert f'href="{ISSUER}/mod/lti/contentitem.php?id=1&amp;course=2&amp;user=3"' in page
    assert "External tool: Welding safety" in page
    assert 'href="/demo-platform/launch/4?cmid=3"' in page


@pytest.fixture
def pylti1p3_registration(tool_key: rsa.RSAPrivateKey) -> Iterator[Registration]:
    """The tool's registration as pylti1p3 (which the tool builds on) holds it, its key set
    served where the platform fetches it."""
    pem = tool_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = tool_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    registration = (
        Registration()
        .set_issuer(ISSUER)
        .set_client_id(TOOL.client_id)
        .set_tool_private_key(pem.decode())
        .set_tool_public_key(public_pem.decode())
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(TOOL.jwks_url, json={"keys": [public_jwk(tool_key, registration.get_kid())]})
        yield registration


def test_a_response_pylti1p3_signs_is_accepted(
    client: FlaskClient,
    platform: DemoMoodle,
    clock: FakeClock,
    pylti1p3_registration: Registration,
):
    request = deep_linking_request(client)
    clock.advance(5)  # pylti1p3 stamps iat with the real clock, which has moved on meanwhile
    settings = request[SETTINGS]
    line_item = LineItem().set_label("Welding").set_tag("mc-7").set_resource_id("mc-7")
    resource = (
        DeepLinkResource()
        .set_type("ltiResourceLink")
        .set_title("Welding")
        .set_url(TOOL.target_link_uri)
        .set_custom_params({"micro_credential_id": "7"})
        .set_lineitem(line_item.set_score_maximum(100))
    )
    deep_link = DeepLink(pylti1p3_registration, request[LTI + "deployment_id"], settings)

    answer = send_back(client, request, deep_link.get_response_jwt([resource]))

    assert answer.status_code == 200, answer.get_data(as_text=True)
    [item] = platform.gradebook.line_items(tag="mc-7")
    assert (item.label, item.score_maximum, item.resource_link_id) == ("Welding", 100, "2")


def test_an_activated_tool_gets_requests_at_its_deep_linking_url(platform: DemoMoodle):
    request = json.loads(
        json.dumps(capture("32-dynreg-registration.json")["request"]).replace(
            "127.0.0.1:5001", "newtool.test"
        )
    )
    registered = platform.register(platform.registrations.new_token(), request)
    platform.activate(registered.client_id)

    initiation = platform.deep_linking_initiation(3)
    answer = platform.authenticate(
        auth_params(initiation, redirect_uri="http://newtool.test/launch")
    )

    payload = jwt.decode(answer.fields["id_token"], options={"verify_signature": False})
    assert initiation["target_link_uri"] == "http://newtool.test/deeplink"
    assert payload[LTI + "target_link_uri"] == "http://newtool.test/deeplink"
    assert payload[SETTINGS]["title"] == "Capture DynReg Tool"
    assert "&id=2&" in payload[SETTINGS]["deep_link_return_url"]
    assert platform.login_initiation(4)["target_link_uri"] == "http://newtool.test/launch"
