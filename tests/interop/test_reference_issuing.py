"""Credentials the JavaScript reference stack issues verify in the tool's verifier.

Ed25519 signatures are deterministic, so the reference stack signing the tool's unsigned
credential with the same key and time must give back exactly the tool's signed credential.
"""

import copy
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.credentials import terms
from adapters.credentials.did import did_key_document
from adapters.credentials.ob3 import build_credential
from tests.factories import make_credential_content, make_organisation
from tests.interop.client import Multikey
from tests.interop.tool_credentials import (
    CHECKED_AT,
    ISSUED_AT,
    VARIANT_NAMES,
    complete_micro_credential,
    credential_variants,
)

W3C_VECTOR = Path(__file__).parents[1] / "vectors" / "w3c-vc-di-eddsa"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"
# RFC 8032 §7.1 TEST 2 secret key: a published, fixed Ed25519 seed.
SEED = bytes.fromhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")


def _unsigned(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "proof"}


def _content_issued_by(did: str):
    """A publishable content (every mandatory Annex I element) whose issuer is `did`."""
    return make_credential_content(
        issuer=make_organisation(did=did),
        issued_at=ISSUED_AT,
        micro_credential=complete_micro_credential(),
    )


@pytest.fixture(scope="module")
def did_key_issuer():
    """An issuer identified by the did:key of a fixed key, and that key as a Multikey."""
    key = Multikey.of(Ed25519PrivateKey.from_private_bytes(SEED))
    did = terms.DID_KEY_PREFIX + key.public_key_multibase
    return did, key


def test_a_credential_the_reference_stack_issues_for_a_did_key_verifies_in_ours(
    reference_stack, tool, did_key_issuer
):
    did, key = did_key_issuer
    signed = reference_stack.issue(
        build_credential(_content_issued_by(did)),
        key=key,
        verification_method=f"{did}#{key.public_key_multibase}",
        created=ISSUED_AT,
    )
    report = tool.verifier().verify(signed)
    assert report.verified, report.as_dict()
    assert reference_stack.verify(
        signed, documents={did: did_key_document(did)}, now=CHECKED_AT
    ).verified


def test_a_changed_credential_the_reference_stack_issued_fails_in_ours(
    reference_stack, tool, did_key_issuer
):
    did, key = did_key_issuer
    signed = reference_stack.issue(
        build_credential(_content_issued_by(did)),
        key=key,
        verification_method=f"{did}#{key.public_key_multibase}",
    )
    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory Mallet"
    report = tool.verifier().verify(changed)
    assert not report.verified
    assert next(check.name for check in report.checks if not check.passed) == "signature"


@pytest.mark.parametrize("name", VARIANT_NAMES)
def test_the_reference_stack_signs_the_tools_credentials_byte_for_byte_as_the_tool_does(
    reference_stack, tool, name
):
    ours = tool.issue(credential_variants(tool)[name])
    did = ours["issuer"]["id"]
    theirs = reference_stack.issue(
        _unsigned(ours),
        key=tool.multikey(did),
        verification_method=tool.verification_method(did),
        created=ISSUED_AT,
    )
    # The same proof; the tool puts it in a list of one, as OB3's JSON Schema types `proof`.
    assert [theirs["proof"]] == ours["proof"]
    assert {**theirs, "proof": [theirs["proof"]]} == ours
    assert json.dumps(theirs["proof"], sort_keys=True) == json.dumps(
        ours["proof"][0], sort_keys=True
    )


@pytest.mark.parametrize("name", VARIANT_NAMES)
def test_credentials_the_reference_stack_issues_with_keys_the_tool_made_verify_in_ours(
    reference_stack, tool, name
):
    content = credential_variants(tool)[name]
    did = content.issuer.did
    signed = reference_stack.issue(
        build_credential(content),
        key=tool.multikey(did),
        verification_method=tool.verification_method(did),
    )
    report = tool.verifier().verify(signed)
    assert report.verified, report.as_dict()


def test_the_reference_stack_issues_a_batch_for_the_benchmarks(reference_stack, tool):
    content = credential_variants(tool)["grade and co-issuer"]
    did = content.issuer.did
    unsigned = [build_credential(content) for _ in range(5)]
    batch = reference_stack.issue_many(
        unsigned,
        key=tool.multikey(did),
        verification_method=tool.verification_method(did),
        created=ISSUED_AT,
    )
    assert [item["ok"] for item in batch.results] == [True] * 5
    ours = tool.issue(content)
    assert batch.results[0]["credential"] == {**ours, "proof": ours["proof"][0]}
    verifier = tool.verifier()
    assert all(verifier.verify(item["credential"]).verified for item in batch.results)


def test_the_reference_stack_reproduces_the_w3c_vector_signature(reference_stack):
    signed = json.loads((W3C_VECTOR / "signedDataInt.json").read_text(encoding="utf-8"))
    key_pair = json.loads((W3C_VECTOR / "keyPair.json").read_text(encoding="utf-8"))
    documents = {
        EXAMPLES_CONTEXT: json.loads(
            (W3C_VECTOR / "credentials-examples-v2.jsonld").read_text(encoding="utf-8")
        )
    }
    theirs = reference_stack.issue(
        _unsigned(signed),
        key=Multikey(key_pair["publicKeyMultibase"], key_pair["privateKeyMultibase"]),
        verification_method=signed["proof"]["verificationMethod"],
        created=ISSUED_AT.replace(year=2023, month=2, day=24, hour=23, minute=36, second=38),
        documents=documents,
    )
    assert theirs["proof"]["proofValue"] == signed["proof"]["proofValue"]
