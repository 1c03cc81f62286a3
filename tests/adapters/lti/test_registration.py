"""The tool's side of Dynamic Registration against Moodle 5.1's recorded answers."""

import json
from pathlib import Path

import pytest
import requests
import responses

from adapters.lti.registration import TOOL_CONFIGURATION, DynamicRegistrar
from lti_tool.domain.errors import InvalidInput, ServiceUnavailable
from lti_tool.domain.platforms import ToolDescription

CAPTURES = Path(__file__).parents[2] / "vectors" / "moodle-5.1"
CONFIGURATION = json.loads((CAPTURES / "31-dynreg-openid-configuration.json").read_text())
REGISTRATION = json.loads((CAPTURES / "32-dynreg-registration.json").read_text())
OPENID = "http://127.0.0.1:8400/mod/lti/openid-configuration.php"
REGISTER = "http://127.0.0.1:8400/mod/lti/openid-registration.php"
TOOL = ToolDescription(
    name="microVET micro-credentials",
    initiate_login_uri="https://tool.example/lti/login",
    launch_uri="https://tool.example/lti/launch",
    jwks_uri="https://tool.example/lti/jwks.json",
)


@pytest.fixture
def registrar():
    return DynamicRegistrar(session=requests.Session())


@responses.activate
def test_moodles_configuration_is_read_with_the_registration_token(registrar):
    responses.get(OPENID, json=CONFIGURATION["response"]["body"])
    configuration = registrar.platform_configuration(OPENID, "the-token")
    assert configuration.issuer == "http://127.0.0.1:8400"
    assert configuration.registration_endpoint == REGISTER
    assert configuration.product_family_code == "moodle"
    assert responses.calls[0].request.headers["Authorization"] == "Bearer the-token"


@responses.activate
def test_the_registration_request_asks_for_least_data_and_the_answer_gives_the_client(registrar):
    responses.get(OPENID, json=CONFIGURATION["response"]["body"])
    responses.post(REGISTER, json=REGISTRATION["response"]["body"])
    configuration = registrar.platform_configuration(OPENID, "the-token")
    client = registrar.register(configuration, "the-token", TOOL)
    assert (client.client_id, client.deployment_id) == ("4Kejr4Nw7hgLzh1", "2")
    sent = json.loads(responses.calls[1].request.body)
    captured = REGISTRATION["request"]
    assert set(captured) - {"logo_uri"} <= set(sent)
    assert sent["redirect_uris"] == ["https://tool.example/lti/launch"]
    assert sent[TOOL_CONFIGURATION]["domain"] == "tool.example"
    assert "email" not in sent[TOOL_CONFIGURATION]["claims"]  # least data about learners
    assert "result.readonly" in sent["scope"] and "contextmembership.readonly" in sent["scope"]
    assert responses.calls[1].request.headers["Authorization"] == "Bearer the-token"


@responses.activate
def test_a_used_registration_token_is_refused_with_moodles_reason(registrar):
    responses.get(OPENID, json=CONFIGURATION["response"]["body"])
    reused = REGISTRATION["token_reused"]
    responses.post(REGISTER, status=reused["status"], body=reused["body"], content_type="text/html")
    configuration = registrar.platform_configuration(OPENID, "used")
    with pytest.raises(InvalidInput, match="401: token_already_used"):
        registrar.register(configuration, "used", TOOL)


@responses.activate
def test_a_configuration_whose_issuer_does_not_match_its_address_is_refused(registrar):
    body = {**CONFIGURATION["response"]["body"], "issuer": "https://elsewhere.example"}
    responses.get(OPENID, json=body)
    with pytest.raises(InvalidInput, match="does not match its address"):
        registrar.platform_configuration(OPENID, "t")


@responses.activate
@pytest.mark.parametrize(
    ("answer", "error", "reason"),
    [
        ({"json": {"issuer": "http://127.0.0.1:8400"}}, InvalidInput, "lacks"),
        ({"body": "<html>login</html>"}, ServiceUnavailable, "not JSON"),
        ({"json": ["a", "list"]}, ServiceUnavailable, "not a JSON object"),
        ({"status": 500, "body": "boom"}, InvalidInput, "500"),
        ({"body": requests.ConnectionError("refused")}, ServiceUnavailable, "could not be reached"),
        ({"body": "x" * 300_000}, ServiceUnavailable, "too large"),
    ],
)
def test_a_broken_configuration_is_refused_with_the_reason(registrar, answer, error, reason):
    responses.get(OPENID, **answer)
    with pytest.raises(error, match=reason):
        registrar.platform_configuration(OPENID, "t")


def test_a_configuration_url_that_is_not_http_is_refused_before_any_request(registrar):
    with pytest.raises(InvalidInput, match="not an http"):
        registrar.platform_configuration("file:///etc/passwd", "t")


@responses.activate
def test_an_endpoint_that_is_not_http_is_refused(registrar):
    body = {**CONFIGURATION["response"]["body"], "jwks_uri": "javascript:alert(1)"}
    responses.get(OPENID, json=body)
    with pytest.raises(InvalidInput, match="jwks_uri"):
        registrar.platform_configuration(OPENID, "t")
