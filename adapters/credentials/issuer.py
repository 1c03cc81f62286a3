"""Ob3CredentialIssuer: signing keys for organisations, signed OB3 credentials of awards, and
co-awarding bodies' signed endorsements of micro-credentials."""

from datetime import datetime

from adapters.credentials.data_integrity import add_proof
from adapters.credentials.document_loader import DEFAULT_LOADER, StaticDocumentLoader
from adapters.credentials.endorsements import build_endorsement
from adapters.credentials.errors import IssuingError, KeyFormatError
from adapters.credentials.keys import new_signing_key, public_key_multibase, unseal_private_key
from adapters.credentials.ob3 import build_credential
from adapters.sealing import KeySealer
from lti_tool.domain.credentials import CredentialContent
from lti_tool.domain.endorsements import EndorsementContent
from lti_tool.domain.keys import SigningKey


class Ob3CredentialIssuer:
    """Makes Ed25519 keys (sealed at once) and signs OB3 credentials with eddsa-rdfc-2022.

    The private key is unsealed only inside `issue`, for the moment it signs.
    """

    def __init__(self, *, sealer: KeySealer, loader: StaticDocumentLoader = DEFAULT_LOADER):
        self._sealer = sealer
        self._loader = loader

    def new_key(self, key_id: str, created_at: datetime) -> SigningKey:
        """A new Ed25519 signing key named `key_id` in the DID document, private half sealed."""
        return new_signing_key(sealer=self._sealer, key_id=key_id, created_at=created_at)

    def issue(self, content: CredentialContent, key: SigningKey) -> dict:
        """The signed OpenBadgeCredential of `content`, proof by `key` of the issuer's DID.

        The proof's verificationMethod is "<issuer DID>#<key_id>" and its `created` is the
        issuing time. Raises IssuingError when the issuer has no DID, SealingError when the key
        cannot be unsealed, KeyFormatError when the sealed key is not the published one, and the
        canonical.py errors if the credential would not be fully covered by the signature.
        """
        if not content.issuer.did:
            raise IssuingError(
                f"The organisation {content.issuer.slug!r} has no DID yet, so it cannot sign."
            )
        return self._signed(
            build_credential(content), key, did=content.issuer.did, created=content.issued_at
        )

    def endorse(self, content: EndorsementContent, key: SigningKey) -> dict:
        """The EndorsementCredential of `content`, signed by `key` of the endorser's DID.

        Raises IssuingError when the endorser has no DID, and otherwise as `issue` does.
        """
        document = build_endorsement(content)
        return self._signed(document, key, did=content.endorser.did, created=content.issued_at)

    def _signed(self, document: dict, key: SigningKey, *, did: str, created: datetime) -> dict:
        private_key = unseal_private_key(key, sealer=self._sealer)
        if public_key_multibase(private_key.public_key()) != key.public_key_multibase:
            raise KeyFormatError(
                f"The sealed key {key.key_id!r} does not match the public key published for it."
            )
        signed = add_proof(
            document,
            private_key=private_key,
            verification_method=f"{did}#{key.key_id}",
            created=created,
            loader=self._loader,
        )
        # OB3's JSON Schema types `proof` as a list; VC 2.0 allows one proof or a set, and a
        # set of one signs the same bytes (docs/decisions/0010-one-status-entry.md).
        return {**signed, "proof": [signed["proof"]]}
