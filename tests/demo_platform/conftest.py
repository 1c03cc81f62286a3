"""Fixtures: a bare Flask app holding a DemoMoodle (not the tool's app), keys, and tokens."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from flask.testing import FlaskClient

from lti_tool.demo_platform import DemoMoodle, bp
from lti_tool.demo_platform.keys import public_jwk
from tests.demo_platform.support import (
    AGS_SCOPES,
    ISSUER,
    NRPS_SCOPE,
    TOOL,
    TOOL_KID,
    FakeClock,
    client_assertion,
    token_form,
)


@pytest.fixture(scope="session")
def platform_key_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One platform key for the whole run: RSA key generation is the slow part."""
    path = tmp_path_factory.mktemp("demo-platform") / "platform.pem"
    DemoMoodle(issuer=ISSUER, tool=TOOL, key_path=str(path))
    return path


@pytest.fixture(scope="session")
def tool_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def platform(platform_key_path: Path, clock: FakeClock) -> DemoMoodle:
    return DemoMoodle(issuer=ISSUER, tool=TOOL, key_path=str(platform_key_path), clock=clock)


@pytest.fixture
def client(platform: DemoMoodle) -> FlaskClient:
    app = Flask(__name__)
    app.extensions["demo_platform"] = platform
    app.register_blueprint(bp, url_prefix="/demo-platform")
    return app.test_client()


@pytest.fixture
def tool_jwks(tool_key: rsa.RSAPrivateKey) -> Iterator[responses.RequestsMock]:
    """The tool's JWKS, served over HTTP where the platform fetches it."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(TOOL.jwks_url, json={"keys": [public_jwk(tool_key, TOOL_KID)]})
        yield mock


@pytest.fixture
def get_token(
    client: FlaskClient,
    platform: DemoMoodle,
    tool_key: rsa.RSAPrivateKey,
    tool_jwks: responses.RequestsMock,
) -> Callable[..., str]:
    """Ask the token endpoint for a bearer token with these scopes (all of them by default)."""

    def get(scopes: list[str] | None = None) -> str:
        assertion = client_assertion(tool_key, now=platform.now())
        form = token_form(assertion, scopes or [*AGS_SCOPES, NRPS_SCOPE])
        response = client.post("/demo-platform/mod/lti/token.php", data=form)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json(force=True)["access_token"]

    return get


@pytest.fixture
def bearer(get_token: Callable[..., str]) -> dict[str, str]:
    """An Authorization header with a token for every scope Moodle grants the tool."""
    return {"Authorization": f"Bearer {get_token()}"}
