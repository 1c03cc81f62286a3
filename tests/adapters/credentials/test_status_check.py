"""The status check: revoked and suspended credentials, and every way a status list can fail,
each a clear check result and never an exception."""

import copy
import json
from datetime import UTC, datetime

import pytest
import requests

from adapters.credentials.data_integrity import add_proof
from adapters.credentials.keys import unseal_private_key
from adapters.credentials.ob3 import build_credential
from adapters.credentials.status_check import StatusChecker
from adapters.credentials.status_fetch import StatusListFetcher
from adapters.credentials.status_list import BitstringStatusListIssuer, encode_list
from adapters.credentials.verifier import CHECKS, Ob3CredentialVerifier
from lti_tool.domain.status import (
    PublishedStatusList,
    StatusEntry,
    StatusListContent,
    StatusPurpose,
    empty_bits,
    with_bit,
)
from tests.adapters.credentials.conftest import ISSUED_AT, LATER
from tests.factories import make_credential_content

REVOCATION_URL = "https://tool.example/orgs/school/status/revocation/1"
SUSPENSION_URL = "https://tool.example/orgs/school/status/suspension/1"
REVOKED_ON = datetime(2026, 6, 30, 15, 0, tzinfo=UTC)
INDEX = 94_567
SIZE = 131_072


class Lists:
    """The status lists of the test: published here (as the database would) or on the web."""

    def __init__(self, sealer, key, issuer_did, http):
        self.sealer, self.key, self.issuer_did, self.http = sealer, key, issuer_did, http
        self.signer = BitstringStatusListIssuer(sealer=sealer)
        self.local: dict[str, PublishedStatusList] = {}

    def document(self, url, purpose, *, set_index=None, size=SIZE, **changes):
        bits = empty_bits(size)
        if set_index is not None:
            bits = with_bit(bits, set_index, True)
        content = StatusListContent(
            list_url=url,
            purpose=purpose,
            issuer_did=self.issuer_did,
            bits=bits,
            issued_at=ISSUED_AT,
        )
        values = {"list_url": url, "purpose": purpose, "issuer_did": self.issuer_did}
        values.update(changes)
        return self.signer.issue(StatusListContent(**{**content.__dict__, **values}), self.key)

    def publish(self, url, purpose, *, set_at=None, **options):
        self.local[url] = PublishedStatusList(self.document(url, purpose, **options), set_at)

    def serve(self, url, document, **options):
        self.http.get(url, body=json.dumps(document), content_type="application/vc", **options)

    def __call__(self, url, index):
        return self.local.get(url)


@pytest.fixture
def entries():
    return (
        StatusEntry(StatusPurpose.REVOCATION, REVOCATION_URL, INDEX),
        StatusEntry(StatusPurpose.SUSPENSION, SUSPENSION_URL, INDEX),
    )


@pytest.fixture
def content(entries):
    return make_credential_content(issued_at=ISSUED_AT, status_entries=entries)


@pytest.fixture
def lists(sealer, key, content, http):
    return Lists(sealer, key, content.issuer.did, http)


@pytest.fixture
def fetcher(lists):
    return StatusListFetcher(local_lists=lists, session=requests.Session())


@pytest.fixture
def verifier(resolver, fetcher):
    return Ob3CredentialVerifier(
        resolver=resolver, now=lambda: LATER, status=StatusChecker(fetcher=fetcher)
    )


@pytest.fixture
def clear(lists):
    lists.publish(REVOCATION_URL, StatusPurpose.REVOCATION)
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION)


def _status(report):
    """The status check, once every check before it passed."""
    assert [c.name for c in report.checks] == list(CHECKS)
    position = CHECKS.index("status")
    assert all(c.passed for c in report.checks[:position]), report.as_dict()
    return report.checks[position]


def _passes(report) -> bool:
    return _status(report).passed


def _failure(report) -> str:
    check = _status(report)
    assert not check.passed and not report.verified
    return check.message


def _signed_with(sealer, key, content, change) -> dict:
    unsigned = build_credential(content)
    change(unsigned)
    return add_proof(
        unsigned,
        private_key=unseal_private_key(key, sealer=sealer),
        verification_method=f"{content.issuer.did}#{key.key_id}",
        created=ISSUED_AT,
    )


def test_a_credential_neither_revoked_nor_suspended_verifies(verifier, signed, clear):
    report = verifier.verify(signed)
    assert _passes(report), report.as_dict()
    assert _status(report).message == (
        "The credential is not revoked or suspended: its issuer's revocation and suspension "
        "lists say so."
    )


def test_a_revoked_credential_says_so_with_the_day(verifier, signed, lists):
    lists.publish(REVOCATION_URL, StatusPurpose.REVOCATION, set_index=INDEX, set_at=REVOKED_ON)
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION)
    assert _failure(verifier.verify(signed)) == (
        "This credential was revoked by its issuer on 2026-06-30."
    )


def test_revocation_is_reported_before_suspension(verifier, signed, lists):
    lists.publish(REVOCATION_URL, StatusPurpose.REVOCATION, set_index=INDEX, set_at=REVOKED_ON)
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION, set_index=INDEX, set_at=REVOKED_ON)
    assert "revoked" in _failure(verifier.verify(signed))


def test_a_suspended_credential_says_so(verifier, signed, lists):
    lists.publish(REVOCATION_URL, StatusPurpose.REVOCATION)
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION, set_index=INDEX, set_at=REVOKED_ON)
    assert _failure(verifier.verify(signed)) == (
        "This credential was suspended by its issuer on 2026-06-30; it is not valid unless the "
        "issuer reinstates it."
    )


def test_another_entrys_bit_does_not_count(verifier, signed, lists):
    lists.publish(REVOCATION_URL, StatusPurpose.REVOCATION, set_index=INDEX + 1)
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION, set_index=INDEX - 1)
    assert _passes(verifier.verify(signed))


def test_a_list_on_the_web_is_fetched_and_dated_by_its_publication(verifier, signed, lists):
    lists.serve(
        REVOCATION_URL,
        lists.document(REVOCATION_URL, StatusPurpose.REVOCATION, set_index=INDEX),
    )
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION)
    assert _failure(verifier.verify(signed)) == (
        "This credential was revoked by its issuer on or before 2026-06-30."
    )


def test_a_redirect_to_another_https_address_is_followed(verifier, signed, lists):
    moved = "https://lists.example/revocation/1"
    lists.http.get(REVOCATION_URL, status=302, headers={"Location": moved})
    lists.serve(moved, lists.document(REVOCATION_URL, StatusPurpose.REVOCATION))
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION)
    assert _passes(verifier.verify(signed))


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"status": 404}, "HTTP 404"),
        ({"body": requests.ConnectionError("refused")}, "its website did not answer"),
        ({"body": "<html>"}, "not JSON"),
        ({"body": "[]"}, "not a JSON object"),
        ({"body": "x" * 1_000_001}, "larger than 1000 kB"),
        ({"status": 302, "headers": {"Location": "http://lists.example/1"}}, "not https"),
        ({"status": 302, "headers": {"Location": "https://10.1.2.3/1"}}, "private network"),
        ({"status": 302, "headers": {"Location": REVOCATION_URL}}, "redirects too many times"),
    ],
)
def test_an_unreachable_list_is_a_clear_result(verifier, signed, lists, answer, reason):
    lists.http.get(REVOCATION_URL, **answer)
    message = _failure(verifier.verify(signed))
    assert message.startswith(f"The status list at {REVOCATION_URL} could not be fetched (")
    assert reason in message
    assert message.endswith("so whether the credential was revoked cannot be confirmed.")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://tool.example/orgs/school/status/revocation/1", "not https"),
        ("https://localhost/status/1", "this computer"),
        ("https://[::1]/status/1", "private network"),
    ],
)
def test_lists_at_unsafe_addresses_are_not_fetched(sealer, key, content, verifier, url, reason):
    def point_at(credential):
        credential["credentialStatus"][0]["statusListCredential"] = url
        credential["credentialStatus"][0]["id"] = url + "#1"

    signed = _signed_with(sealer, key, content, point_at)
    assert reason in _failure(verifier.verify(signed))


def test_plain_http_lists_are_fetched_where_allowed(resolver, lists, sealer, key, content):
    url = "http://tool.example/orgs/school/status/revocation/1"

    def point_at(credential):
        credential["credentialStatus"] = [{**credential["credentialStatus"][0]}]
        credential["credentialStatus"][0].update(statusListCredential=url, id=url + "#1")

    lists.serve(url, lists.document(url, StatusPurpose.REVOCATION))
    fetcher = StatusListFetcher(
        local_lists=lists, session=requests.Session(), allow_plain_http=True
    )
    development = Ob3CredentialVerifier(
        resolver=resolver, now=lambda: LATER, status=StatusChecker(fetcher=fetcher)
    )
    assert _passes(development.verify(_signed_with(sealer, key, content, point_at)))


def _untrusted(verifier, signed, lists, document) -> str:
    lists.serve(REVOCATION_URL, document)
    message = _failure(verifier.verify(signed))
    prefix = f"The status list at {REVOCATION_URL} cannot be trusted. "
    assert message.startswith(prefix), message
    assert message.endswith(" So whether the credential was revoked cannot be confirmed.")
    return message


def test_a_tampered_list_is_not_trusted(verifier, signed, lists):
    document = lists.document(REVOCATION_URL, StatusPurpose.REVOCATION)
    # Someone clears nothing but sets another bit: the signature no longer covers the list.
    document["credentialSubject"]["encodedList"] = encode_list(with_bit(empty_bits(SIZE), 1, True))
    assert "Its signature does not match" in _untrusted(verifier, signed, lists, document)


def test_an_unsigned_list_is_not_trusted(verifier, signed, lists):
    document = lists.document(REVOCATION_URL, StatusPurpose.REVOCATION)
    del document["proof"]
    assert "Its signature cannot be checked" in _untrusted(verifier, signed, lists, document)


def test_a_list_of_another_issuer_is_not_trusted(verifier, signed, lists):
    other = lists.document(
        REVOCATION_URL, StatusPurpose.REVOCATION, issuer_did="did:web:tool.example:orgs:other"
    )
    assert "issued by someone other than the credential's issuer" in _untrusted(
        verifier, signed, lists, other
    )


def test_a_list_signed_by_another_did_is_not_trusted(verifier, signed, lists):
    document = lists.document(REVOCATION_URL, StatusPurpose.REVOCATION)
    document["proof"]["verificationMethod"] = "did:web:evil.example#key-1"
    assert "signed by someone other" in _untrusted(verifier, signed, lists, document)


@pytest.mark.parametrize(
    ("url", "options", "reason"),
    [
        ("https://tool.example/orgs/school/status/revocation/2", {}, "id differs"),
        (REVOCATION_URL, {"purpose": StatusPurpose.SUSPENSION}, "not a list for revocation"),
        (REVOCATION_URL, {"size": 1024}, "at least 131,072"),
    ],
)
def test_a_list_that_does_not_fit_the_entry_is_not_trusted(
    verifier, signed, lists, url, options, reason
):
    options = {"purpose": StatusPurpose.REVOCATION, **options}
    document = lists.document(url, options.pop("purpose"), **options)
    assert reason in _untrusted(verifier, signed, lists, document)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(type=["VerifiableCredential"]), "not a BitstringStatusListCredential"),
        (
            lambda d: d["credentialSubject"].update(type="StatusList2021"),
            "not a BitstringStatusList",
        ),
        (lambda d: d.update(credentialSubject=[]), "not a BitstringStatusList"),
        (lambda d: d.update(issuer={"id": "did:web:tool.example:orgs:other"}), "someone other"),
    ],
)
def test_a_list_of_the_wrong_kind_is_refused_before_its_signature(
    verifier, signed, lists, change, reason
):
    document = lists.document(REVOCATION_URL, StatusPurpose.REVOCATION)
    change(document)
    assert reason in _untrusted(verifier, signed, lists, document)


def _resigned(lists, change) -> dict:
    document = lists.document(REVOCATION_URL, StatusPurpose.REVOCATION)
    del document["proof"]
    change(document)
    key = lists.key
    return add_proof(
        document,
        private_key=unseal_private_key(key, sealer=lists.sealer),
        verification_method=f"{lists.issuer_did}#{key.key_id}",
        created=ISSUED_AT,
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["credentialSubject"].update(encodedList="uAAAA"), "not GZIP-compressed"),
        (lambda d: d["credentialSubject"].update(encodedList="u*"), "not valid base64url"),
        (lambda d: d["credentialSubject"].update(encodedList="H4sI"), "multibase"),
        (lambda d: d.update(validUntil="2026-06-30T13:00:00Z"), "expired"),
        (lambda d: d.update(validFrom="2027-01-01T00:00:00Z"), "not valid yet"),
    ],
)
def test_a_malformed_list_signed_by_the_issuer_is_still_refused(
    verifier, signed, lists, change, reason
):
    assert reason in _untrusted(verifier, signed, lists, _resigned(lists, change))


def test_a_list_with_several_purposes_serves_each(verifier, signed, lists):
    both = _resigned(
        lists, lambda d: d["credentialSubject"].update(statusPurpose=["suspension", "revocation"])
    )
    lists.serve(REVOCATION_URL, both)
    lists.publish(SUSPENSION_URL, StatusPurpose.SUSPENSION)
    assert _passes(verifier.verify(signed))


def test_an_index_beyond_the_list_is_a_clear_result(sealer, key, content, verifier, clear):
    def far(credential):
        credential["credentialStatus"][0]["statusListIndex"] = "131072"

    message = _failure(verifier.verify(_signed_with(sealer, key, content, far)))
    assert "(131072) is beyond its end (131,072 entries)" in message


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"statusPurpose": "refresh"}, "revocation and suspension only"),
        ({"statusListIndex": 94567}, "statusListIndex"),
        ({"statusListIndex": "-1"}, "statusListIndex"),
        ({"statusListIndex": "1" * 13}, "statusListIndex"),
        ({"statusListCredential": "urn:uuid:1"}, "does not name its list"),
        ({"statusSize": 2}, "statusSize"),
    ],
)
def test_an_entry_this_verifier_cannot_check_is_a_clear_result(
    sealer, key, content, verifier, clear, change, reason
):
    signed = _signed_with(sealer, key, content, lambda c: c["credentialStatus"][0].update(change))
    assert reason in _failure(verifier.verify(signed))


def test_a_status_of_another_kind_is_a_clear_result(sealer, key, content, verifier, clear):
    def other_kind(credential):
        credential["credentialStatus"][0] = {
            "id": "https://status.example/1",
            "type": "https://status.example/vocab#StatusList2021Entry",
        }

    signed = _signed_with(sealer, key, content, other_kind)
    assert "not a BitstringStatusListEntry" in _failure(verifier.verify(signed))


def test_a_single_entry_object_is_read_too(sealer, key, content, verifier, clear):
    def single(credential):
        credential["credentialStatus"] = credential["credentialStatus"][0]

    assert _passes(verifier.verify(_signed_with(sealer, key, content, single)))


def test_a_credential_without_status_passes_the_status_check(
    resolver, hosted, fetcher, issuer, key
):
    plain = make_credential_content(issued_at=ISSUED_AT)
    verifier = Ob3CredentialVerifier(
        resolver=resolver, now=lambda: LATER, status=StatusChecker(fetcher=fetcher)
    )
    hosted.publish(plain.issuer.did, [key])
    report = verifier.verify(issuer.issue(plain, key))
    assert _passes(report)
    assert "cannot revoke or suspend it" in _status(report).message


def test_a_verifier_that_cannot_read_lists_does_not_pretend(resolver, signed):
    report = Ob3CredentialVerifier(resolver=resolver, now=lambda: LATER).verify(signed)
    assert _failure(report) == "This verifier cannot read status lists, so the status is unknown."


def test_a_local_lookup_that_breaks_does_not_break_the_verifier(resolver, signed):
    def broken(url, index):
        raise RuntimeError("database is down")

    fetcher = StatusListFetcher(local_lists=broken, session=requests.Session())
    report = Ob3CredentialVerifier(
        resolver=resolver, now=lambda: LATER, status=StatusChecker(fetcher=fetcher)
    ).verify(signed)
    assert _failure(report) == "This check could not be completed."


def test_an_expired_credential_is_not_checked_for_status(resolver, fetcher, signed):
    later = Ob3CredentialVerifier(
        resolver=resolver,
        now=lambda: ISSUED_AT.replace(year=2020),
        status=StatusChecker(fetcher=fetcher),
    )
    status = later.verify(signed).checks[CHECKS.index("status")]
    assert status.message == "Not checked because the credential is not valid at this date."


def test_verifying_does_not_change_a_local_list(verifier, signed, lists, clear):
    before = copy.deepcopy(lists.local)
    verifier.verify(signed)
    assert lists.local == before
