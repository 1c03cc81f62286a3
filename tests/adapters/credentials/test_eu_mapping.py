"""The EU micro-credential in OB3: every Annex I element where EU-ELEMENTS.md maps it, every term
defined by a context we ship and pin, so the signature covers it all."""

import base64
import hashlib
import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from adapters.credentials import terms
from adapters.credentials.canonical import canonize
from adapters.credentials.document_loader import (
    CONTEXT_DIR,
    DEFAULT_LOADER,
    VENDORED_CONTEXTS,
    context_bytes,
    digest_sri,
)
from adapters.credentials.errors import RemoteContextError
from adapters.credentials.ob3 import build_credential
from lti_tool.domain.credentials import LearningOutcome, Translation
from tests.adapters.credentials.demo_content import EXPECTED, demo_content
from tests.factories import make_credential_content, make_micro_credential

ELM = "http://data.europa.eu/snb/model/elm/"
OURS = "https://w3id.org/microvet/credentials/vocab#"
ELM_CREDIT = "http://data.europa.eu/snb/education-credit/"


def _achievement(content) -> dict:
    return build_credential(content)["credentialSubject"]["achievement"]


def test_the_demo_micro_credential_gives_the_reviewed_credential():
    """tests/vectors/ob3-demo-micro-credential/unsigned.json was read against EU-ELEMENTS.md §1
    element by element; a change to the mapping must change it on purpose."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert build_credential(demo_content()) == expected


def test_every_term_of_the_demo_credential_is_defined_and_in_the_signed_graph():
    nquads = canonize(build_credential(demo_content()))  # refuses any undefined term
    for term in (
        "volumeOfLearning",
        "creditPoint",
        "EQFLevel",
        "NQFLevel",
        "mode",
        "learningOutcome",
        "relatedESCOSkill",
        "accreditation",
        "accreditingAgent",
        "awardingBody",
        "isPartOf",
        "idVerification",
    ):
        assert f"<{ELM}{term}>" in nquads, term
    for term in ("prerequisites", "furtherInformation", "integrationOption", "stackable"):
        assert f"<{OURS}{term}>" in nquads, term
    assert "<http://purl.org/dc/terms/type> <http://data.europa.eu/snb/assessment/" in nquads
    assert '"PT84H"^^<http://www.w3.org/2001/XMLSchema#duration>' in nquads
    assert "example.org" not in nquads


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"ects": None, "hours": 40},
        {"ects": None, "ecvet_points": Decimal("2.5")},
        {"translations": (), "nqf_level": None, "supervision": None, "integration": None},
        {"supervision": "supervised-online-id", "is_part_of": (), "validity_months": None},
        {"supervision": "unsupervised-no-id", "prerequisites": None},
        {"learning_outcomes": ("Develops content.",), "further_information": None},
    ],
)
def test_every_shape_of_micro_credential_canonicalises_in_full(changes):
    mc = replace(demo_content().micro_credential, **changes)
    for grade in ("85 %", None):
        canonize(build_credential(demo_content(micro_credential=mc, grade=grade)))


def test_the_context_is_ours_versioned_and_ordered_after_vc_ob3_and_extensions():
    context = build_credential(demo_content())["@context"]
    assert context == [
        terms.VC_V2_CONTEXT,
        terms.OB3_CONTEXT,
        terms.OB3_EXTENSIONS_CONTEXT,
        "https://w3id.org/microvet/credentials/eu-microcredential/v1",
    ]
    assert VENDORED_CONTEXTS[context[-1]] == "eu-microcredential-v1.jsonld"
    document = DEFAULT_LOADER(context[-1], {})["document"]
    assert document["@context"]["@protected"] is True
    assert "example.org" not in context_bytes(context[-1]).decode("utf-8")


def test_the_context_is_pinned_by_the_sha384_digest_of_its_bytes():
    related = build_credential(demo_content())["relatedResource"]
    raw = (CONTEXT_DIR / "eu-microcredential-v1.jsonld").read_bytes()
    expected = "sha384-" + base64.b64encode(hashlib.sha384(raw).digest()).decode("ascii")
    assert related == [{"id": terms.EU_MICROCREDENTIAL_CONTEXT, "digestSRI": expected}]
    assert digest_sri(terms.EU_MICROCREDENTIAL_CONTEXT) == expected
    assert re.fullmatch(r"sha384-[A-Za-z0-9+/]{64}", expected)


def test_only_shipped_contexts_have_a_digest():
    with pytest.raises(RemoteContextError):
        digest_sri("https://example.org/contexts/eu-microcredential/v1.jsonld")


def test_our_context_redefines_no_vc_or_ob3_term():
    ours = set(DEFAULT_LOADER(terms.EU_MICROCREDENTIAL_CONTEXT, {})["document"]["@context"])
    for url in (terms.VC_V2_CONTEXT, terms.OB3_CONTEXT, terms.OB3_EXTENSIONS_CONTEXT):
        theirs = set(DEFAULT_LOADER(url, {})["document"]["@context"])
        assert ours & theirs <= {"@protected", "@version", "id", "type"}, url


def test_workload_in_ects_is_native_and_other_units_only_ours():
    ects = _achievement(make_credential_content())
    assert ects["creditsAvailable"] == 3
    assert ects["creditPoint"] == [
        {"type": "CreditPoint", "framework": f"{ELM_CREDIT}6fcec5c5af", "point": "3"}
    ]
    mc = make_micro_credential(ects=None, ecvet_points=Decimal("4.50"), hours=90)
    content = make_credential_content(micro_credential=mc)
    credential = build_credential(content)
    achievement = credential["credentialSubject"]["achievement"]
    assert "creditsAvailable" not in achievement
    assert "creditsEarned" not in credential["credentialSubject"]
    assert achievement["creditPoint"] == [
        {"type": "CreditPoint", "framework": f"{ELM_CREDIT}60b314e826", "point": "4.5"}
    ]
    assert achievement["volumeOfLearning"] == "PT90H"


def test_optional_elements_not_given_are_left_out():
    credential = build_credential(make_credential_content(grade=None))
    achievement = credential["credentialSubject"]["achievement"]
    for name in (
        "related",
        "nqfLevel",
        "prerequisites",
        "integrationOption",
        "isPartOf",
        "furtherInformation",
        "volumeOfLearning",
        "endorsement",
    ):
        assert name not in achievement, name
    assert "result" not in credential["credentialSubject"]
    assert "validUntil" not in credential
    assert [a["targetType"] for a in achievement["alignment"]] == ["ext:EQFLevel"]


def test_supervision_online_or_onsite_is_told_apart_by_the_assessment_mode():
    def assessment(level):
        content = make_credential_content(
            grade=None, micro_credential=make_micro_credential(supervision=level)
        )
        credential = build_credential(content)
        return (
            credential["credentialSubject"]["achievement"]["resultDescription"][0],
            credential["credentialSubject"]["result"][0],
        )

    online, online_result = assessment("supervised-online-id")
    onsite, onsite_result = assessment("supervised-onsite-id")
    unsupervised, unsupervised_result = assessment("unsupervised-no-id")
    assert online["mode"] == ["http://data.europa.eu/snb/learning-assessment/920fbb3cbe"]
    assert onsite["mode"] == ["http://data.europa.eu/snb/learning-assessment/9191af2ed9"]
    assert "mode" not in unsupervised
    assert online_result["idVerification"] == onsite_result["idVerification"]
    assert unsupervised_result["idVerification"].endswith("/c598449d64")
    assert "value" not in unsupervised_result  # no grade was given


def test_each_translation_is_a_related_achievement_in_its_language():
    mc = make_micro_credential(
        translations=(Translation("nl", "Digitale content"), Translation("de", "Digitale Inhalte"))
    )
    content = make_credential_content(micro_credential=mc)
    assert _achievement(content)["related"] == [
        {"id": f"{content.achievement_id}?lang=nl", "type": ["Related"], "inLanguage": "nl"},
        {"id": f"{content.achievement_id}?lang=de", "type": ["Related"], "inLanguage": "de"},
    ]


def test_a_skill_named_by_two_outcomes_is_aligned_once():
    skill = "http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a"
    mc = make_micro_credential(
        learning_outcomes=(LearningOutcome("One.", (skill,)), LearningOutcome("Two.", (skill,)))
    )
    alignments = _achievement(make_credential_content(micro_credential=mc))["alignment"]
    esco = [a for a in alignments if a["targetType"] == "ext:ESCOSkill"]
    assert esco == [
        {
            "type": ["Alignment"],
            "targetType": "ext:ESCOSkill",
            "targetName": "One.",
            "targetFramework": "ESCO",
            "targetUrl": skill,
        }
    ]


def test_the_alliance_and_every_co_awarding_body_are_named_with_their_logos():
    content = demo_content()
    achievement = _achievement(content)
    assert achievement["creator"]["name"] == "microVET European Alliance"
    assert [body["name"] for body in achievement["awardingBody"]] == [
        "Demo VET School",
        "microVET European Alliance",
    ]
    assert all(body["image"]["type"] == "Image" for body in achievement["awardingBody"])


def test_a_quality_assurance_body_without_website_is_a_profile_without_id():
    accreditation = _achievement(make_credential_content())["accreditation"]
    assert accreditation == [
        {
            "type": "Accreditation",
            "name": "Program Quality Assurance",
            "accreditationType": "http://data.europa.eu/snb/accreditation/820101cba6",
            "accreditingAgent": {"type": ["Profile"], "name": "National VET inspectorate"},
        }
    ]
    canonize(build_credential(make_credential_content()))
