"""Our own known-answer vector: fixed content and keys give byte-identical signed credentials."""

import json
from datetime import UTC, datetime

import requests

from adapters.credentials.canonical import canonize
from adapters.credentials.did import DidResolver
from adapters.credentials.issuer import Ob3CredentialIssuer
from adapters.credentials.verifier import Ob3CredentialVerifier
from tests.adapters.credentials.known_answer import VECTOR_DIR, known_signed_credential

LATER = datetime(2026, 7, 1, tzinfo=UTC)


def _json(name: str) -> dict:
    return json.loads((VECTOR_DIR / name).read_text(encoding="utf-8"))


def _expected() -> dict:
    return _json("signed-credential.json")


def test_issuing_the_fixed_content_gives_the_known_credential(sealer):
    signed = known_signed_credential(Ob3CredentialIssuer(sealer=sealer), sealer)
    assert signed == _expected()


def test_the_known_credential_has_the_known_canonical_form():
    unsigned = {key: value for key, value in _expected().items() if key != "proof"}
    expected = (VECTOR_DIR / "canonical-document.nq").read_text(encoding="utf-8")
    assert canonize(unsigned) == expected


def test_the_known_credential_and_its_endorsement_verify_against_the_known_did_documents(http):
    documents = {doc["id"]: doc for doc in (_json("did.json"), _json("alliance-did.json"))}
    resolver = DidResolver(local_documents=documents.get, session=requests.Session())
    report = Ob3CredentialVerifier(resolver=resolver, now=lambda: LATER).verify(_expected())
    assert report.verified, report.as_dict()
    endorsements = next(check for check in report.checks if check.name == "endorsements")
    assert "microVET European Alliance for Micro-credentials" in endorsements.message
