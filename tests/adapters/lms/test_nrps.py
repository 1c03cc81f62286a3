"""The roster from NRPS, as Moodle 5.1 answers it, over every page."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from adapters.lms.nrps import NrpsRoster
from adapters.lms.platform_services import PlatformServices, next_page
from adapters.sealing import KeySealer
from lti_tool.domain.launch import Role
from lti_tool.domain.platforms import PlatformRegistration, ToolKeyPair

CAPTURES = Path(__file__).parents[2] / "vectors" / "moodle-5.1"
MEMBERS = json.loads((CAPTURES / "12-nrps-members.json").read_text())
PAGED = json.loads((CAPTURES / "12b-nrps-members-limit1.json").read_text())
ISSUER = "http://127.0.0.1:8400"
TOKEN_URL = f"{ISSUER}/mod/lti/token.php"
MEMBERSHIPS = f"{ISSUER}/mod/lti/services.php/CourseSection/2/bindings/1/memberships"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            '<https://lms.example/m?limit=1&from=1>; rel="next"',
            "https://lms.example/m?limit=1&from=1",
        ),
        ("<https://lms.example/l?a=1&amp;b=2>; rel=“next”", "https://lms.example/l?a=1&b=2"),
        (
            "<https://lms.example/l?a=1&amp;b=2>; rel=“next”".encode().decode("latin-1"),
            "https://lms.example/l?a=1&b=2",
        ),
        (
            '<https://lms.example/1>; rel="first", <https://lms.example/3>; rel="next"',
            "https://lms.example/3",
        ),
        ('<https://lms.example/9>; rel="last"', None),
        ("", None),
    ],
)
def test_next_page_is_found_however_moodle_quotes_it(header, expected):
    assert next_page(header) == expected


class Registrations:
    def find(self, issuer, client_id):
        return PlatformRegistration(ISSUER, "client", f"{ISSUER}/auth", TOKEN_URL, "x", ("1",))


class ToolKeys:
    def __init__(self, sealer):
        pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self.key = ToolKeyPair("kid", sealer.seal(pem), {}, datetime(2026, 1, 1, tzinfo=UTC))

    def signing_key(self):
        return self.key


class Tokens(dict):
    def get(self, key):
        return super().get(key)

    def put(self, key, token, lifetime_seconds):
        self[key] = token


@pytest.fixture
def roster():
    sealer = KeySealer([KeySealer.derive_key("nrps tests")])
    services = PlatformServices(
        registrations=Registrations(),
        tool_keys=ToolKeys(sealer),
        sealer=sealer,
        session=requests.Session(),
        tokens=Tokens(),
    )
    return NrpsRoster(services=services)


def token_answer():
    return {"access_token": "t", "token_type": "Bearer", "expires_in": 3600, "scope": "x"}


@responses.activate
def test_members_are_read_with_names_and_roles_and_emails_kept_out_of_sight(roster):
    responses.post(TOKEN_URL, json=token_answer(), content_type="text/html")
    responses.get(MEMBERSHIPS, json=MEMBERS["response"]["body"])
    members = roster.members(issuer=ISSUER, client_id="client", memberships_url=MEMBERSHIPS)
    assert [(m.subject, m.name, m.role) for m in members] == [
        ("5", "Sally Student", Role.LEARNER),
        ("4", "Sam Student", Role.LEARNER),
        ("3", "Tina Teacher", Role.TEACHER),
    ]
    # Emails match an uploaded grade file; they are never shown, logged or stored.
    assert [m.email for m in members] == [
        "student2@example.com",
        "student1@example.com",
        "teacher1@example.com",
    ]
    assert not any("@" in repr(member) for member in members)
    assert responses.calls[1].request.headers["Authorization"] == "Bearer t"


@responses.activate
def test_every_page_is_followed(roster):
    responses.post(TOKEN_URL, json=token_answer())
    first = f"{MEMBERSHIPS}?limit=1"
    responses.get(
        first,
        json=PAGED["response"]["body"],
        headers={"Link": PAGED["response"]["headers"]["Link"]},
    )
    rest = MEMBERS["response"]["body"] | {"members": MEMBERS["response"]["body"]["members"][1:]}
    responses.get(f"{MEMBERSHIPS}?limit=1&from=1", json=rest)
    members = roster.members(issuer=ISSUER, client_id="client", memberships_url=first)
    assert [m.subject for m in members] == ["5", "4", "3"]
