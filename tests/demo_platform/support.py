"""Helpers for driving the demo platform as a tool would: captures, forms, launches, tokens."""

import json
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from lti_tool.demo_platform import ToolRegistration

VECTORS = Path(__file__).parents[1] / "vectors" / "moodle-5.1"
CAPTURED_SITE = "http://127.0.0.1:8400"
ISSUER = "http://localhost/demo-platform"
TOOL = ToolRegistration(
    client_id="demo-tool-client",
    initiate_login_url="http://tool.test/lti/login",
    target_link_uri="http://tool.test/lti/launch",
    jwks_url="http://tool.test/.well-known/jwks.json",
)
TOOL_KID = "tool-key-1"
TOKEN_URL = ISSUER + "/mod/lti/token.php"
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

SERVICES = "/demo-platform/mod/lti/services.php/2"
LINEITEMS = SERVICES + "/lineitems?type_id=1"
LINEITEM = SERVICES + "/lineitems/3/lineitem?type_id=1"
RESULTS = SERVICES + "/lineitems/3/lineitem/results?type_id=1"
SCORES = SERVICES + "/lineitems/3/lineitem/scores?type_id=1"
CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
ITEM = "application/vnd.ims.lis.v2.lineitem+json"
RESULTS_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"


class FakeClock:
    """A clock the test moves by hand, starting at `start` (epoch seconds) or now."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def capture(name: str) -> dict:
    """A Moodle 5.1 capture from tests/vectors/moodle-5.1/."""
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def shape(value: object) -> object:
    """The keys and JSON types of a value, recursively: what must match a capture."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def at_emulator(captured_url: str) -> str:
    """A captured URL moved from the captured Moodle site to the emulator."""
    return captured_url.replace(CAPTURED_SITE, ISSUER)


def here(captured_url: str) -> str:
    """A captured URL as a path for the emulator's test client."""
    return local_path(at_emulator(captured_url))


def assert_like(response: TestResponse, captured: dict, *, optional: tuple[str, ...] = ()) -> None:
    """Same status, Content-Type, and body keys and types as Moodle's answer; members named in
    `optional` are ones Moodle leaves out when empty."""
    assert response.status_code == captured["status"]
    captured_type = {k.lower(): v for k, v in captured["headers"].items()}["content-type"]
    assert response.headers["Content-Type"] == captured_type
    if captured["body"] not in ("", []):
        expected = shape(captured["body"])
        for item in expected if isinstance(expected, list) else [expected]:
            for key in optional:
                item.pop(key, None)
        assert shape(response.get_json(force=True)) == expected


def score_body(**changes: object) -> dict[str, object]:
    """A complete AGS score for learner 5, far in the future, with `changes` applied."""
    score: dict[str, object] = {
        "userId": "5",
        "scoreGiven": 64,
        "scoreMaximum": 100,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": "2099-01-01T00:00:00+00:00",
    }
    return score | changes


def local_path(url: str) -> str:
    """The path and query of a URL, for the test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.form: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self.has_noscript_button = False
        self._in_noscript = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.form = values
        elif tag == "input" and values.get("type") == "hidden":
            self.fields[values["name"]] = values["value"]
        elif tag == "noscript":
            self._in_noscript = True
        elif tag == "button" and self._in_noscript:
            self.has_noscript_button = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "noscript":
            self._in_noscript = False


def parse_form(html: str) -> _FormParser:
    """The auto-submitted form of a page: its attributes and hidden fields."""
    parser = _FormParser()
    parser.feed(html)
    return parser


def login_initiation(client: FlaskClient, user_id: int) -> dict[str, str]:
    """The fields the demo Moodle POSTs to the tool's login URL for this user."""
    response = client.get(f"/demo-platform/launch/{user_id}")
    assert response.status_code == 200
    return parse_form(response.get_data(as_text=True)).fields


def auth_params(initiation: dict[str, str], **overrides: str) -> dict[str, str]:
    """The authentication request a tool sends back, shaped as 02-auth-request-*.json."""
    params = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": initiation["client_id"],
        "redirect_uri": TOOL.target_link_uri,
        "login_hint": initiation["login_hint"],
        "state": "state-" + uuid.uuid4().hex,
        "nonce": "nonce-" + uuid.uuid4().hex,
        "lti_message_hint": initiation["lti_message_hint"],
    }
    params.update(overrides)
    return params


def launch_id_token(client: FlaskClient, user_id: int) -> str:
    """The id_token the demo Moodle POSTs to the tool for a launch as this user."""
    params = auth_params(login_initiation(client, user_id))
    response = client.get("/demo-platform/mod/lti/auth.php", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return parse_form(response.get_data(as_text=True)).fields["id_token"]


def client_assertion(key: rsa.RSAPrivateKey, *, now: float, **overrides: object) -> str:
    """A client assertion as 05-token.json shows, signed with `key`."""
    payload: dict[str, object] = {
        "iss": TOOL.client_id,
        "sub": TOOL.client_id,
        "aud": TOKEN_URL,
        "iat": int(now),
        "exp": int(now) + 300,
        "jti": str(uuid.uuid4()),
    }
    payload.update(overrides)
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": TOOL_KID})


def token_form(assertion: str, scopes: list[str]) -> dict[str, str]:
    """A client_credentials token request carrying `assertion`."""
    return {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
        "scope": " ".join(scopes),
    }
