"""Credentials the tool issues verify in the JavaScript reference stack, and changed ones do not.

The reference stack is Digital Bazaar's vc + data-integrity + eddsa-rdfc-2022 (tests/interop/
package.json), with only the tool's shipped contexts and the DID documents the tool publishes.
"""

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from adapters.credentials import terms
from adapters.credentials.data_integrity import add_proof
from adapters.credentials.did import did_web_document_url
from adapters.credentials.ob3 import build_credential
from lti_tool.domain.status import (
    MIN_LIST_ENTRIES,
    PURPOSES,
    StatusEntry,
    StatusListContent,
    StatusPurpose,
    with_bit,
)
from tests.conftest import Moodle
from tests.factories import make_credential_content
from tests.interop.random_credentials import random_content
from tests.interop.tool_credentials import (
    BASE_URL,
    CHECKED_AT,
    ISSUED_AT,
    VARIANT_NAMES,
    credential_variants,
)
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form, submit

W3C_VECTOR = Path(__file__).parents[1] / "vectors" / "w3c-vc-di-eddsa"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"


@pytest.mark.parametrize("name", VARIANT_NAMES)
def test_credentials_the_tool_issues_verify_in_the_reference_stack(reference_stack, tool, name):
    signed = tool.issue(credential_variants(tool)[name])
    result = reference_stack.verify(signed, documents=tool.did_documents(), now=CHECKED_AT)
    assert result.verified, result.errors


def test_random_credentials_the_tool_issues_verify_in_the_reference_stack(reference_stack, tool):
    rng = random.Random(7)
    signed = [tool.issue(random_content(rng, tool, index)) for index in range(60)]
    batch = reference_stack.verify_many(
        signed, documents=tool.did_documents(), now=datetime(2100, 1, 1, tzinfo=UTC)
    )
    refused = {index: r.errors for index, r in enumerate(batch.results) if not r.verified}
    assert refused == {}
    assert batch.elapsed_ms > 0


def test_a_credential_claimed_in_the_app_verifies_in_the_reference_stack(
    reference_stack, moodle, http
):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher, title="Προσβασιμότητα ψηφιακού περιεχομένου")
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    run_job(teacher, "/teacher/sync")
    sam = moodle.launch(4)
    _, claim_url = submit(sam, "/learner/", "/claim")
    credential = json.loads(sam.get(claim_url.replace("/claim", "/credential.json")).get_data())

    did = credential["issuer"]["id"]
    entries = credential.get("credentialStatus", [])
    entries = entries if isinstance(entries, list) else [entries]
    published = [did_web_document_url(did)] + [entry["statusListCredential"] for entry in entries]
    documents = {}
    for url in published:  # what a verifier would fetch, served by the app itself
        answer = moodle.app.test_client().get(urlsplit(url).path)
        assert answer.status_code == 200, url
        documents[url] = json.loads(answer.get_data())
    documents[did] = documents.pop(did_web_document_url(did))
    result = reference_stack.verify(credential, documents=documents)
    assert result.verified, result.errors
    assert not any(status["set"] for status in result.statuses)


def _set(path: str, value):
    def change(document: dict) -> None:
        *parents, last = path.split(".")
        node = document
        for step in parents:
            node = node[int(step)] if step.isdigit() else node[step]
        node[int(last) if last.isdigit() else last] = value

    return change


def _flip_last_character(document: dict) -> None:
    proof = document["proof"][0] if isinstance(document["proof"], list) else document["proof"]
    proof_value = proof["proofValue"]
    proof["proofValue"] = proof_value[:-1] + ("2" if proof_value[-1] != "2" else "3")


CHANGES = {
    "learner name": _set("credentialSubject.identifier.0.identityHash", "Mallory Mallet"),
    "grade": _set("credentialSubject.result.0.value", "100 %"),
    "title": _set("credentialSubject.achievement.name", "Brain surgery"),
    "ECTS": _set("credentialSubject.achievement.creditsAvailable", 30),
    "EQF level": _set("credentialSubject.achievement.alignment.0.targetCode", "8"),
    "issuer name": _set("issuer.name", "Diploma Mill"),
    "co-issuer name": _set("credentialSubject.achievement.creator.name", "Other Alliance"),
    "issue date": _set("validFrom", "2020-01-01T00:00:00Z"),
    "added expiry": _set("validUntil", "2030-01-01T00:00:00Z"),
    "proof created": _set("proof.0.created", "2026-06-30T12:00:01Z"),
    "proof value": _flip_last_character,
    "undefined term": _set("credentialSubject.nickname", "Sammy"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_changed_credential_is_refused_by_the_reference_stack(reference_stack, tool, change):
    changed = tool.issue(credential_variants(tool)["grade and co-issuer"])
    change(changed)
    result = reference_stack.verify(changed, documents=tool.did_documents(), now=CHECKED_AT)
    assert not result.verified
    assert result.errors


def test_a_credential_signed_by_another_organisations_key_is_refused_by_the_reference_stack(
    reference_stack, tool
):
    content = credential_variants(tool)["grade and co-issuer"]
    other = tool.organisation("another-school")
    signed_by_other = _signed_by(tool, other.did, build_credential(content))
    result = reference_stack.verify(signed_by_other, documents=tool.did_documents(), now=CHECKED_AT)
    assert not result.verified
    assert "must match the verification method controller" in " ".join(result.errors)


def test_without_the_issuers_did_document_the_reference_stack_fetches_nothing(
    reference_stack, tool
):
    signed = tool.issue(credential_variants(tool)["grade and co-issuer"])
    result = reference_stack.verify(signed, now=CHECKED_AT)
    assert not result.verified
    assert f"not allowed to fetch {signed['proof'][0]['verificationMethod']}" in result.errors


def _signed_by(tool, did: str, unsigned: dict) -> dict:
    return add_proof(
        unsigned,
        private_key=tool.private_key(did),
        verification_method=tool.verification_method(did),
        created=ISSUED_AT,
    )


@pytest.mark.parametrize(
    "purposes, revoked, suspended",
    [
        ((StatusPurpose.REVOCATION,), False, False),
        ((StatusPurpose.REVOCATION,), True, False),
        (PURPOSES, False, False),
        (PURPOSES, True, False),
        (PURPOSES, False, True),
    ],
    ids=["active", "revoked", "both entries, active", "both entries, revoked", "suspended"],
)
def test_the_reference_stack_reads_the_status_lists_the_tool_signs(
    reference_stack, tool, purposes, revoked, suspended
):
    school = tool.organisation("status-school")
    places = {StatusPurpose.REVOCATION: 94567, StatusPurpose.SUSPENSION: 1234}
    entries = {
        purpose: StatusEntry(
            purpose, f"{BASE_URL}/status/status-school/{purpose.value}/1", places[purpose]
        )
        for purpose in purposes
    }
    signed = tool.issue(
        make_credential_content(
            issuer=school, issued_at=ISSUED_AT, status_entries=tuple(entries.values())
        )
    )
    is_set = {StatusPurpose.REVOCATION: revoked, StatusPurpose.SUSPENSION: suspended}
    lists = {
        entry.list_url: tool.status_list(
            StatusListContent(
                list_url=entry.list_url,
                purpose=purpose,
                issuer_did=school.did,
                bits=with_bit(bytes(MIN_LIST_ENTRIES // 8), entry.index, is_set[purpose]),
                issued_at=ISSUED_AT,
            )
        )
        for purpose, entry in entries.items()
    }

    result = reference_stack.verify(
        signed, documents={**tool.did_documents(), **lists}, now=CHECKED_AT
    )
    assert result.verified, result.errors
    assert isinstance(signed["credentialStatus"], dict) == (len(purposes) == 1)
    assert {(s["statusPurpose"], s["set"]) for s in result.statuses} == {
        (purpose.value, is_set[purpose]) for purpose in purposes
    }


def test_the_w3c_vector_verifies_in_the_reference_stack(reference_stack):
    signed = json.loads((W3C_VECTOR / "signedDataInt.json").read_text(encoding="utf-8"))
    key = json.loads((W3C_VECTOR / "keyPair.json").read_text(encoding="utf-8"))
    method = signed["proof"]["verificationMethod"]
    controller = {
        "@context": [terms.DID_V1_CONTEXT, terms.MULTIKEY_V1_CONTEXT],
        "id": signed["issuer"],
        "verificationMethod": [
            {
                "id": method,
                "type": terms.MULTIKEY,
                "controller": signed["issuer"],
                "publicKeyMultibase": key["publicKeyMultibase"],
            }
        ],
        "assertionMethod": [method],
    }
    documents = {
        EXAMPLES_CONTEXT: json.loads(
            (W3C_VECTOR / "credentials-examples-v2.jsonld").read_text(encoding="utf-8")
        ),
        signed["issuer"]: controller,
    }
    assert reference_stack.verify(signed, documents=documents).verified
