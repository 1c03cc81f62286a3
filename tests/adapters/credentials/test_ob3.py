"""build_credential: the unsigned OB3 credential of an award, in native OB3 and VC terms only."""

from datetime import datetime
from decimal import Decimal

import pytest

from adapters.credentials.canonical import canonize
from adapters.credentials.errors import IssuingError
from adapters.credentials.ob3 import build_credential, json_number
from tests.factories import make_credential_content, make_micro_credential, make_organisation


def test_the_credential_states_the_award_in_ob3_terms():
    content = make_credential_content()
    credential = build_credential(content)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://w3id.org/microvet/credentials/eu-microcredential/v1",
    ]
    assert credential["id"] == content.credential_id
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["name"] == "Digital content for the workplace"
    assert credential["validFrom"] == "2026-06-30T12:00:00Z"
    assert credential["awardedDate"] == "2026-06-29T09:30:00Z"


def test_the_issuer_is_a_profile_with_its_did_logo_and_country():
    content = make_credential_content()
    issuer = build_credential(content)["issuer"]
    assert issuer == {
        "id": content.issuer.did,
        "type": ["Profile"],
        "name": content.issuer.name,
        "url": content.issuer.url,
        "image": {"id": content.issuer.logo_url, "type": "Image"},
        "address": {"type": ["Address"], "addressCountryCode": "NL"},
    }


def test_an_issuer_without_logo_has_no_image():
    content = make_credential_content(issuer=make_organisation(logo_url=None))
    assert "image" not in build_credential(content)["issuer"]


def test_the_learner_is_named_by_an_unhashed_identity_object():
    subject = build_credential(make_credential_content(learner_name="Ana Andromeda"))[
        "credentialSubject"
    ]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "Ana Andromeda",
        }
    ]


def test_the_achievement_carries_the_micro_credential():
    content = make_credential_content(
        micro_credential=make_micro_credential(
            learning_outcomes=("Develops digital content.", "  ", "Works\nin a team."),
            eqf_level=5,
            language="nl",
        )
    )
    achievement = build_credential(content)["credentialSubject"]["achievement"]
    assert achievement["id"] == content.achievement_id
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["description"] == content.micro_credential.description
    assert achievement["criteria"] == {
        "narrative": "1. Develops digital content.\n2. Works in a team.\n\n"
        "Type of assessment: practical assessment.\nForm of participation: Blended."
    }
    assert achievement["inLanguage"] == "nl"
    assert achievement["alignment"] == [
        {
            "type": ["Alignment"],
            "targetType": "ext:EQFLevel",
            "targetName": "EQF level 5",
            "targetCode": "5",
            "targetFramework": "European Qualifications Framework",
            "targetUrl": "http://data.europa.eu/snb/eqf/5",
        }
    ]


def test_the_alliance_is_the_creator_with_its_logo():
    alliance = make_organisation(name="microVET European Alliance", did=None)
    content = make_credential_content(co_issuers=(alliance,))
    creator = build_credential(content)["credentialSubject"]["achievement"]["creator"]
    assert creator["id"] == alliance.url
    assert creator["type"] == ["Profile"]
    assert creator["name"] == "microVET European Alliance"
    assert creator["image"] == {"id": alliance.logo_url, "type": "Image"}


def test_without_co_issuers_there_is_no_creator():
    content = make_credential_content(co_issuers=())
    assert "creator" not in build_credential(content)["credentialSubject"]["achievement"]


@pytest.mark.parametrize(("ects", "number"), [("3", 3), ("2.5", 2.5), ("3.0", 3), ("0.1", 0.1)])
def test_ects_are_json_numbers(ects, number):
    content = make_credential_content(micro_credential=make_micro_credential(ects=Decimal(ects)))
    subject = build_credential(content)["credentialSubject"]
    assert subject["creditsEarned"] == number
    assert subject["achievement"]["creditsAvailable"] == number
    assert type(subject["achievement"]["creditsAvailable"]) is type(number)
    assert type(json_number(Decimal(ects))) is type(number)


def test_a_grade_is_a_result_and_no_grade_no_result():
    content = make_credential_content(grade="8.5")
    graded = build_credential(content)["credentialSubject"]
    assert graded["result"] == [
        {
            "type": ["Result"],
            "resultDescription": f"{content.achievement_id}#assessment",
            "value": "8.5",
        }
    ]
    ungraded = build_credential(make_credential_content(grade=None))["credentialSubject"]
    assert "result" not in ungraded


@pytest.mark.parametrize("grade", ["8.5", None])
def test_every_property_is_defined_so_the_signature_covers_it_all(grade):
    nquads = canonize(build_credential(make_credential_content(grade=grade)))
    assert "http://data.europa.eu/snb/eqf/4" in nquads
    assert '"3"^^<https://www.w3.org/2001/XMLSchema#float>' in nquads


def test_an_issuer_without_a_did_cannot_have_a_credential():
    content = make_credential_content(issuer=make_organisation(did=None))
    with pytest.raises(IssuingError, match="has no DID"):
        build_credential(content)


def test_a_date_without_time_zone_is_refused():
    content = make_credential_content(issued_at=datetime(2026, 6, 30, 12, 0))
    with pytest.raises(IssuingError, match="time zone"):
        build_credential(content)
