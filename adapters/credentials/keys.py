"""Ed25519 signing keys: made here, sealed at once, published as Multikey (multibase/multicodec)."""

from datetime import datetime

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from adapters.credentials import terms
from adapters.credentials.errors import KeyFormatError
from adapters.sealing import KeySealer
from lti_tool.domain.keys import SigningKey

_RAW_KEY_BYTES = 32
_MAX_MULTIBASE_CHARS = 200  # a Multikey is 48 characters; refuse to decode anything far longer


def new_signing_key(*, sealer: KeySealer, key_id: str, created_at: datetime) -> SigningKey:
    """A fresh Ed25519 key pair; the private key (its raw 32-byte seed) leaves only sealed."""
    private_key = Ed25519PrivateKey.generate()
    return SigningKey(
        key_id=key_id,
        public_key_multibase=public_key_multibase(private_key.public_key()),
        sealed_private_key=sealer.seal(raw_private_key(private_key)),
        created_at=created_at,
    )


def unseal_private_key(key: SigningKey, *, sealer: KeySealer) -> Ed25519PrivateKey:
    """The private key of `key`; raises SealingError or KeyFormatError when it cannot be opened."""
    raw = sealer.unseal(key.sealed_private_key)
    if len(raw) != _RAW_KEY_BYTES:
        raise KeyFormatError(f"The sealed key {key.key_id!r} is not an Ed25519 private key.")
    return Ed25519PrivateKey.from_private_bytes(raw)


def raw_private_key(private_key: Ed25519PrivateKey) -> bytes:
    """The 32-byte seed of an Ed25519 private key (RFC 8032 §5.1.5)."""
    return private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The Multikey `publicKeyMultibase`: "z" + base58btc(0xed 0x01 + the 32-byte public key).

    https://www.w3.org/TR/vc-di-eddsa/#multikey
    """
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return terms.MULTIBASE_BASE58BTC + base58.b58encode(
        terms.ED25519_PUBLIC_KEY_HEADER + raw
    ).decode("ascii")


def public_key_from_multibase(value: object) -> Ed25519PublicKey:
    """The Ed25519 public key of a `publicKeyMultibase`; raises KeyFormatError otherwise."""
    raw = _decode_multikey(value, terms.ED25519_PUBLIC_KEY_HEADER, "public")
    return Ed25519PublicKey.from_public_bytes(raw)


def private_key_from_multibase(value: object) -> Ed25519PrivateKey:
    """The Ed25519 private key of a `secretKeyMultibase` (0x80 0x26 header), as in test vectors."""
    raw = _decode_multikey(value, terms.ED25519_PRIVATE_KEY_HEADER, "private")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _decode_multikey(value: object, header: bytes, kind: str) -> bytes:
    if (
        not isinstance(value, str)
        or len(value) > _MAX_MULTIBASE_CHARS
        or not value.startswith(terms.MULTIBASE_BASE58BTC)
    ):
        raise KeyFormatError(f"The {kind} key is not a base58btc multibase value.")
    try:
        decoded = base58.b58decode(value[1:])
    except ValueError:
        raise KeyFormatError(f"The {kind} key is not valid base58.") from None
    if not decoded.startswith(header) or len(decoded) != len(header) + _RAW_KEY_BYTES:
        raise KeyFormatError(f"The {kind} key is not an Ed25519 Multikey.")
    return decoded[len(header) :]
