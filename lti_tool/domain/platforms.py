"""Platform registrations and the tool's LTI key pairs, as the LTI adapter receives them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlatformRegistration:
    """What the tool knows of one LMS registration (issuer + client_id)."""

    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    deployment_ids: tuple[str, ...]


@dataclass(frozen=True)
class ToolKeyPair:
    """The tool's RSA key for LTI: `kid`, the sealed private key (PEM) and the public JWK."""

    kid: str
    sealed_private_key: str
    public_jwk: dict
