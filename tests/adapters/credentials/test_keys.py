"""Ed25519 keys: made sealed, published as Multikey, read back from multibase."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.credentials.errors import KeyFormatError
from adapters.credentials.keys import (
    new_signing_key,
    private_key_from_multibase,
    public_key_from_multibase,
    public_key_multibase,
    raw_private_key,
    unseal_private_key,
)
from adapters.sealing import KeySealer, SealingError
from lti_tool.domain.keys import SigningKey

W3C_KEY_PAIR = Path(__file__).parents[2] / "vectors" / "w3c-vc-di-eddsa" / "keyPair.json"
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_new_key_is_published_as_multikey_and_stored_only_sealed(sealer):
    key = new_signing_key(sealer=sealer, key_id="key-1", created_at=CREATED)
    assert key.key_id == "key-1"
    assert key.created_at == CREATED
    assert key.public_key_multibase.startswith("z6Mk")  # ed25519-pub in base58btc
    private_key = unseal_private_key(key, sealer=sealer)
    assert public_key_multibase(private_key.public_key()) == key.public_key_multibase


def test_the_sealed_key_does_not_open_with_another_sealing_key(sealer):
    key = new_signing_key(sealer=sealer, key_id="key-1", created_at=CREATED)
    with pytest.raises(SealingError):
        unseal_private_key(key, sealer=KeySealer([KeySealer.derive_key("another")]))


def test_sealed_bytes_that_are_not_a_key_are_refused(sealer):
    key = SigningKey("key-1", "z6Mk", sealer.seal(b"too short"), CREATED)
    with pytest.raises(KeyFormatError):
        unseal_private_key(key, sealer=sealer)


def test_the_w3c_key_pair_encodes_both_ways():
    pair = json.loads(W3C_KEY_PAIR.read_text())
    private_key = private_key_from_multibase(pair["privateKeyMultibase"])
    assert public_key_multibase(private_key.public_key()) == pair["publicKeyMultibase"]
    public_key = public_key_from_multibase(pair["publicKeyMultibase"])
    assert public_key_multibase(public_key) == pair["publicKeyMultibase"]


def test_multibase_is_z_and_base58btc_of_the_ed25519_multicodec_header_and_key():
    private_key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    encoded = public_key_multibase(private_key.public_key())
    assert encoded == "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
    assert len(raw_private_key(private_key)) == 32


@pytest.mark.parametrize(
    "value",
    [
        None,
        42,
        "",
        "z",
        "6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",  # no multibase prefix
        "u7QFeDPVGaHZk5J4UfKfLJ5k1OsZ2K97_NrJ9yEmcYS0",  # base64url, not base58btc
        "z0OIl",  # characters base58 does not use
        "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",  # a secp256k1 key
        "z6Mk" + "1" * 300,
        "zé",
    ],
)
def test_anything_but_an_ed25519_multikey_is_refused(value):
    with pytest.raises(KeyFormatError):
        public_key_from_multibase(value)
