"""A definition as a portable JSON document: it survives export and import unchanged, and an
imported document that is wrong is refused, saying where and what was expected."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.definition_json import (
    FORMAT,
    MAX_LEARNING_OUTCOMES,
    MAX_TEXT,
    definition_from_json,
    definition_to_json,
)
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.micro_credential import (
    LearningOutcome,
    MicroCredential,
    QualityAssurance,
    Translation,
)
from tests.factories import make_micro_credential, make_organisation

ESCO = vocab.ESCO_SKILL_IRI_PREFIX
WELDING = f"{ESCO}5fd5c985-eaaa-47aa-8314-62359c54505a"
SAFETY = f"{ESCO}b6ea8e5f-7a42-4c8c-9f3c-1a4f8f7ae3a1"


def through_json(document: dict) -> object:
    return json.loads(json.dumps(document))


def complete_definition() -> MicroCredential:
    """Every Annex I element a definition states, mandatory and optional."""
    return MicroCredential(
        title="MIG/MAG welding of thin sheet steel",
        description="Weld thin sheet steel safely with MIG/MAG in the positions PA and PB.",
        learning_outcomes=(
            LearningOutcome("Sets up a MIG/MAG welding installation for thin sheet.", (WELDING,)),
            LearningOutcome("Works safely: ventilation, PPE, fire watch.", (SAFETY, WELDING)),
            LearningOutcome("Checks a weld visually against ISO 5817 level C."),
        ),
        ects=Decimal("2.5"),
        eqf_level=3,
        language="nl",
        translations=(
            Translation("en", "MIG/MAG welding of thin sheet steel", "Weld thin sheet steel."),
            Translation("de", "MIG/MAG-Schweißen von Dünnblech"),
        ),
        ecvet_points=Decimal("4"),
        hours=70,
        nqf_level="c_f97cdbb5",  # NLQF Level 3
        assessment_types=("practical-assessment", "portfolio"),
        participation_forms=("blended", "work-based"),
        quality_assurance=(
            QualityAssurance(
                kind="programme-quality-assurance",
                body="Inspectorate of Education (Inspectie van het Onderwijs)",
                description="The programme is part of an accredited VET qualification.",
                body_url="https://www.onderwijsinspectie.nl",
                landing_page="https://www.onderwijsinspectie.nl/onderwijssectoren/mbo",
            ),
            QualityAssurance(kind="institutional-licence", body="SBB"),
        ),
        prerequisites="Basic workshop safety (VCA).",
        supervision="supervised-onsite-id",
        integration="stackable",
        is_part_of=("https://example.org/qualifications/welder-2",),
        further_information="https://example.org/courses/mig-mag",
        validity_months=60,
    )


def test_a_complete_definition_survives_export_and_import():
    definition = complete_definition()
    document = definition_to_json(definition, ("microvet", "school-b"))
    assert definition_from_json(through_json(document)) == (definition, ("microvet", "school-b"))


def test_the_document_is_plain_json_in_a_stable_order():
    document = definition_to_json(complete_definition(), ("microvet",))
    assert list(document) == [
        "format",
        "title",
        "description",
        "learning_outcomes",
        "ects",
        "eqf_level",
        "language",
        "translations",
        "ecvet_points",
        "hours",
        "nqf_level",
        "assessment_types",
        "participation_forms",
        "quality_assurance",
        "co_awarding_bodies",
        "prerequisites",
        "supervision",
        "integration",
        "is_part_of",
        "further_information",
        "validity_months",
    ]
    assert document["format"] == FORMAT
    assert document["ects"] == "2.5" and document["ecvet_points"] == "4"
    assert document["learning_outcomes"][2] == {
        "text": "Checks a weld visually against ISO 5817 level C.",
        "esco_skills": [],
    }
    assert document["translations"][1] == {
        "language": "de",
        "title": "MIG/MAG-Schweißen von Dünnblech",
        "description": "",
    }
    assert "body_url" not in document["quality_assurance"][1]
    assert document["co_awarding_bodies"] == ["microvet"]
    assert through_json(document) == document


def test_the_awarding_bodies_are_left_to_the_tool_and_missing_values_left_out():
    definition = make_micro_credential(awarding_bodies=(make_organisation(),), ects=Decimal("3.00"))
    document = definition_to_json(definition)
    assert "awarding_bodies" not in document
    assert document["co_awarding_bodies"] == []
    assert document["ects"] == "3"
    for optional in ("ecvet_points", "hours", "nqf_level", "prerequisites", "validity_months"):
        assert optional not in document
    imported, slugs = definition_from_json(through_json(document))
    assert imported == replace(definition, awarding_bodies=()) and slugs == ()


def test_an_outcome_given_as_plain_text_is_written_as_an_object():
    definition = make_micro_credential()
    object.__setattr__(definition, "learning_outcomes", ("Welds.",))  # as the type allows
    assert definition_to_json(definition)["learning_outcomes"] == [{"text": "Welds."}]


def test_an_incomplete_draft_can_be_imported():
    draft, slugs = definition_from_json(
        {"format": FORMAT, "title": "", "description": "", "learning_outcomes": []}
    )
    assert draft == MicroCredential(title="", description="", learning_outcomes=())
    assert slugs == ()
    assert draft.problems()  # publishing, not importing, refuses it


@pytest.mark.parametrize(
    "value, expected",
    [("2.5", "2.5"), (" 2.50 ", "2.5"), ("3", "3"), (3, "3"), (2.5, "2.5"), (0.1, "0.1")],
)
def test_credits_are_read_from_a_decimal_string_or_a_json_number(value, expected):
    definition, _ = definition_from_json({**_minimal(), "ects": value, "ecvet_points": value})
    assert definition.ects == Decimal(expected) == definition.ecvet_points


def test_null_is_read_as_a_value_left_out():
    document = {**_minimal(), "ects": None, "eqf_level": None, "prerequisites": None}
    definition, _ = definition_from_json(document)
    assert definition.ects is None and definition.eqf_level is None


def _minimal() -> dict:
    return {"format": FORMAT, "title": "T", "description": "D", "learning_outcomes": []}


def _document(**changes) -> dict:
    document = through_json(definition_to_json(complete_definition(), ("microvet",)))
    document.update(changes)
    return document


def _changed(path: tuple, value: object) -> dict:
    """The complete document with the value at `path` (keys and list indexes) replaced."""
    document = _document()
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


NUMBER = 'expected a number given as a string or number, like \\"2.5\\"'


@pytest.mark.parametrize(
    "document, message",
    [
        (None, r"^definition: expected an object"),
        ([], r"^definition: expected an object"),
        ({"title": "T"}, r'^definition\.format: expected "microvet-definition/1"'),
        (_document(format="microvet-definition/2"), r'^definition\.format: expected "microvet-def'),
        (_document(titel="Welding"), r'^definition: unknown key "titel"; expected only "format"'),
        (
            _document(awarding_bodies=["x"], colour="red"),
            r'^definition: unknown keys "awarding_bodies", "colour"; expected only',
        ),
        ({"format": FORMAT, "description": "", "learning_outcomes": []}, r"^definition\.title: "),
        ({"format": FORMAT, "title": "", "learning_outcomes": []}, r"^definition\.description: "),
        (
            {"format": FORMAT, "title": "", "description": ""},
            r"^definition\.learning_outcomes: missing; expected a list of learning outcomes",
        ),
        (_document(title=7), r"^definition\.title: expected text\.$"),
        (_document(description=None), r"^definition\.description: expected text\.$"),
        (_document(language=None), r"^definition\.language: expected text\.$"),
        (_document(ects="2,5"), rf"^definition\.ects: {NUMBER}\.$"),
        (_document(ects="NaN"), rf"^definition\.ects: {NUMBER}\.$"),
        (_document(ects="1_0"), rf"^definition\.ects: {NUMBER}\.$"),
        (_document(ects=True), rf"^definition\.ects: {NUMBER}\.$"),
        (_document(ects=float("inf")), rf"^definition\.ects: {NUMBER}\.$"),
        (_document(ects=[2]), rf"^definition\.ects: {NUMBER}\.$"),
        (_document(ecvet_points={}), rf"^definition\.ecvet_points: {NUMBER}\.$"),
        (_document(eqf_level="4"), r"^definition\.eqf_level: expected a whole number\.$"),
        (_document(hours=7.5), r"^definition\.hours: expected a whole number\.$"),
        (_document(validity_months=False), r"^definition\.validity_months: expected a whole"),
        (_document(nqf_level=3), r"^definition\.nqf_level: expected text\.$"),
        (_document(prerequisites=["x"]), r"^definition\.prerequisites: expected text\.$"),
        (_document(learning_outcomes="Welds."), r"^definition\.learning_outcomes: expected a list"),
        (
            _document(learning_outcomes=["Welds."]),
            r'^definition\.learning_outcomes\[0\]: expected an object with "text"\.$',
        ),
        (
            _changed(("learning_outcomes", 2, "text"), None),
            r"^definition\.learning_outcomes\[2\]\.text: expected text\.$",
        ),
        (
            _document(learning_outcomes=[{"esco_skills": []}]),
            r"^definition\.learning_outcomes\[0\]\.text: missing; expected text\.$",
        ),
        (
            _changed(("learning_outcomes", 1, "skills"), []),
            r'^definition\.learning_outcomes\[1\]: unknown key "skills"; expected only "text" and '
            r'"esco_skills"\.$',
        ),
        (
            _changed(("learning_outcomes", 0, "esco_skills"), WELDING),
            r"^definition\.learning_outcomes\[0\]\.esco_skills: expected a list\.$",
        ),
        (
            _changed(("learning_outcomes", 1, "esco_skills", 1), 5),
            r"^definition\.learning_outcomes\[1\]\.esco_skills\[1\]: expected text\.$",
        ),
        (_document(translations={}), r"^definition\.translations: expected a list\.$"),
        (
            _changed(("translations", 1, "title"), 1),
            r"^definition\.translations\[1\]\.title: expected text\.$",
        ),
        (
            _document(translations=[{"title": "Welding"}]),
            r"^definition\.translations\[0\]\.language: missing; expected text\.$",
        ),
        (
            _changed(("translations", 0, "description"), None),
            r"^definition\.translations\[0\]\.description: expected text\.$",
        ),
        (
            _changed(("quality_assurance", 0, "body_url"), 1),
            r"^definition\.quality_assurance\[0\]\.body_url: expected text\.$",
        ),
        (
            _changed(("quality_assurance", 0, "landing_page"), "http://["),
            r"^definition\.quality_assurance\[0\]\.landing_page: expected an http\(s\) URL\.$",
        ),
        (
            _changed(("quality_assurance", 1), {"kind": "institutional-licence"}),
            r"^definition\.quality_assurance\[1\]\.body: missing; expected text\.$",
        ),
        (
            _changed(("quality_assurance", 1), "SBB"),
            r'^definition\.quality_assurance\[1\]: expected an object with "kind" and "body"\.$',
        ),
        (_document(assessment_types=[None]), r"^definition\.assessment_types\[0\]: expected text"),
        (_document(participation_forms="online"), r"^definition\.participation_forms: expected a"),
        (_document(is_part_of=["https://a]b"]), r"^definition\.is_part_of\[0\]: expected an http"),
        (
            _document(co_awarding_bodies=[" "]),
            r"^definition\.co_awarding_bodies\[0\]: expected the",
        ),
        (_document(co_awarding_bodies=[3]), r"^definition\.co_awarding_bodies\[0\]: expected text"),
        (
            _document(co_awarding_bodies=["microvet", "microvet"]),
            r"^definition\.co_awarding_bodies: expected each organisation once\.$",
        ),
    ],
)
def test_a_document_of_the_wrong_shape_is_refused_saying_where(document, message):
    with pytest.raises(InvalidInput, match=message):
        definition_from_json(document)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"eqf_level": 9}, "The EQF level must be a whole number from 1 to 8."),
        ({"ects": "61"}, "The workload must be more than 0 and at most 60 ECTS."),
        ({"ecvet_points": 0}, "The workload must be more than 0 and at most 120 ECVET points."),
        ({"hours": 0}, "The workload must be 1 to 3600 hours."),
        ({"validity_months": 601}, "The validity must be 1 to 600 months."),
        ({"language": "xx"}, "The language 'xx' is not an official EU language."),
        ({"nqf_level": "NL-9"}, "The NQF level 'NL-9' is not in the EU list of NQF levels."),
        ({"assessment_types": ["exam"]}, "'exam' is not a known type of assessment."),
        ({"participation_forms": ["online", "online"]}, "A form of participation is given twice."),
        (
            {"supervision": "strict"},
            "'strict' is not a known supervision and identity verification.",
        ),
        ({"integration": "merged"}, "'merged' is not a known integration/stackability option."),
        ({"is_part_of": ["ftp://example.org/x"]}, "'ftp://example.org/x' is not an http(s) URL."),
    ],
)
def test_a_value_the_definition_refuses_is_refused_with_its_reason(changes, message):
    with pytest.raises(InvalidInput) as refused:
        definition_from_json(_document(**changes))
    assert refused.value.message == f"definition: {message}"


def test_a_wrong_nested_value_is_refused_with_the_definitions_reason():
    document = _changed(("learning_outcomes", 0, "esco_skills"), ["welding"])
    with pytest.raises(InvalidInput, match=r"^definition: 'welding' is not an ESCO skill URI"):
        definition_from_json(document)
    document = _changed(("translations", 0, "language"), "de")
    with pytest.raises(InvalidInput, match=r"^definition: The title in German is given twice\.$"):
        definition_from_json(document)
    document = _changed(("quality_assurance", 1, "kind"), "iso-9001")
    with pytest.raises(InvalidInput, match=r"^definition: 'iso-9001' is not a known type of q"):
        definition_from_json(document)


def test_more_than_a_hundred_learning_outcomes_are_refused():
    outcomes = [{"text": f"Outcome {n}"} for n in range(MAX_LEARNING_OUTCOMES)]
    definition, _ = definition_from_json(_document(learning_outcomes=outcomes))
    assert len(definition.learning_outcomes) == MAX_LEARNING_OUTCOMES
    with pytest.raises(
        InvalidInput,
        match=r"^definition\.learning_outcomes: expected at most 100 learning outcomes, not 101\.$",
    ):
        definition_from_json(_document(learning_outcomes=[*outcomes, {"text": "One more"}]))


def test_other_lists_are_limited_too():
    with pytest.raises(InvalidInput, match=r"^definition\.is_part_of: expected at most 100 items"):
        definition_from_json(_document(is_part_of=["https://example.org"] * 101))


def test_a_text_longer_than_ten_thousand_characters_is_refused():
    definition, _ = definition_from_json(_document(description="x" * MAX_TEXT))
    assert len(definition.description) == MAX_TEXT
    with pytest.raises(
        InvalidInput,
        match=r"^definition\.description: expected text of at most 10,000 characters, not 10,001",
    ):
        definition_from_json(_document(description="x" * (MAX_TEXT + 1)))
    long_outcome = _changed(("learning_outcomes", 1, "text"), "x" * (MAX_TEXT + 1))
    with pytest.raises(InvalidInput, match=r"^definition\.learning_outcomes\[1\]\.text: expected"):
        definition_from_json(long_outcome)


def test_a_long_unknown_key_is_named_shortened():
    with pytest.raises(InvalidInput, match=r'unknown keys "a", "b", "c", "d", "k{40}…" and 1 more'):
        definition_from_json(_document(a=1, b=2, c=3, d=4, **{"k" * 100: 5}, f=6))


# Properties -----------------------------------------------------------------------------------

TEXTS = st.text(max_size=40)
FILLED = TEXTS.filter(str.strip)
URLS = st.builds(
    "{}://{}.example/{}".format,
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    st.from_regex(r"[a-z0-9/_-]{0,12}", fullmatch=True),
)
ESCO_SKILLS = st.uuids().map(lambda uuid: f"{ESCO}{uuid}")
OUTCOMES = st.one_of(
    TEXTS,
    st.builds(LearningOutcome, TEXTS, st.lists(ESCO_SKILLS, max_size=3).map(tuple)),
)
QUALITY_ASSURANCES = st.builds(
    QualityAssurance,
    kind=st.sampled_from(vocab.QUALITY_ASSURANCE_TYPES.keys()),
    body=FILLED,
    description=TEXTS,
    body_url=st.one_of(st.none(), st.just(""), URLS),
    landing_page=st.one_of(st.none(), URLS),
)
CREDITS = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("60"), places=3)
SLUGS = st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True), unique=True).map(tuple)


def _keys(vocabulary: vocab.Vocabulary) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(vocabulary.keys()), unique=True, max_size=4).map(tuple)


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


@st.composite
def definitions(draw) -> MicroCredential:
    language = draw(st.sampled_from(vocab.LANGUAGES.keys()))
    others = [concept.key for concept in vocab.LANGUAGES if concept.key != language]
    translated = draw(st.lists(st.sampled_from(others), unique=True, max_size=3))
    return MicroCredential(
        title=draw(TEXTS),
        description=draw(TEXTS),
        learning_outcomes=tuple(draw(st.lists(OUTCOMES, max_size=5))),
        ects=draw(_optional(CREDITS)),
        eqf_level=draw(_optional(st.integers(1, 8))),
        language=language,
        translations=tuple(Translation(key, draw(FILLED), draw(TEXTS)) for key in translated),
        ecvet_points=draw(_optional(CREDITS.map(lambda ects: ects * 2))),
        hours=draw(_optional(st.integers(1, 3600))),
        nqf_level=draw(_optional(st.sampled_from(vocab.NQF_LEVELS.keys()))),
        assessment_types=draw(_keys(vocab.ASSESSMENT_TYPES)),
        participation_forms=draw(_keys(vocab.PARTICIPATION_FORMS)),
        quality_assurance=tuple(
            draw(st.lists(QUALITY_ASSURANCES, max_size=3, unique_by=lambda qa: qa.kind))
        ),
        prerequisites=draw(_optional(TEXTS)),
        supervision=draw(_optional(st.sampled_from(vocab.SUPERVISION_LEVELS.keys()))),
        integration=draw(_optional(st.sampled_from(vocab.INTEGRATION_OPTIONS.keys()))),
        is_part_of=tuple(draw(st.lists(URLS, max_size=3))),
        further_information=draw(_optional(TEXTS)),
        validity_months=draw(_optional(st.integers(1, 600))),
    )


@settings(max_examples=300)
@given(definition=definitions(), slugs=SLUGS)
def test_every_definition_survives_export_and_import(definition, slugs):
    document = json.loads(json.dumps(definition_to_json(definition, slugs)))
    assert definition_from_json(document) == (definition, slugs)


@given(definition=definitions(), slugs=SLUGS)
def test_an_export_of_an_import_is_the_same_document(definition, slugs):
    document = through_json(definition_to_json(definition, slugs))
    assert definition_to_json(*definition_from_json(document)) == document


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=300)
@given(definition=definitions(), data=st.data())
def test_any_value_anywhere_is_imported_or_refused_as_invalid_input(definition, data):
    document = through_json(definition_to_json(definition, ("microvet",)))
    target, key = document, data.draw(st.sampled_from(sorted(document)))
    while isinstance(target[key], dict | list) and target[key] and data.draw(st.booleans()):
        target = target[key]
        key = data.draw(
            st.sampled_from(sorted(target) if isinstance(target, dict) else range(len(target)))
        )
    target[key] = data.draw(JSON)
    try:
        definition_from_json(document)
    except InvalidInput as refused:
        assert refused.message.startswith("definition")
