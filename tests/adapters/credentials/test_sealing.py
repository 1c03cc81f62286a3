"""KeySealer: private keys sealed at rest, opened only with a configured key, rotatable."""

import pytest
from cryptography.fernet import Fernet

from adapters.sealing import KeySealer, SealingError


def test_sealed_bytes_open_again_and_are_not_readable():
    sealer = KeySealer([Fernet.generate_key().decode()])
    token = sealer.seal(b"private key bytes")
    assert b"private key bytes" not in token.encode()
    assert sealer.unseal(token) == b"private key bytes"


def test_a_token_does_not_open_with_another_sealing_key():
    token = KeySealer([Fernet.generate_key().decode()]).seal(b"secret")
    with pytest.raises(SealingError, match="could not be opened"):
        KeySealer([Fernet.generate_key().decode()]).unseal(token)


@pytest.mark.parametrize("token", ["", "not a token", "gAAAAA-broken", "ünïcode"])
def test_a_damaged_token_is_refused(token):
    with pytest.raises(SealingError):
        KeySealer([Fernet.generate_key().decode()]).unseal(token)


def test_rotation_opens_old_tokens_and_reseals_with_the_new_key():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = KeySealer([old]).seal(b"secret")
    rotated = KeySealer([new, old])
    assert rotated.unseal(token) == b"secret"
    resealed = rotated.reseal(token)
    assert KeySealer([new]).unseal(resealed) == b"secret"


@pytest.mark.parametrize("keys", [[], "a-single-string", ["too-short"], [""]])
def test_unusable_sealing_keys_are_refused_clearly(keys):
    with pytest.raises(SealingError, match=r"sealing key|Fernet"):
        KeySealer(keys)


def test_a_derived_key_is_a_stable_fernet_key_per_secret():
    key = KeySealer.derive_key("dev secret")
    assert key == KeySealer.derive_key("dev secret")
    assert key != KeySealer.derive_key("other secret")
    sealer = KeySealer([key])
    assert sealer.unseal(sealer.seal(b"x")) == b"x"


def test_a_token_another_key_sealed_cannot_be_resealed():
    token = KeySealer([Fernet.generate_key().decode()]).seal(b"secret")
    with pytest.raises(SealingError):
        KeySealer([Fernet.generate_key().decode()]).reseal(token)
