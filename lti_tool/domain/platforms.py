"""Platform registrations and the tool's LTI key pairs, as the LTI adapter receives them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# A new tool key is published at once but signs only after this delay, because platforms may
# cache the tool's key set: by then every platform has seen it.
KEY_ACTIVATION_DELAY = timedelta(hours=1)
# Keys older than the signing key stay published this long after it started signing, so that
# anything signed with them just before (client assertions live a minute) still verifies.
KEY_RETIREMENT_DELAY = timedelta(days=1)


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
    created_at: datetime


def signing_key(keys: Sequence[ToolKeyPair], now: datetime) -> ToolKeyPair:
    """The key to sign with now: the newest one past its activation delay, else the oldest.

    The first key of a new installation signs at once: no platform can have cached another.
    """
    if not keys:
        raise ValueError("the tool has no LTI key")
    ordered = sorted(keys, key=lambda key: key.created_at)
    active = [key for key in ordered if key.created_at + KEY_ACTIVATION_DELAY <= now]
    return active[-1] if active else ordered[0]


def published_keys(keys: Sequence[ToolKeyPair], now: datetime) -> list[ToolKeyPair]:
    """The keys the tool's JWKS lists now: the signing key, the keys waiting to sign, and older
    keys until KEY_RETIREMENT_DELAY after the signing key became active."""
    if not keys:
        return []
    signer = signing_key(keys, now)
    retired_after = signer.created_at + KEY_ACTIVATION_DELAY + KEY_RETIREMENT_DELAY
    return [
        key
        for key in sorted(keys, key=lambda key: key.created_at)
        if key.created_at >= signer.created_at or now < retired_after
    ]


@dataclass(frozen=True)
class PlatformConfiguration:
    """What a platform publishes for LTI Dynamic Registration (its OpenID configuration)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    registration_endpoint: str
    product_family_code: str


@dataclass(frozen=True)
class ToolDescription:
    """How the tool presents itself when it registers with a platform."""

    name: str
    initiate_login_uri: str
    launch_uri: str
    jwks_uri: str
    logo_uri: str | None = None


@dataclass(frozen=True)
class ClientRegistration:
    """What the platform answers a registration: the tool's client id and its deployment."""

    client_id: str
    deployment_id: str


@dataclass(frozen=True)
class WebServiceCheck:
    """What a Moodle web service token reaches: the site, the token's user, and the functions
    the tool needs that its external service lacks (to be added there)."""

    site_name: str
    user: str
    missing_functions: tuple[str, ...] = ()
