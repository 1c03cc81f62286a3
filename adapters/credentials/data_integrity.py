"""W3C Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite: add one, check one.

https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022: the signed bytes are
sha256(canonical proof configuration) || sha256(canonical document without proof), where both
canonical forms are RDFC-1.0 N-Quads and the proof configuration carries the document's @context.
"""

import hashlib
from datetime import datetime

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from adapters.credentials import terms
from adapters.credentials.canonical import canonize
from adapters.credentials.datetimes import from_xsd, to_xsd
from adapters.credentials.document_loader import DEFAULT_LOADER, StaticDocumentLoader
from adapters.credentials.errors import (
    MalformedProofError,
    MissingProofError,
    SignatureMismatchError,
    UnsupportedProofError,
)

_SIGNATURE_BYTES = 64
_MAX_PROOF_VALUE_CHARS = 200  # a base58btc Ed25519 signature is 87-88 characters
_MAX_SHOWN = 60


def add_proof(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    loader: StaticDocumentLoader = DEFAULT_LOADER,
) -> dict:
    """A copy of `document` with an eddsa-rdfc-2022 DataIntegrityProof for assertions.

    Raises UnsupportedProofError if `document` already has a proof (proof sets are not made
    here), and the canonical.py errors if the document would not be fully covered.
    """
    if "proof" in document:
        raise UnsupportedProofError("The document already carries a proof.")
    proof = {
        "type": terms.DATA_INTEGRITY_PROOF,
        "cryptosuite": terms.CRYPTOSUITE_EDDSA_RDFC_2022,
        "created": to_xsd(created),
        "verificationMethod": verification_method,
        "proofPurpose": terms.PROOF_PURPOSE_ASSERTION,
    }
    signature = private_key.sign(hash_data(document, proof, loader=loader))
    proof_value = terms.MULTIBASE_BASE58BTC + base58.b58encode(signature).decode("ascii")
    return {**document, "proof": {**proof, "proofValue": proof_value}}


def verify_proof(
    document: dict,
    *,
    public_key: Ed25519PublicKey,
    loader: StaticDocumentLoader = DEFAULT_LOADER,
) -> None:
    """Return quietly when the document's one proof is a valid signature by `public_key`.

    Raises MissingProofError, UnsupportedProofError or MalformedProofError (see `proof_of`),
    RemoteContextError, UndefinedTermError, RelativeIriError or CanonicalizationError when the
    document or proof cannot be canonicalised in full, and SignatureMismatchError when the
    signature does not match: the document or the proof was changed, or another key signed.
    """
    proof = proof_of(document)
    signature = _decoded_proof_value(proof.get("proofValue"))
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    context = document.get("@context")
    if "@context" in options:
        _check_proof_context(options["@context"], context)
        del options["@context"]
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    try:
        public_key.verify(signature, hash_data(unsecured, options, loader=loader))
    except InvalidSignature:
        raise SignatureMismatchError() from None


def proof_of(document: dict) -> dict:
    """The document's one proof, if it is a DataIntegrityProof we accept for assertions.

    Raises MissingProofError (none, or several), UnsupportedProofError (another type,
    cryptosuite or purpose) or MalformedProofError (no verificationMethod, a bad `created`).
    """
    proof = document.get("proof")
    if isinstance(proof, list):
        if len(proof) != 1:
            raise MissingProofError(
                "The credential carries several proofs; exactly one is accepted."
                if proof
                else "The credential carries no proof."
            )
        proof = proof[0]
    if proof is None:
        raise MissingProofError()
    if not isinstance(proof, dict):
        raise MalformedProofError("The credential's proof is not a JSON object.")
    if proof.get("type") != terms.DATA_INTEGRITY_PROOF:
        raise UnsupportedProofError(
            f"The proof type {_shown(proof.get('type'))} is not accepted; "
            f"only {terms.DATA_INTEGRITY_PROOF} is."
        )
    if proof.get("cryptosuite") != terms.CRYPTOSUITE_EDDSA_RDFC_2022:
        raise UnsupportedProofError(
            f"The cryptosuite {_shown(proof.get('cryptosuite'))} is not accepted; "
            f"only {terms.CRYPTOSUITE_EDDSA_RDFC_2022} is."
        )
    if proof.get("proofPurpose") != terms.PROOF_PURPOSE_ASSERTION:
        raise UnsupportedProofError(
            f"The proof purpose {_shown(proof.get('proofPurpose'))} is not accepted; "
            f"a credential needs {terms.PROOF_PURPOSE_ASSERTION}."
        )
    if not isinstance(proof.get("verificationMethod"), str):
        raise MalformedProofError("The proof does not name the key that made it.")
    if "created" in proof and from_xsd(proof["created"]) is None:
        raise MalformedProofError("The proof's creation time is not a valid date-time.")
    return proof


def hash_data(unsecured: dict, proof_options: dict, *, loader: StaticDocumentLoader) -> bytes:
    """The 64 bytes eddsa-rdfc-2022 signs: hash of the proof configuration, then of the document.

    https://www.w3.org/TR/vc-di-eddsa/#hashing-eddsa-rdfc-2022
    """
    proof_config = {**proof_options, "@context": unsecured.get("@context")}
    proof_hash = hashlib.sha256(canonize(proof_config, loader=loader).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonize(unsecured, loader=loader).encode("utf-8")).digest()
    return proof_hash + document_hash


def _decoded_proof_value(value: object) -> bytes:
    if (
        not isinstance(value, str)
        or not value.startswith(terms.MULTIBASE_BASE58BTC)
        or len(value) > _MAX_PROOF_VALUE_CHARS
    ):
        raise MalformedProofError("The proofValue is not a base58btc multibase value.")
    try:
        signature = base58.b58decode(value[1:])
    except ValueError:
        raise MalformedProofError("The proofValue is not valid base58.") from None
    if len(signature) != _SIGNATURE_BYTES:
        raise MalformedProofError("The proofValue is not a 64-byte Ed25519 signature.")
    return signature


def _check_proof_context(proof_context: object, document_context: object) -> None:
    """A proof's own @context must be where the document's starts (vc-di-eddsa, Verify Proof)."""
    proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
    document_list = document_context if isinstance(document_context, list) else [document_context]
    if document_list[: len(proof_list)] != proof_list:
        raise MalformedProofError("The proof's @context does not match the credential's.")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"
