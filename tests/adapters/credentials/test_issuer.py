"""Ob3CredentialIssuer: sealed keys, and credentials signed by the issuer's DID key."""

from datetime import UTC, datetime

import pytest

from adapters.credentials.data_integrity import verify_proof
from adapters.credentials.errors import IssuingError, KeyFormatError
from adapters.credentials.issuer import Ob3CredentialIssuer
from adapters.credentials.keys import public_key_from_multibase
from adapters.sealing import KeySealer, SealingError
from tests.factories import make_credential_content, make_organisation


def test_a_new_key_is_named_and_sealed(issuer):
    key = issuer.new_key("key-2", datetime(2026, 2, 1, tzinfo=UTC))
    assert key.key_id == "key-2"
    assert key.created_at == datetime(2026, 2, 1, tzinfo=UTC)
    assert key.public_key_multibase.startswith("z6Mk")
    assert "PRIVATE" not in key.sealed_private_key


def test_the_credential_is_signed_by_the_issuers_did_key_at_issuing_time(issuer, content, key):
    signed = issuer.issue(content, key)
    assert signed["proof"][0]["verificationMethod"] == f"{content.issuer.did}#key-1"
    assert signed["proof"][0]["created"] == "2026-06-30T12:00:00Z"
    assert signed["validFrom"] == signed["proof"][0]["created"]
    verify_proof(signed, public_key=public_key_from_multibase(key.public_key_multibase))


def test_an_issuer_without_a_did_is_refused(issuer, key):
    content = make_credential_content(issuer=make_organisation(did=None))
    with pytest.raises(IssuingError, match="no DID"):
        issuer.issue(content, key)


def test_a_key_sealed_with_another_sealing_key_is_refused(content, key):
    other = Ob3CredentialIssuer(sealer=KeySealer([KeySealer.derive_key("another secret")]))
    with pytest.raises(SealingError):
        other.issue(content, key)


def test_a_sealed_key_that_is_not_the_published_one_is_refused(issuer, content, key):
    other = issuer.new_key("key-1", key.created_at)
    mixed = type(key)(
        key.key_id, other.public_key_multibase, key.sealed_private_key, key.created_at
    )
    with pytest.raises(KeyFormatError, match="does not match"):
        issuer.issue(content, mixed)
