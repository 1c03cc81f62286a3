"""Endorsements: the alliance signs one per micro-credential with its own key, the credential
embeds it, and the verifier checks it as a credential of its own (shared/standards/EU-ELEMENTS.md
§3); plus the Annex I completeness check."""

import copy
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from adapters.credentials.canonical import canonize
from adapters.credentials.completeness import missing_annex_i_elements
from adapters.credentials.data_integrity import add_proof
from adapters.credentials.endorsements import build_endorsement, check_endorsements
from adapters.credentials.errors import EndorsementError, IssuingError
from adapters.credentials.keys import unseal_private_key
from adapters.credentials.ob3 import build_credential
from adapters.credentials.verifier import CHECKS
from lti_tool.domain.annex_i import AnnexIElement
from lti_tool.domain.credentials import MicroCredential
from lti_tool.domain.endorsements import EndorsementContent
from tests.adapters.credentials.conftest import ISSUED_AT, LATER
from tests.factories import make_credential_content, make_organisation

ENDORSED_AT = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def alliance():
    return make_organisation(name="microVET European Alliance", slug="alliance")


@pytest.fixture
def alliance_key(issuer, hosted, alliance):
    key = issuer.new_key("key-1", ENDORSED_AT)
    hosted.publish(alliance.did, [key])
    return key


def _endorsement_content(content, alliance, **changes) -> EndorsementContent:
    values = {
        "credential_id": "urn:uuid:00000000-0000-4000-8000-00000000e001",
        "achievement_id": content.achievement_id,
        "title": content.micro_credential.title,
        "endorser": alliance,
        "awarding_body": content.issuer,
        "issued_at": ENDORSED_AT,
        **changes,
    }
    return EndorsementContent(**values)


def _signed_with(issuer, content, key, endorsements) -> dict:
    return issuer.issue(replace(content, endorsements=tuple(endorsements)), key)


def _endorsements_check(verifier, issuer, content, key, endorsement):
    return _check(
        verifier.verify(_signed_with(issuer, content, key, [endorsement])), "endorsements"
    )


def _check(report, name: str):
    return next(check for check in report.checks if check.name == name)


def test_an_endorsement_credential_names_the_alliance_and_the_achievement(content, alliance):
    endorsement = build_endorsement(_endorsement_content(content, alliance))
    assert endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert endorsement["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert endorsement["issuer"]["id"] == alliance.did
    assert endorsement["issuer"]["image"] == {"id": alliance.logo_url, "type": "Image"}
    assert endorsement["validFrom"] == "2026-06-01T08:00:00Z"
    subject = endorsement["credentialSubject"]
    assert subject["id"] == content.achievement_id
    assert subject["type"] == ["EndorsementSubject"]
    assert alliance.name in subject["endorsementComment"]
    assert content.issuer.did in subject["endorsementComment"]
    canonize(endorsement)


def test_an_endorser_without_did_cannot_endorse(content):
    with pytest.raises(IssuingError, match="cannot endorse"):
        build_endorsement(_endorsement_content(content, make_organisation(did=None)))


def test_the_alliance_signs_its_endorsement_with_its_own_key(
    issuer, content, alliance, alliance_key
):
    endorsement = issuer.endorse(_endorsement_content(content, alliance), alliance_key)
    assert endorsement["proof"][0]["verificationMethod"] == f"{alliance.did}#key-1"
    assert endorsement["proof"][0]["created"] == "2026-06-01T08:00:00Z"


def test_an_embedded_endorsement_is_verified_and_reported_separately(
    issuer, verifier, content, key, alliance, alliance_key
):
    endorsement = issuer.endorse(_endorsement_content(content, alliance), alliance_key)
    signed = _signed_with(issuer, content, key, [endorsement])
    assert signed["credentialSubject"]["achievement"]["endorsement"] == [endorsement]
    report = verifier.verify(signed)
    assert report.verified, report.as_dict()
    assert [check.name for check in report.checks] == list(CHECKS)
    message = _check(report, "endorsements").message
    assert message.startswith(f"Endorsed by microVET European Alliance ({alliance.did})")


def test_a_credential_without_endorsements_says_so(verifier, signed):
    report = verifier.verify(signed)
    assert report.verified
    assert "no endorsement" in _check(report, "endorsements").message


def test_an_endorsement_changed_after_the_alliance_signed_is_reported(
    issuer, verifier, content, key, alliance, alliance_key
):
    endorsement = issuer.endorse(_endorsement_content(content, alliance), alliance_key)
    tampered = copy.deepcopy(endorsement)
    tampered["credentialSubject"]["endorsementComment"] = "We vouch for anything."
    # The school signs the credential around the tampered endorsement: only the endorsement fails.
    report = verifier.verify(_signed_with(issuer, content, key, [tampered]))
    assert not report.verified
    assert _check(report, "signature").passed
    failed = _check(report, "endorsements")
    assert not failed.passed
    assert "changed after it was signed" in failed.message
    assert alliance.name in failed.message
    assert _check(report, "completeness").message.startswith("Not checked because")


def test_an_endorsement_signed_with_a_key_the_alliance_never_published_is_reported(
    issuer, verifier, content, key, alliance, alliance_key
):
    stranger = issuer.new_key("key-1", ENDORSED_AT)  # same name, another key
    endorsement = issuer.endorse(_endorsement_content(content, alliance), stranger)
    report = verifier.verify(_signed_with(issuer, content, key, [endorsement]))
    assert "changed after it was signed" in _check(report, "endorsements").message


def test_an_endorsement_of_another_achievement_is_reported(
    issuer, verifier, content, key, alliance, alliance_key
):
    other = _endorsement_content(content, alliance, achievement_id="https://elsewhere.example/x")
    endorsement = issuer.endorse(other, alliance_key)
    failed = _check(
        verifier.verify(_signed_with(issuer, content, key, [endorsement])), "endorsements"
    )
    assert "endorses another achievement" in failed.message


def test_an_endorsement_by_an_unresolvable_issuer_is_reported(
    issuer, verifier, content, key, alliance, alliance_key, hosted
):
    endorsement = issuer.endorse(_endorsement_content(content, alliance), alliance_key)
    del hosted.documents[alliance.did]
    failed = _check(
        verifier.verify(_signed_with(issuer, content, key, [endorsement])), "endorsements"
    )
    assert not failed.passed
    assert "could not be verified" in failed.message


@pytest.mark.parametrize(
    ("endorsements", "reason"),
    [
        (["a string"], "Endorsement 1 is not an embedded credential"),
        ([{"type": ["VerifiableCredential"]}], "not an EndorsementCredential"),
        ([{"type": ["EndorsementCredential"], "issuer": {}}], "does not say who endorsed"),
        (
            {"type": ["EndorsementCredential"], "issuer": {"id": "did:web:x"}},
            "endorses another achievement",
        ),
        ([{}] * 21, "more than 20 endorsements"),
    ],
)
def test_an_embedded_thing_that_is_no_endorsement_is_refused(
    resolver, content, endorsements, reason
):
    credential = build_credential(content)
    credential["credentialSubject"]["achievement"]["endorsement"] = endorsements
    with pytest.raises(EndorsementError, match=reason):
        check_endorsements(credential, resolver=resolver, now=LATER)


def test_an_endorsement_not_valid_yet_is_reported(
    issuer, verifier, content, key, alliance, alliance_key
):
    later = _endorsement_content(content, alliance, issued_at=datetime(2027, 1, 1, tzinfo=UTC))
    endorsement = issuer.endorse(later, alliance_key)
    failed = _check(
        verifier.verify(_signed_with(issuer, content, key, [endorsement])), "endorsements"
    )
    assert "not valid yet" in failed.message


# --- Annex I completeness ----------------------------------------------------------------------


def test_a_complete_credential_passes_the_completeness_check(verifier, signed):
    report = verifier.verify(signed)
    check = _check(report, "completeness")
    assert check.passed
    assert check.message == (
        "The credential states every mandatory element of an EU micro-credential."
    )


def test_a_credential_of_an_incomplete_micro_credential_names_what_is_missing():
    legacy = MicroCredential(
        title="Digital content",
        description="Made before the EU elements were asked for.",
        learning_outcomes=("Develops digital content.",),
        ects=None,
        eqf_level=4,
    )
    content = make_credential_content(micro_credential=legacy)
    document = build_credential(content)
    assert missing_annex_i_elements(document) == [
        AnnexIElement.WORKLOAD,
        AnnexIElement.ASSESSMENT,
        AnnexIElement.PARTICIPATION,
        AnnexIElement.QUALITY_ASSURANCE,
    ]


def test_the_completeness_check_fails_naming_each_missing_element(sealer, verifier, content, key):
    unsigned = build_credential(content)
    achievement = unsigned["credentialSubject"]["achievement"]
    for name in ("mode", "accreditation"):
        del achievement[name]
    signed = add_proof(
        unsigned,
        private_key=unseal_private_key(key, sealer=sealer),
        verification_method=f"{content.issuer.did}#key-1",
        created=ISSUED_AT,
    )
    report = verifier.verify(signed)
    assert not report.verified
    failed = _check(report, "completeness")
    assert not failed.passed
    assert failed.message.endswith(
        "Missing: Form of participation in the learning activity; "
        "Type of quality assurance used to underpin the micro-credential."
    )


def test_a_foreign_badge_misses_every_element_it_does_not_state():
    badge = {"credentialSubject": {"achievement": {"name": "Badge"}}, "issuer": {"id": "x"}}
    missing = missing_annex_i_elements(badge)
    assert AnnexIElement.TITLE not in missing
    assert AnnexIElement.LEARNER in missing
    assert AnnexIElement.COUNTRY in missing
    assert AnnexIElement.AWARDING_BODY in missing  # an issuer needs a name too
    assert missing_annex_i_elements({}) == [e for e in AnnexIElement if e.is_mandatory]
