"""The demo platform's signing key: kept in a PEM file with mode 0600, stable across restarts."""

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lti_tool.demo_platform import DemoMoodle
from lti_tool.demo_platform.keys import load_or_create_key
from tests.demo_platform.support import ISSUER, TOOL


def test_a_new_key_is_written_private_and_reloaded_with_the_same_kid(tmp_path: Path):
    path = tmp_path / "instance" / "platform.pem"

    first = DemoMoodle(issuer=ISSUER, tool=TOOL, key_path=str(path))
    again = DemoMoodle(issuer=ISSUER, tool=TOOL, key_path=str(path))

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert first.kid == again.kid
    assert first.jwks() == again.jwks()
    assert len(first.kid) == 20


def test_without_a_path_the_key_lives_in_memory(platform_key_path: Path):
    assert load_or_create_key(None).key_size == 2048
    assert load_or_create_key(platform_key_path).key_size == 2048


def test_a_file_that_is_not_a_key_is_refused(tmp_path: Path):
    path = tmp_path / "platform.pem"
    path.write_text("not a key")

    with pytest.raises(ValueError, match="does not hold an unencrypted PEM private key"):
        load_or_create_key(path)


def test_a_key_that_is_not_rsa_is_refused(tmp_path: Path):
    path = tmp_path / "platform.pem"
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)

    with pytest.raises(ValueError, match="does not hold an RSA private key"):
        load_or_create_key(path)
