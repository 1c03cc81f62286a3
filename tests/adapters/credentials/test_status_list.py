"""Bitstring Status List encoding, the entries of a credential and the signed list credential."""

import base64
import gzip
import zlib
from dataclasses import replace

import pytest

from adapters.credentials.canonical import canonize
from adapters.credentials.data_integrity import verify_proof
from adapters.credentials.errors import IssuingError, KeyFormatError
from adapters.credentials.keys import unseal_private_key
from adapters.credentials.ob3 import build_credential
from adapters.credentials.status_list import (
    BitstringStatusListIssuer,
    StatusListFormatError,
    build_status_list_credential,
    decode_list,
    encode_list,
    status_entry,
)
from lti_tool.domain.status import (
    StatusEntry,
    StatusListContent,
    StatusPurpose,
    bit_at,
    empty_bits,
    with_bit,
)
from tests.adapters.credentials.conftest import ISSUED_AT
from tests.factories import make_credential_content

# The encodedList of every example of the W3C Recommendation (§2.2 and Appendix A): 131,072
# entries, none set. https://www.w3.org/TR/vc-bitstring-status-list/#example-example-bitstringstatuslistcredential
W3C_EXAMPLE_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
LIST_URL = "https://tool.example/orgs/school/status/revocation/1"


def _encoded(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_the_w3c_example_decodes_to_131072_clear_entries():
    bits = decode_list(W3C_EXAMPLE_LIST)
    assert len(bits) * 8 == 131_072
    assert not any(bits)


def test_a_list_round_trips_with_its_bits_in_place():
    bits = with_bit(with_bit(empty_bits(131_072), 0, True), 94_567, True)
    encoded = encode_list(bits)
    assert encoded.startswith("u") and "=" not in encoded
    decoded = decode_list(encoded)
    assert decoded == bits
    assert bit_at(decoded, 0) and bit_at(decoded, 94_567) and not bit_at(decoded, 94_568)


def test_an_empty_list_encodes_as_the_w3c_example_does():
    # GZIP header bytes differ between implementations (mtime, OS), the bits never do.
    assert decode_list(encode_list(empty_bits(131_072))) == decode_list(W3C_EXAMPLE_LIST)


def test_padding_is_tolerated_when_decoding():
    assert decode_list(W3C_EXAMPLE_LIST + "==") == decode_list(W3C_EXAMPLE_LIST)


@pytest.mark.parametrize(
    ("encoded", "reason"),
    [
        (None, "multibase"),
        ("zH4sIAAAAAAAAA", "multibase"),
        ("u!!not base64!!", "base64url"),
        ("uA", "base64url"),
        (_encoded(b"not gzip at all"), "GZIP"),
        (_encoded(zlib.compress(bytes(16384))), "GZIP"),
        (_encoded(gzip.compress(bytes(16384))[:-8]), "complete GZIP"),
        (_encoded(gzip.compress(bytes(16384)) + b"trailing"), "complete GZIP"),
        (_encoded(gzip.compress(bytes(1024))), "at least 131,072"),
    ],
)
def test_a_bad_encoded_list_is_refused_with_the_reason(encoded, reason):
    with pytest.raises(StatusListFormatError, match=reason):
        decode_list(encoded)


def test_a_gzip_bomb_is_refused_without_inflating_it():
    bomb = _encoded(gzip.compress(bytes(64 * 1024 * 1024)))
    assert len(bomb) < 100_000
    with pytest.raises(StatusListFormatError, match="larger than 2 MiB"):
        decode_list(bomb)


def test_a_smaller_minimum_can_be_asked_for():
    assert len(decode_list(encode_list(empty_bits(8)), min_entries=8)) == 1


def test_an_entry_names_its_list_and_index_as_text():
    entry = StatusEntry(StatusPurpose.SUSPENSION, LIST_URL, 94567)
    assert status_entry(entry) == {
        "id": f"{LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "suspension",
        "statusListIndex": "94567",
        "statusListCredential": LIST_URL,
    }


def test_a_credential_of_an_opted_in_organisation_carries_both_entries_as_a_list():
    entries = (
        StatusEntry(StatusPurpose.REVOCATION, LIST_URL, 12),
        StatusEntry(StatusPurpose.SUSPENSION, LIST_URL.replace("revocation", "suspension"), 99),
    )
    credential = build_credential(make_credential_content(status_entries=entries))
    assert [e["statusPurpose"] for e in credential["credentialStatus"]] == [
        "revocation",
        "suspension",
    ]
    nquads = canonize(credential)  # refuses any term no context defines
    assert '<https://www.w3.org/ns/credentials/status#statusListIndex> "12"' in nquads
    assert "BitstringStatusListEntry" in nquads


def test_one_entry_is_one_object_as_ob3_has_it():
    entry = StatusEntry(StatusPurpose.REVOCATION, LIST_URL, 12)
    credential = build_credential(make_credential_content(status_entries=(entry,)))
    assert credential["credentialStatus"] == status_entry(entry)
    assert '<https://www.w3.org/ns/credentials/status#statusListIndex> "12"' in canonize(credential)


def test_a_credential_without_entries_has_no_credential_status():
    assert "credentialStatus" not in build_credential(make_credential_content())


def _content(bits: bytes, **changes) -> StatusListContent:
    values = {
        "list_url": LIST_URL,
        "purpose": StatusPurpose.REVOCATION,
        "issuer_did": "did:web:tool.example:orgs:school",
        "bits": bits,
        "issued_at": ISSUED_AT,
        **changes,
    }
    return StatusListContent(**values)


def test_the_list_credential_has_the_spec_shape():
    document = build_status_list_credential(_content(empty_bits(131_072)))
    assert document["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["id"] == LIST_URL
    assert document["issuer"] == "did:web:tool.example:orgs:school"
    assert document["validFrom"] == "2026-06-30T12:00:00Z"
    subject = document["credentialSubject"]
    assert subject["id"] == LIST_URL + "#list"
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert decode_list(subject["encodedList"]) == empty_bits(131_072)
    nquads = canonize(document)  # every term is in the VC 2.0 context
    assert "<https://www.w3.org/ns/credentials/status#encodedList>" in nquads


def test_the_list_credential_is_signed_by_the_issuers_key(sealer, key):
    signer = BitstringStatusListIssuer(sealer=sealer)
    bits = with_bit(empty_bits(131_072), 7, True)
    signed = signer.issue(_content(bits), key)
    assert signed["proof"]["verificationMethod"] == "did:web:tool.example:orgs:school#key-1"
    public_key = unseal_private_key(key, sealer=sealer).public_key()
    verify_proof(signed, public_key=public_key)


def test_a_naive_time_cannot_be_signed():
    with pytest.raises(IssuingError):
        build_status_list_credential(
            _content(empty_bits(8), issued_at=ISSUED_AT.replace(tzinfo=None))
        )


def test_a_sealed_key_that_is_not_the_published_one_does_not_sign(sealer, key, issuer):
    other = issuer.new_key("key-2", ISSUED_AT)
    mixed = replace(key, public_key_multibase=other.public_key_multibase)
    with pytest.raises(KeyFormatError, match="does not match"):
        BitstringStatusListIssuer(sealer=sealer).issue(_content(empty_bits(8)), mixed)
