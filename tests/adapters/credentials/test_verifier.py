"""Ob3CredentialVerifier: five checks in order, each failure explained, never an exception."""

import copy
import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
import requests

from adapters.credentials.data_integrity import add_proof
from adapters.credentials.did import DidResolver, did_document
from adapters.credentials.keys import unseal_private_key
from adapters.credentials.ob3 import build_credential
from adapters.credentials.verifier import CHECKS, Ob3CredentialVerifier
from tests.adapters.credentials.conftest import ISSUED_AT, LATER


def _failed(report) -> dict[str, str]:
    return {check.name: check.message for check in report.checks if not check.passed}


def _first_failure(report) -> tuple[str, str]:
    failure = next(check for check in report.checks if not check.passed)
    return failure.name, failure.message


def _assert_stops_at(report, name: str) -> str:
    """The report fails at check `name`; later checks say they were not checked."""
    assert [check.name for check in report.checks] == list(CHECKS)
    assert not report.verified
    position = CHECKS.index(name)
    assert all(check.passed for check in report.checks[:position]), report.as_dict()
    assert not report.checks[position].passed
    for later in report.checks[position + 1 :]:
        assert not later.passed
        assert later.message.startswith("Not checked because")
    return report.checks[position].message


def test_a_signed_credential_verifies_and_is_summarised(verifier, signed, content):
    report = verifier.verify(signed)
    assert report.verified, report.as_dict()
    assert [check.name for check in report.checks] == list(CHECKS)
    assert report.summary == {
        "title": content.micro_credential.title,
        "issuer_name": content.issuer.name,
        "issuer_id": content.issuer.did,
        "learner_name": "Sam Student",
        "valid_from": "2026-06-30T12:00:00Z",
    }


def test_the_json_text_of_a_credential_verifies_too(verifier, signed):
    assert verifier.verify(json.dumps(signed)).verified


def test_verifying_does_not_change_the_document(verifier, signed):
    before = copy.deepcopy(signed)
    verifier.verify(signed)
    assert signed == before


def _set(document: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for part in parents:
        document = document[int(part)] if part.isdigit() else document[part]
    document[int(last) if last.isdigit() else last] = value


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("name", "Advanced digital content for the workplace"),
        ("issuer.name", "Counterfeit College"),
        ("issuer.url", "https://counterfeit.example"),
        ("validFrom", "2026-06-29T12:00:00Z"),
        ("credentialSubject.achievement.criteria.narrative", "1. Develops digital content."),
        ("credentialSubject.achievement.creditsAvailable", 30),
        ("credentialSubject.creditsEarned", 3.5),
        ("credentialSubject.identifier.0.identityHash", "Someone Else"),
        ("credentialSubject.achievement.alignment.0.targetCode", "5"),
        ("credentialSubject.result.0.value", "100 %"),
        ("proof.0.created", "2026-06-30T12:00:01Z"),
    ],
)
def test_any_single_change_breaks_the_signature(verifier, signed, path, value):
    _set(signed, path, value)
    message = _assert_stops_at(verifier.verify(signed), "signature")
    assert "changed after it was signed" in message


def test_a_credential_signed_with_another_key_fails_the_signature(
    verifier, signed, hosted, issuer, content
):
    hosted.publish(content.issuer.did, [issuer.new_key("key-1", ISSUED_AT)])
    _assert_stops_at(verifier.verify(signed), "signature")


def test_an_older_key_still_listed_after_rotation_still_verifies(
    verifier, signed, hosted, issuer, content, key
):
    hosted.publish(content.issuer.did, [key, issuer.new_key("key-2", LATER)])
    assert verifier.verify(signed).verified


def test_an_issuer_whose_did_cannot_be_resolved_fails_the_issuer_check(verifier, signed, hosted):
    hosted.documents.clear()  # not ours any more, and the web (responses) answers nothing
    message = _assert_stops_at(verifier.verify(signed), "issuer")
    assert "could not be confirmed" in message
    assert "could not be reached" in message


def test_a_key_controlled_by_someone_else_fails_the_issuer_check(verifier, signed, hosted, content):
    hosted.documents[content.issuer.did]["verificationMethod"][0]["controller"] = "did:web:x"
    message = _assert_stops_at(verifier.verify(signed), "issuer")
    assert "someone other than the issuer" in message


def test_a_key_of_another_did_fails_the_issuer_check(verifier, signed):
    signed["proof"][0]["verificationMethod"] = "did:web:elsewhere.example#key-1"
    message = _assert_stops_at(verifier.verify(signed), "issuer")
    assert "not its issuer's" in message


def test_a_key_not_listed_for_assertions_fails_the_issuer_check(verifier, signed, hosted, content):
    hosted.documents[content.issuer.did]["assertionMethod"] = []
    assert "not listed" in _assert_stops_at(verifier.verify(signed), "issuer")


def test_a_did_document_of_someone_else_fails_the_issuer_check(verifier, signed, hosted, content):
    hosted.documents[content.issuer.did]["id"] = "did:web:someone-else.example"
    assert "someone else" in _assert_stops_at(verifier.verify(signed), "issuer")


def test_a_remote_did_web_issuer_is_resolved_over_https(http, issuer, key, content):
    did = "did:web:school.example:orgs:far-away"
    remote = replace(content, issuer=replace(content.issuer, did=did))
    http.get("https://school.example/orgs/far-away/did.json", json=did_document(did, [key]))
    resolver = DidResolver(local_documents=lambda did: None, session=requests.Session())
    verifier = Ob3CredentialVerifier(resolver=resolver, now=lambda: LATER)
    assert verifier.verify(issuer.issue(remote, key)).verified


@pytest.mark.parametrize(
    ("proof_change", "reason"),
    [
        ({"cryptosuite": "ecdsa-rdfc-2019"}, "ecdsa-rdfc-2019"),
        ({"type": "Ed25519Signature2020"}, "Ed25519Signature2020"),
        ({"proofPurpose": "authentication"}, "authentication"),
    ],
)
def test_an_unsupported_proof_fails_the_proof_check(verifier, signed, proof_change, reason):
    signed["proof"][0].update(proof_change)
    assert reason in _assert_stops_at(verifier.verify(signed), "proof")


def test_an_unsigned_credential_fails_the_proof_check(verifier, signed):
    del signed["proof"]
    assert "no proof" in _assert_stops_at(verifier.verify(signed), "proof")


def test_a_credential_not_valid_yet_fails_the_dates_check(resolver, signed):
    early = Ob3CredentialVerifier(resolver=resolver, now=lambda: ISSUED_AT - timedelta(days=1))
    message = _assert_stops_at(early.verify(signed), "dates")
    assert message == "This credential is not valid yet: it is valid from 2026-06-30."


def test_an_expired_credential_fails_the_dates_check(verifier, sealer, content, key):
    expiring = {**build_credential(content), "validUntil": "2026-06-30T18:00:00Z"}
    signed = add_proof(
        expiring,
        private_key=unseal_private_key(key, sealer=sealer),
        verification_method=f"{content.issuer.did}#key-1",
        created=ISSUED_AT,
    )
    assert _assert_stops_at(verifier.verify(signed), "dates") == (
        "This credential expired on 2026-06-30."
    )


def test_a_naive_clock_is_read_as_utc(resolver, signed):
    naive = Ob3CredentialVerifier(resolver=resolver, now=lambda: datetime(2026, 7, 1))
    assert naive.verify(signed).verified


def test_an_undefined_term_fails_the_signature_check_and_is_named(verifier, signed):
    signed["credentialSubject"]["achievement"]["honours"] = "cum laude"
    message = _assert_stops_at(verifier.verify(signed), "signature")
    assert "does not cover" in message
    assert "credentialSubject.achievement.honours" in message


def test_a_remote_context_fails_the_signature_check_and_is_named(verifier, signed):
    signed["@context"].append("https://evil.example/context.jsonld")
    message = _assert_stops_at(verifier.verify(signed), "signature")
    assert "https://evil.example/context.jsonld" in message
    assert "does not trust" in message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"@context": ["https://www.w3.org/2018/credentials/v1"]}, "@context"),
        ({"type": ["VerifiableCredential"]}, "OpenBadgeCredential"),
        ({"issuer": "did:web:tool.example:orgs:school"}, "who issued it"),
        ({"validFrom": "30 June 2026"}, "validFrom"),
        ({"credentialSubject": {"id": "did:example:1"}}, "achievement"),
    ],
)
def test_a_document_missing_required_parts_fails_the_format_check(
    verifier, signed, change, problem
):
    signed.update(change)
    assert problem in _assert_stops_at(verifier.verify(signed), "format")


def test_a_resolver_that_breaks_does_not_break_the_verifier(signed):
    def broken(did):
        raise RuntimeError("database is down")

    resolver = DidResolver(local_documents=broken, session=requests.Session())
    report = Ob3CredentialVerifier(resolver=resolver, now=lambda: LATER).verify(signed)
    assert _assert_stops_at(report, "issuer") == "This check could not be completed."


def test_a_credential_valid_until_a_later_date_verifies(sealer, content, key, verifier):
    expiring = {**build_credential(content), "validUntil": "2027-06-30T00:00:00Z"}
    signed = add_proof(
        expiring,
        private_key=unseal_private_key(key, sealer=sealer),
        verification_method=f"{content.issuer.did}#key-1",
        created=ISSUED_AT,
    )
    report = verifier.verify(signed)
    assert report.verified
    dates = next(check for check in report.checks if check.name == "dates")
    assert dates.message == "The credential is valid from 2026-06-30 until 2027-06-30."


def test_an_unreadable_expiry_date_fails_the_dates_check(verifier, signed, key, sealer):
    # Signed as it is, so that the dates check is reached: a changed date breaks the signature.
    unsigned = {name: value for name, value in signed.items() if name != "proof"}
    unsigned["validUntil"] = "soon"
    resigned = add_proof(
        unsigned,
        private_key=unseal_private_key(key, sealer=sealer),
        verification_method=signed["proof"][0]["verificationMethod"],
        created=ISSUED_AT,
    )
    report = verifier.verify(resigned)
    assert _failed(report)["dates"] == (
        "The credential's expiry date (validUntil) is not a valid date."
    )


@pytest.mark.parametrize(
    ("method_change", "reason"),
    [
        ({"type": "JsonWebKey2020"}, "of a kind this verifier does not support"),
        ({"publicKeyMultibase": "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"}, "Ed25519"),
        ({"publicKeyMultibase": None}, "Ed25519"),
    ],
)
def test_an_issuer_key_we_cannot_use_fails_the_issuer_check(
    verifier, signed, hosted, content, method_change, reason
):
    hosted.documents[content.issuer.did]["verificationMethod"][0].update(method_change)
    assert reason in _assert_stops_at(verifier.verify(signed), "issuer")


def test_json_text_over_the_size_limit_is_refused(resolver, signed):
    small = Ob3CredentialVerifier(resolver=resolver, now=lambda: LATER, max_bytes=1000)
    report = small.verify(json.dumps(signed))
    assert _first_failure(report) == ("format", "The document is larger than 1 kB.")


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        (("credentialSubject", "achievement", "criteria"), "achievement lacks 'criteria'"),
        (("name",), "the credential lacks 'name'"),
        (("credentialSubject", "identifier", 0, "identityHash"), "lacks 'identityHash'"),
    ],
)
def test_what_the_ob3_data_model_requires_is_checked_by_our_schema(verifier, signed, path, problem):
    parent = signed
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    assert problem in _assert_stops_at(verifier.verify(signed), "format")
