"""The tool's RSA keys for LTI: made here, sealed at rest, published as a JWKS."""

from collections.abc import Sequence
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

from adapters.sealing import KeySealer
from lti_tool.domain.platforms import ToolKeyPair


def new_tool_key(*, sealer: KeySealer, created_at: datetime) -> ToolKeyPair:
    """A fresh RSA-2048 key pair; its `kid` is the RFC 7638 thumbprint of the public key."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    jwk = public_jwk_of(private_pem.decode())
    return ToolKeyPair(
        kid=jwk["kid"],
        sealed_private_key=sealer.seal(private_pem),
        public_jwk=jwk,
        created_at=created_at,
    )


def public_jwk_of(private_pem: str) -> dict:
    """The public JWK (with kid, alg RS256, use sig) of a PEM private key."""
    jwk = JWK.from_pem(private_pem.encode())
    public = jwk.export_public(as_dict=True)
    public.update({"kid": jwk.thumbprint(), "alg": "RS256", "use": "sig"})
    return public


def jwks(keys: Sequence[ToolKeyPair]) -> dict:
    """The JSON Web Key Set that platforms fetch to check the tool's signatures."""
    return {"keys": [dict(key.public_jwk) for key in keys]}


class RsaToolKeys:
    """Makes and publishes the tool's LTI keys; the private halves are sealed by `sealer`."""

    def __init__(self, *, sealer: KeySealer):
        self._sealer = sealer

    def new_key(self, created_at: datetime) -> ToolKeyPair:
        return new_tool_key(sealer=self._sealer, created_at=created_at)

    def jwks(self, keys: Sequence[ToolKeyPair]) -> dict:
        return jwks(keys)
