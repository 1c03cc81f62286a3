"""Our own known-answer vector: fixed content and key give byte-identical signed credentials."""

import json
from datetime import UTC, datetime

import requests

from adapters.credentials.canonical import canonize
from adapters.credentials.did import DidResolver
from adapters.credentials.issuer import Ob3CredentialIssuer
from adapters.credentials.verifier import Ob3CredentialVerifier
from tests.adapters.credentials.known_answer import VECTOR_DIR, known_content, known_key

LATER = datetime(2026, 7, 1, tzinfo=UTC)


def _expected() -> dict:
    return json.loads((VECTOR_DIR / "signed-credential.json").read_text(encoding="utf-8"))


def test_issuing_the_fixed_content_gives_the_known_credential(sealer):
    signed = Ob3CredentialIssuer(sealer=sealer).issue(known_content(), known_key(sealer))
    assert signed == _expected()


def test_the_known_credential_has_the_known_canonical_form():
    unsigned = {key: value for key, value in _expected().items() if key != "proof"}
    expected = (VECTOR_DIR / "canonical-document.nq").read_text(encoding="utf-8")
    assert canonize(unsigned) == expected


def test_the_known_credential_verifies_against_the_known_did_document(http):
    did_document = json.loads((VECTOR_DIR / "did.json").read_text(encoding="utf-8"))
    resolver = DidResolver(
        local_documents={did_document["id"]: did_document}.get, session=requests.Session()
    )
    report = Ob3CredentialVerifier(resolver=resolver, now=lambda: LATER).verify(_expected())
    assert report.verified, report.as_dict()
