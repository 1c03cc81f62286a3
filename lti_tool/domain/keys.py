"""The signing keys of an organisation, as stored and published: the private half always sealed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SigningKey:
    """One Ed25519 key pair an organisation signs credentials with.

    `key_id` is the fragment of the verification method in the organisation's DID document
    (e.g. "key-1", published as "<did>#key-1"). `public_key_multibase` is the Multikey form of the
    public key. The private key stays sealed everywhere but inside the signing adapter, which alone
    unseals it for the moment it signs. Keys are never deleted: a rotated-out key stays in the DID
    document so that the credentials it signed keep verifying.
    """

    key_id: str
    public_key_multibase: str
    sealed_private_key: str
    created_at: datetime
