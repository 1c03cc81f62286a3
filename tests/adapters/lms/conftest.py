"""Fixtures: the AGS adapters over PlatformServices with a real tool key, and a Moodle served
by `responses` (`moodle_http`; the emulated Moodle of tests/conftest.py is `moodle`)."""

from datetime import UTC, datetime

import pytest
import requests
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from adapters.lms.ags import AgsResultFeed, AgsScores
from adapters.lms.ags_line_items import AgsLineItems
from adapters.lms.platform_services import PlatformServices
from adapters.sealing import KeySealer
from lti_tool.domain.platforms import PlatformRegistration, ToolKeyPair
from tests.adapters.lms.support import ISSUER, TOKEN_URL, capture


class OneRegistration:
    def find(self, issuer, client_id):
        return PlatformRegistration(ISSUER, "client", f"{ISSUER}/auth", TOKEN_URL, "x", ("1",))


class OneToolKey:
    def __init__(self, key: ToolKeyPair):
        self.key = key

    def signing_key(self):
        return self.key


class TokensInMemory(dict):
    def get(self, key):
        return super().get(key)

    def put(self, key, token, lifetime_seconds):
        self[key] = token


@pytest.fixture(scope="session")
def sealer() -> KeySealer:
    return KeySealer([KeySealer.derive_key("lms adapter tests")])


@pytest.fixture(scope="session")
def tool_key(sealer: KeySealer) -> ToolKeyPair:
    """One RSA key for the run: generating keys is the slow part."""
    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return ToolKeyPair("kid", sealer.seal(pem), {}, datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture
def services(sealer: KeySealer, tool_key: ToolKeyPair) -> PlatformServices:
    return PlatformServices(
        registrations=OneRegistration(),
        tool_keys=OneToolKey(tool_key),
        sealer=sealer,
        session=requests.Session(),
        tokens=TokensInMemory(),
    )


@pytest.fixture
def moodle_http():
    """Moodle's token endpoint (JSON sent as text/html, as 05-token.json shows); each test adds
    the AGS answers it needs, and every answer added must be asked for."""
    with responses.RequestsMock() as mock:
        token = capture("05-token.json")["response"]["body"]
        mock.post(TOKEN_URL, json=token, content_type="text/html; charset=utf-8")
        yield mock


@pytest.fixture
def line_items(services):
    return AgsLineItems(services=services)


@pytest.fixture
def feed(services):
    return AgsResultFeed(services=services)


@pytest.fixture
def scores(services):
    return AgsScores(services=services)
