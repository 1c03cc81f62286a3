"""eddsa-rdfc-2022 Data Integrity proofs, proven against the W3C test vector."""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.credentials.canonical import canonize
from adapters.credentials.data_integrity import add_proof, hash_data, proof_of, verify_proof
from adapters.credentials.document_loader import DEFAULT_LOADER
from adapters.credentials.errors import (
    MalformedProofError,
    MissingProofError,
    RemoteContextError,
    SignatureMismatchError,
    UndefinedTermError,
    UnsupportedProofError,
)
from adapters.credentials.keys import private_key_from_multibase
from adapters.credentials.ob3 import build_credential
from tests.factories import make_credential_content

VECTOR = Path(__file__).parents[2] / "vectors" / "w3c-vc-di-eddsa"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"
# The W3C example context is served to these tests only, never by the application's loader.
W3C_LOADER = DEFAULT_LOADER.extended(
    {EXAMPLES_CONTEXT: json.loads((VECTOR / "credentials-examples-v2.jsonld").read_text())}
)


def _vector(name: str):
    text = (VECTOR / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


@pytest.fixture
def w3c_signed():
    return _vector("signedDataInt.json")


@pytest.fixture
def w3c_unsigned(w3c_signed):
    return {key: value for key, value in w3c_signed.items() if key != "proof"}


@pytest.fixture
def w3c_private_key():
    return private_key_from_multibase(_vector("keyPair.json")["privateKeyMultibase"])


def test_w3c_vector_canonical_document_is_identical(w3c_unsigned):
    assert canonize(w3c_unsigned, loader=W3C_LOADER) == _vector("canonDocDataInt.txt")


def test_w3c_vector_canonical_proof_configuration_is_identical():
    proof_config = _vector("proofConfigDataInt.json")
    assert canonize(proof_config, loader=W3C_LOADER) == _vector("proofCanonDataInt.txt")


def test_w3c_vector_canonical_document_is_the_one_the_vector_hashed():
    # The vector's combined hash ends with sha256(canonical document): proof that our copy of
    # the canonical document (taken from the spec text) is the upstream one.
    combined = _vector("combinedHashDataInt.txt").strip()
    document_hash = hashlib.sha256(_vector("canonDocDataInt.txt").encode()).hexdigest()
    assert combined.endswith(document_hash)


def test_w3c_vector_hash_data_is_identical(w3c_unsigned):
    options = {k: v for k, v in _vector("proofConfigDataInt.json").items() if k != "@context"}
    hashed = hash_data(w3c_unsigned, options, loader=W3C_LOADER)
    assert hashed.hex() == _vector("combinedHashDataInt.txt").strip()


def test_w3c_vector_proof_value_is_byte_identical(w3c_unsigned, w3c_private_key, w3c_signed):
    signed = add_proof(
        w3c_unsigned,
        private_key=w3c_private_key,
        verification_method=w3c_signed["proof"]["verificationMethod"],
        created=datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC),
        loader=W3C_LOADER,
    )
    assert signed["proof"]["proofValue"] == _vector("sigBTC58DataInt.txt").strip()
    assert signed == w3c_signed


def test_w3c_vector_verifies(w3c_signed, w3c_private_key):
    verify_proof(w3c_signed, public_key=w3c_private_key.public_key(), loader=W3C_LOADER)


def test_w3c_vector_needs_the_example_context_which_the_application_does_not_load(
    w3c_signed, w3c_private_key
):
    with pytest.raises(RemoteContextError, match=EXAMPLES_CONTEXT):
        verify_proof(w3c_signed, public_key=w3c_private_key.public_key())


def test_w3c_vector_with_a_changed_subject_fails(w3c_signed, w3c_private_key):
    w3c_signed["credentialSubject"]["alumniOf"] = "The School of Counterfeits"
    with pytest.raises(SignatureMismatchError):
        verify_proof(w3c_signed, public_key=w3c_private_key.public_key(), loader=W3C_LOADER)


@pytest.fixture
def private_key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed(private_key):
    return add_proof(
        build_credential(make_credential_content()),
        private_key=private_key,
        verification_method="did:web:tool.example:orgs:school#key-1",
        created=datetime(2026, 6, 30, 12, 0, tzinfo=UTC),
    )


def test_the_proof_is_an_eddsa_rdfc_2022_data_integrity_proof_for_assertions(signed):
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["created"] == "2026-06-30T12:00:00Z"
    assert proof["verificationMethod"] == "did:web:tool.example:orgs:school#key-1"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["proofValue"].startswith("z")


def test_a_signed_credential_verifies_with_its_key(signed, private_key):
    verify_proof(signed, public_key=private_key.public_key())


def test_another_key_does_not_verify(signed):
    with pytest.raises(SignatureMismatchError):
        verify_proof(signed, public_key=Ed25519PrivateKey.generate().public_key())


def test_a_changed_proof_does_not_verify(signed, private_key):
    signed["proof"]["created"] = "2026-06-30T12:00:01Z"
    with pytest.raises(SignatureMismatchError):
        verify_proof(signed, public_key=private_key.public_key())


def test_a_document_with_a_proof_is_not_signed_again(signed, private_key):
    with pytest.raises(UnsupportedProofError, match="already"):
        add_proof(
            signed,
            private_key=private_key,
            verification_method="did:web:x#key-1",
            created=datetime(2026, 1, 1, tzinfo=UTC),
        )


def test_a_document_with_an_undefined_term_is_not_signed(private_key):
    document = {**build_credential(make_credential_content()), "unsignedNote": "x"}
    with pytest.raises(UndefinedTermError, match="unsignedNote"):
        add_proof(
            document,
            private_key=private_key,
            verification_method="did:web:x#key-1",
            created=datetime(2026, 1, 1, tzinfo=UTC),
        )


@pytest.mark.parametrize(
    ("proof", "error", "reason"),
    [
        (None, MissingProofError, "no proof"),
        ([], MissingProofError, "no proof"),
        ("proof", MalformedProofError, "not a JSON object"),
        ({"type": "Ed25519Signature2020"}, UnsupportedProofError, "Ed25519Signature2020"),
        ({"cryptosuite": "ecdsa-rdfc-2019"}, UnsupportedProofError, "ecdsa-rdfc-2019"),
        ({"cryptosuite": "eddsa-jcs-2022"}, UnsupportedProofError, "eddsa-jcs-2022"),
        ({"proofPurpose": "authentication"}, UnsupportedProofError, "authentication"),
        ({"verificationMethod": None}, MalformedProofError, "name the key"),
        ({"created": "yesterday"}, MalformedProofError, "creation time"),
    ],
)
def test_proofs_of_other_kinds_are_refused_with_the_reason(signed, proof, error, reason):
    if isinstance(proof, dict):
        proof = {**signed["proof"], **proof}
    document = {**signed, "proof": proof} if proof is not None else dict(signed)
    if proof is None:
        del document["proof"]
    with pytest.raises(error, match=reason):
        proof_of(document)


def test_a_single_proof_in_a_list_is_accepted_and_two_are_not(signed, private_key):
    verify_proof({**signed, "proof": [signed["proof"]]}, public_key=private_key.public_key())
    with pytest.raises(MissingProofError, match="several"):
        proof_of({**signed, "proof": [signed["proof"], signed["proof"]]})


@pytest.mark.parametrize(
    "proof_value",
    [
        None,
        7,
        "",
        "uSGVsbG8",  # base64url multibase, not base58btc
        "z0OIl",  # not base58
        "z3yMApqCuCjXDWPrbjfR5mjCPTHqFG8Pux1TxQrEM35jj",  # 32 bytes, not 64
        "z" + "2" * 500,
    ],
)
def test_a_badly_encoded_proof_value_is_refused(signed, private_key, proof_value):
    signed["proof"]["proofValue"] = proof_value
    with pytest.raises(MalformedProofError, match="proofValue"):
        verify_proof(signed, public_key=private_key.public_key())


def test_a_proof_context_must_be_the_start_of_the_document_context(signed, private_key):
    signed["proof"]["@context"] = signed["@context"][:1]
    verify_proof(signed, public_key=private_key.public_key())
    signed["proof"]["@context"] = ["https://w3id.org/security/data-integrity/v2"]
    with pytest.raises(MalformedProofError, match="@context"):
        verify_proof(signed, public_key=private_key.public_key())
