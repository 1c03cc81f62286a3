"""The micro-credential: every Annex I element, what is missing named by its Annex I name."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.annex_i import DEFINITION_MANDATORY, MANDATORY, AnnexIElement
from lti_tool.domain.credentials import (
    LearningOutcome,
    MicroCredential,
    QualityAssurance,
    Translation,
)
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.micro_credential import is_url
from tests.factories import make_micro_credential, make_organisation

ESCO_SKILL = "http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a"

# What makes each mandatory element of a definition missing, and the name that says so.
MISSING = {
    AnnexIElement.TITLE: {"title": "  "},
    AnnexIElement.AWARDING_BODY: {"awarding_bodies": ()},
    AnnexIElement.LEARNING_OUTCOMES: {"learning_outcomes": (" ", LearningOutcome(""))},
    AnnexIElement.WORKLOAD: {"ects": None, "ecvet_points": None, "hours": None},
    AnnexIElement.LEVEL: {"eqf_level": None},
    AnnexIElement.ASSESSMENT: {"assessment_types": ()},
    AnnexIElement.PARTICIPATION: {"participation_forms": ()},
    AnnexIElement.QUALITY_ASSURANCE: {"quality_assurance": ()},
}


def test_the_annex_names_eleven_mandatory_elements_of_which_a_definition_states_nine():
    assert len(MANDATORY) == 11
    assert len(DEFINITION_MANDATORY) == 9
    assert AnnexIElement.LEARNER not in DEFINITION_MANDATORY
    assert not AnnexIElement.GRADE.is_mandatory


@pytest.mark.parametrize("element", list(MISSING), ids=lambda e: e.name)
def test_each_missing_mandatory_element_is_named_by_its_annex_i_name(element):
    incomplete = make_micro_credential(**MISSING[element])
    assert element in incomplete.missing_elements()
    assert f"{element.value} is missing." in incomplete.problems()
    with pytest.raises(InvalidInput, match="cannot be published") as refused:
        incomplete.ensure_publishable()
    assert element.value in refused.value.message


def test_an_awarding_body_without_country_leaves_the_issuer_country_missing():
    nowhere = make_organisation(country_code=" ")
    incomplete = make_micro_credential(awarding_bodies=(nowhere,))
    assert incomplete.missing_elements() == [AnnexIElement.COUNTRY]
    assert "Country(ies)/Region(s) of the issuer is missing." in incomplete.problems()


def test_no_awarding_body_means_no_country_either():
    incomplete = make_micro_credential(awarding_bodies=())
    assert incomplete.missing_elements() == [AnnexIElement.COUNTRY, AnnexIElement.AWARDING_BODY]


def test_every_missing_element_is_named_at_once_in_the_order_of_the_annex():
    draft = MicroCredential(title="", description="", learning_outcomes=())
    assert draft.missing_elements() == list(DEFINITION_MANDATORY)
    problems = draft.problems()
    assert problems[:2] == [
        "Title of the micro-credential is missing.",
        "The description is missing.",
    ]
    assert len(problems) == 10


def test_a_complete_micro_credential_can_be_published():
    complete = make_micro_credential()
    assert complete.missing_elements() == []
    complete.ensure_publishable()


@pytest.mark.parametrize(
    "workload",
    [{"ects": Decimal("3")}, {"ecvet_points": Decimal("4")}, {"hours": 80}],
)
def test_any_one_way_of_giving_the_workload_is_enough(workload):
    values = {"ects": None, "ecvet_points": None, "hours": None, **workload}
    assert AnnexIElement.WORKLOAD not in make_micro_credential(**values).missing_elements()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"ects": Decimal("61")}, "at most 60 ECTS"),
        ({"ecvet_points": Decimal("0")}, "ECVET points"),
        ({"hours": 0}, "1 to 3600 hours"),
        ({"eqf_level": 0}, "EQF level"),
        ({"nqf_level": "c_nonsense"}, "NQF level"),
        ({"language": "xx"}, "not an official EU language"),
        ({"assessment_types": ("guessing",)}, "type of assessment"),
        ({"assessment_types": ("quiz", "quiz")}, "given twice"),
        ({"participation_forms": ("telepathy",)}, "form of participation"),
        ({"supervision": "honour-system"}, "supervision"),
        ({"integration": "glued"}, "integration"),
        ({"is_part_of": ("not a url",)}, r"http\(s\) URL"),
        ({"validity_months": 0}, "validity"),
        (
            {"learning_outcomes": (LearningOutcome("Does things.", ("https://esco.example/x",)),)},
            "ESCO skill URI",
        ),
        (
            {"quality_assurance": (QualityAssurance(kind="self-declared", body="Us"),)},
            "type of quality assurance",
        ),
        (
            {"quality_assurance": (QualityAssurance(kind="programme-licence", body=" "),)},
            "body that assures the quality",
        ),
        ({"translations": (Translation("en", "Again"),)}, "given twice"),
        ({"translations": (Translation("nl", " "),)}, "title in Dutch is missing"),
    ],
)
def test_a_wrong_value_is_refused_with_the_reason(overrides, reason):
    with pytest.raises(InvalidInput, match=reason):
        make_micro_credential(**overrides)


def test_a_complete_definition_with_every_optional_element_is_accepted():
    mc = make_micro_credential(
        ecvet_points=Decimal("4"),
        hours=84,
        nqf_level="c_ff656b33",
        learning_outcomes=(LearningOutcome("Develops digital content.", (ESCO_SKILL,)),),
        prerequisites="Basic digital skills.",
        supervision="supervised-online-id",
        integration="stackable",
        is_part_of=("https://microvet.example/programmes/digital",),
        further_information="See the course page.",
        validity_months=36,
    )
    assert mc.problems() == []


def test_the_title_and_description_are_given_in_several_languages():
    mc = make_micro_credential(
        language="en",
        translations=(
            Translation("nl", "Digitale content maken", "Digitale content maken voor het werk."),
            Translation("de", "Digitale Inhalte erstellen"),
        ),
    )
    assert mc.languages == ("en", "nl", "de")
    assert mc.title_in("nl") == "Digitale content maken"
    assert mc.description_in("nl") == "Digitale content maken voor het werk."
    # Not translated (or no description given): the micro-credential's own language.
    assert mc.title_in("fr") == mc.title
    assert mc.description_in("de") == mc.description


def test_texts_are_trimmed_and_outcomes_may_be_plain_strings():
    mc = make_micro_credential(
        title="  Digital content  ",
        learning_outcomes=("  Develops content. ", "", LearningOutcome("Works.", (ESCO_SKILL,))),
        prerequisites="   ",
    )
    assert mc.title == "Digital content"
    assert mc.learning_outcomes == (
        LearningOutcome("Develops content."),
        LearningOutcome("Works.", (ESCO_SKILL,)),
    )
    assert mc.prerequisites is None


def test_a_validity_period_gives_the_expiry_of_a_credential():
    issued = datetime(2026, 8, 31, 12, 0, tzinfo=UTC)
    assert make_micro_credential().valid_until(issued) is None
    assert make_micro_credential(validity_months=6).valid_until(issued) == datetime(
        2027, 2, 28, 12, 0, tzinfo=UTC
    )
    assert make_micro_credential(validity_months=60).valid_until(issued) == datetime(
        2031, 8, 31, 12, 0, tzinfo=UTC
    )


def test_the_fingerprint_changes_with_any_element_and_only_then():
    mc = make_micro_credential()
    assert mc.fingerprint() == replace(mc).fingerprint()
    assert mc.fingerprint() == replace(mc, ects=Decimal("3.00")).fingerprint()
    for changed in (
        {"title": "Other"},
        {"ects": Decimal("4")},
        {"supervision": "unsupervised-no-id"},
        {"awarding_bodies": (make_organisation(slug="another-school"),)},
        {"translations": (Translation("nl", "Titel"),)},
    ):
        assert replace(mc, **changed).fingerprint() != mc.fingerprint(), changed


# --- vocabularies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vocabulary", "size"),
    [
        (vocab.EQF_LEVELS, 8),
        (vocab.ASSESSMENT_TYPES, 14),
        (vocab.PARTICIPATION_FORMS, 6),
        (vocab.QUALITY_ASSURANCE_TYPES, 4),
        (vocab.SUPERVISION_LEVELS, 4),
        (vocab.CREDIT_FRAMEWORKS, 2),
        (vocab.INTEGRATION_OPTIONS, 3),
        (vocab.LANGUAGES, 24),
    ],
    ids=lambda v: v.name if isinstance(v, vocab.Vocabulary) else str(v),
)
def test_each_vocabulary_is_complete_with_iris_in_its_scheme_and_english_labels(vocabulary, size):
    assert len(vocabulary) == size
    scheme_base = vocabulary.scheme.removesuffix("/25831c2").removesuffix("#")
    for concept in vocabulary:
        assert concept.iri.startswith(scheme_base), concept
        assert concept.label.strip() and concept.key.strip()
        assert vocabulary.get(concept.key) is concept


def test_the_vocabularies_carry_the_iris_eu_elements_lists():
    assert vocab.EQF_LEVELS.get("4").iri == "http://data.europa.eu/snb/eqf/4"
    assert vocab.CREDIT_FRAMEWORKS.get("ects").iri.endswith("/education-credit/6fcec5c5af")
    assert vocab.ASSESSMENT_TYPES.get("practical-assessment").iri.endswith("/6a4db9f11d")
    assert vocab.PARTICIPATION_FORMS.get("blended").iri.endswith("/learning-assessment/e92d221e4d")
    assert vocab.QUALITY_ASSURANCE_TYPES.get("programme-quality-assurance").iri.endswith(
        "/accreditation/820101cba6"
    )
    assert vocab.NQF_LEVELS.get("c_ff656b33").label == "NLQF Level 4"
    assert vocab.LANGUAGES.get("nl").iri.endswith("/language/NLD")
    assert vocab.COUNTRIES.get("GR").iri.endswith("/country/GRC")
    assert len(vocab.NQF_LEVELS) > 300
    assert len(vocab.COUNTRIES) >= 27 + 3  # at least the EU and the EEA


def test_the_four_supervision_levels_of_the_recommendation_map_to_eu_iris():
    levels = {c.key: c for c in vocab.SUPERVISION_LEVELS}
    assert levels["unsupervised-no-id"].iri.endswith("/supervision-verification/c598449d64")
    # Online and onsite share "Supervised with ID Verification"; their mode tells them apart.
    assert levels["supervised-online-id"].iri == levels["supervised-onsite-id"].iri
    assert levels["supervised-online-id"].iri.endswith("/70be69aaf9")
    assert vocab.SUPERVISION_MODES == {
        "supervised-online-id": "online",
        "supervised-onsite-id": "presential",
    }
    # The IRI for "supervised without ID verification" was never seen in an official file.
    assert [c.key for c in vocab.SUPERVISION_LEVELS if not c.is_verified] == ["supervised-no-id"]
    assert len(vocab.SUPERVISION_LEVELS.by_iri(levels["supervised-onsite-id"].iri)) == 2


def test_a_vocabulary_refuses_a_repeated_key_and_unknown_lookups():
    concept = vocab.Concept("a", "https://example.org/a", "A")
    with pytest.raises(ValueError, match="repeats a key"):
        vocab.Vocabulary("test", "https://example.org", (concept, concept))
    with pytest.raises(KeyError):
        vocab.EQF_LEVELS.get("9")
    assert "9" not in vocab.EQF_LEVELS
    assert vocab.EQF_LEVELS.keys() == tuple(str(n) for n in range(1, 9))


@pytest.mark.parametrize(
    "url",
    ["https://school.example/a\u00a0b", "https://school.example/\u2028", "https://a b.example/"],
)
def test_a_web_address_with_any_white_space_is_no_url(url):
    """pyld would drop a node whose IRI holds Unicode white space from the signed graph."""
    assert not is_url(url)


@pytest.mark.parametrize("url", ["http://[", "https://a]b", "https://[::1/x"])
def test_a_web_address_with_an_unbalanced_bracket_is_no_url(url):
    """urlsplit raises on these; a definition with one is refused, not a 500."""
    assert not is_url(url)
    with pytest.raises(InvalidInput):
        MicroCredential(title="T", description="D", learning_outcomes=("O",), is_part_of=(url,))
