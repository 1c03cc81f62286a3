"""The platform's RSA signing key: loaded from a PEM file, or made and kept there, and its JWK."""

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_SIZE = 2048


def load_or_create_key(path: str | os.PathLike[str] | None) -> rsa.RSAPrivateKey:
    """The RSA key in the PEM file at `path`; a new key, written there (mode 0600), if none is.

    Without a path the key lives in memory only, so a restart changes it. Raises ValueError when
    the file holds something other than an unencrypted RSA private key.
    """
    if path is not None and Path(path).exists():
        return _read_key(Path(path))
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    if path is None:
        return key
    try:
        _write_key(Path(path), key)
    except FileExistsError:  # another process made it meanwhile: use that one
        return _read_key(Path(path))
    return key


def key_id(key: rsa.RSAPrivateKey) -> str:
    """A stable `kid` for the key: 20 hex digits of its public key's SHA-256, like Moodle's kids."""
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()[:20]


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, str]:
    """The public half as a JWK, with the members and order Moodle's certs.php uses."""
    numbers = key.public_key().public_numbers()
    return {
        "kty": "RSA",
        "alg": "RS256",
        "kid": kid,
        "e": _b64url_uint(numbers.e),
        "n": _b64url_uint(numbers.n),
        "use": "sig",
    }


def _read_key(path: Path) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as error:  # TypeError: the key is encrypted
        raise ValueError(f"{path} does not hold an unencrypted PEM private key") from error
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path} does not hold an RSA private key")
    return key


def _write_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
