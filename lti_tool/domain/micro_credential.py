"""The micro-credential a teacher defines: every element of Annex I, mandatory and optional.

Council Recommendation 2022/C 243/02, Annex I; shared/standards/EU-ELEMENTS.md maps each element
to Open Badges 3.0 and ELM. A MicroCredential may be built while elements are still missing (a
draft, or a definition saved before an element became required); `problems()` names each missing
one by its Annex I name, and `ensure_publishable()` refuses to let it be published. A value that
is given but wrong (an EQF level of 9, an unknown vocabulary key) is refused at once.
Controlled values are the keys of `vocabularies`; the learner, the date of issuing and the grade
belong to each award (CredentialContent), not to the definition.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlsplit

from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.annex_i import DEFINITION_MANDATORY, AnnexIElement
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.organisations import Organisation

EQF_LEVELS = range(1, 9)
MAX_ECTS = Decimal("60")
MAX_ECVET_POINTS = Decimal("120")  # two years of full-time VET (ECVET: 60 points a year)
MAX_HOURS = 3600
MAX_VALIDITY_MONTHS = 600


@dataclass(frozen=True)
class Translation:
    """The title and description in a language other than the micro-credential's own."""

    language: str  # a key of vocabularies.LANGUAGES
    title: str
    description: str = ""


@dataclass(frozen=True)
class LearningOutcome:
    """What a learner who earns the micro-credential knows or can do, and the ESCO skills it is."""

    text: str
    esco_skills: tuple[str, ...] = ()  # ESCO skill IRIs, http://data.europa.eu/esco/skill/<id>


@dataclass(frozen=True)
class QualityAssurance:
    """The quality assurance underpinning the micro-credential, and the body that provides it."""

    kind: str  # a key of vocabularies.QUALITY_ASSURANCE_TYPES
    body: str  # e.g. "Inspectorate of Education (Inspectie van het Onderwijs)"
    description: str = ""
    body_url: str | None = None
    landing_page: str | None = None  # the body's register entry or report on this programme


@dataclass(frozen=True)
class MicroCredential:
    """What a learner earns: the Annex I elements a teacher defines for a course.

    `awarding_bodies` are the lead awarding body (the course's organisation, which signs) first,
    then the alliance and any other co-awarding body; the issuer's country is the lead's.
    """

    title: str
    description: str
    learning_outcomes: tuple[LearningOutcome | str, ...]
    ects: Decimal | None = None
    eqf_level: int | None = None
    language: str = "en"
    translations: tuple[Translation, ...] = ()
    ecvet_points: Decimal | None = None
    hours: int | None = None
    nqf_level: str | None = None
    assessment_types: tuple[str, ...] = ()
    participation_forms: tuple[str, ...] = ()
    quality_assurance: tuple[QualityAssurance, ...] = ()
    awarding_bodies: tuple[Organisation, ...] = ()
    prerequisites: str | None = None
    supervision: str | None = None
    integration: str | None = None
    is_part_of: tuple[str, ...] = ()
    further_information: str | None = None
    validity_months: int | None = None

    def __post_init__(self) -> None:
        _normalise(self)
        errors = _invalid_values(self)
        if errors:
            raise InvalidInput(" ".join(errors))

    def missing_elements(self) -> list[AnnexIElement]:
        """The mandatory Annex I elements of a definition that are not given, in Annex order."""
        lead = self.awarding_bodies[0] if self.awarding_bodies else None
        given = {
            AnnexIElement.TITLE: bool(self.title),
            AnnexIElement.COUNTRY: lead is not None and bool(lead.country_code.strip()),
            AnnexIElement.AWARDING_BODY: lead is not None,
            AnnexIElement.LEARNING_OUTCOMES: bool(self.learning_outcomes),
            AnnexIElement.WORKLOAD: any(
                value is not None for value in (self.ects, self.ecvet_points, self.hours)
            ),
            AnnexIElement.LEVEL: self.eqf_level is not None,
            AnnexIElement.ASSESSMENT: bool(self.assessment_types),
            AnnexIElement.PARTICIPATION: bool(self.participation_forms),
            AnnexIElement.QUALITY_ASSURANCE: bool(self.quality_assurance),
        }
        return [element for element in DEFINITION_MANDATORY if not given[element]]

    def problems(self) -> list[str]:
        """Every reason this definition cannot be published, each naming its Annex I element.

        OB3 also requires a description of every achievement, so a missing one is named too.
        """
        problems = [f"{element.value} is missing." for element in self.missing_elements()]
        if not self.description:
            problems.insert(0 if self.title else 1, "The description is missing.")
        return problems

    def ensure_publishable(self) -> None:
        """Return quietly when every mandatory element is given; raise InvalidInput naming the
        missing ones otherwise."""
        problems = self.problems()
        if problems:
            raise InvalidInput(
                "This micro-credential cannot be published yet. " + " ".join(problems)
            )

    @property
    def lead_awarding_body(self) -> Organisation | None:
        return self.awarding_bodies[0] if self.awarding_bodies else None

    @property
    def languages(self) -> tuple[str, ...]:
        """The micro-credential's own language first, then those it is translated into."""
        return (self.language, *(t.language for t in self.translations))

    def title_in(self, language: str) -> str:
        """The title in `language`, or in the micro-credential's own language if not translated."""
        return next((t.title for t in self.translations if t.language == language), self.title)

    def description_in(self, language: str) -> str:
        """The description in `language` when it was translated, else in the own language."""
        translated = next((t.description for t in self.translations if t.language == language), "")
        return translated or self.description

    def valid_until(self, issued_at: datetime) -> datetime | None:
        """When a credential issued at `issued_at` expires, or None if it never does."""
        if self.validity_months is None:
            return None
        return add_months(issued_at, self.validity_months)

    def fingerprint(self) -> str:
        """A SHA-256 hex digest of everything the definition states, and who awards it.

        Two definitions with equal fingerprints say the same: an endorsement made for one
        holds for the other, and a change in any element makes a new one necessary.
        """
        text = json.dumps(_statement(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` moved `months` calendar months on; the 31st becomes the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _normalise(mc: MicroCredential) -> None:
    """Strip texts, drop blank outcomes, and make every sequence a tuple (frozen and hashable)."""
    set_ = object.__setattr__
    set_(mc, "title", mc.title.strip())
    set_(mc, "description", mc.description.strip())
    outcomes = (
        o if isinstance(o, LearningOutcome) else LearningOutcome(str(o))
        for o in mc.learning_outcomes
    )
    kept = (LearningOutcome(o.text.strip(), tuple(o.esco_skills)) for o in outcomes)
    set_(mc, "learning_outcomes", tuple(o for o in kept if o.text))
    for name in (
        "translations",
        "assessment_types",
        "participation_forms",
        "quality_assurance",
        "awarding_bodies",
        "is_part_of",
    ):
        set_(mc, name, tuple(getattr(mc, name)))
    for name in ("prerequisites", "further_information"):
        text = (getattr(mc, name) or "").strip()
        set_(mc, name, text or None)
    for name in ("ects", "ecvet_points"):
        value = getattr(mc, name)
        set_(mc, name, Decimal(str(value)) if value is not None else None)


def _invalid_values(mc: MicroCredential) -> list[str]:
    errors = _language_errors(mc) + _workload_errors(mc)
    if mc.eqf_level is not None and mc.eqf_level not in EQF_LEVELS:
        errors.append("The EQF level must be a whole number from 1 to 8.")
    if mc.nqf_level is not None and mc.nqf_level not in vocab.NQF_LEVELS:
        errors.append(f"The NQF level {mc.nqf_level!r} is not in the EU list of NQF levels.")
    errors += _keys_errors(mc.assessment_types, vocab.ASSESSMENT_TYPES)
    errors += _keys_errors(mc.participation_forms, vocab.PARTICIPATION_FORMS)
    qa_kinds = tuple(qa.kind for qa in mc.quality_assurance)
    errors += _keys_errors(qa_kinds, vocab.QUALITY_ASSURANCE_TYPES)
    errors += _keys_errors((mc.supervision,) if mc.supervision else (), vocab.SUPERVISION_LEVELS)
    errors += _keys_errors((mc.integration,) if mc.integration else (), vocab.INTEGRATION_OPTIONS)
    for qa in mc.quality_assurance:
        if not qa.body.strip():
            errors.append("The body that assures the quality is missing.")
        errors += _url_errors((qa.body_url, qa.landing_page))
    errors += _url_errors(mc.is_part_of)
    for outcome in mc.learning_outcomes:
        errors += [
            f"{skill!r} is not an ESCO skill URI ({vocab.ESCO_SKILL_IRI_PREFIX}…)."
            for skill in outcome.esco_skills
            if not (
                skill.startswith(vocab.ESCO_SKILL_IRI_PREFIX)
                and len(skill) > len(vocab.ESCO_SKILL_IRI_PREFIX)
                and " " not in skill
            )
        ]
    if mc.validity_months is not None and not 0 < mc.validity_months <= MAX_VALIDITY_MONTHS:
        errors.append(f"The validity must be 1 to {MAX_VALIDITY_MONTHS} months.")
    return errors


def _language_errors(mc: MicroCredential) -> list[str]:
    errors = []
    if mc.language not in vocab.LANGUAGES:
        errors.append(f"The language {mc.language!r} is not an official EU language.")
    seen = {mc.language}
    for translation in mc.translations:
        if translation.language not in vocab.LANGUAGES:
            errors.append(f"The language {translation.language!r} is not an official EU language.")
            continue
        name = vocab.LANGUAGES.get(translation.language).label
        if translation.language in seen:
            errors.append(f"The title in {name} is given twice.")
        seen.add(translation.language)
        if not translation.title.strip():
            errors.append(f"The title in {name} is missing.")
    return errors


def _workload_errors(mc: MicroCredential) -> list[str]:
    errors = []
    if mc.ects is not None and not Decimal("0") < mc.ects <= MAX_ECTS:
        errors.append(f"The workload must be more than 0 and at most {MAX_ECTS} ECTS.")
    if mc.ecvet_points is not None and not Decimal("0") < mc.ecvet_points <= MAX_ECVET_POINTS:
        errors.append(
            f"The workload must be more than 0 and at most {MAX_ECVET_POINTS} ECVET points."
        )
    if mc.hours is not None and not 0 < mc.hours <= MAX_HOURS:
        errors.append(f"The workload must be 1 to {MAX_HOURS} hours.")
    return errors


def _keys_errors(keys: tuple[str, ...], vocabulary: vocab.Vocabulary) -> list[str]:
    errors = [f"{key!r} is not a known {vocabulary.name}." for key in keys if key not in vocabulary]
    if len(set(keys)) != len(keys):
        errors.append(f"A {vocabulary.name} is given twice.")
    return errors


def _url_errors(urls) -> list[str]:
    return [f"{url!r} is not an http(s) URL." for url in urls if url and not is_url(url)]


def is_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host and no white space of any kind (a URL with
    a no-break space pasted into it is no IRI: a signature would leave its node out)."""
    try:
        parts = urlsplit(value)
    except ValueError:  # an unbalanced IPv6 bracket: "http://["
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(character.isspace() for character in value)
    )


def _statement(mc: MicroCredential) -> dict:
    """Everything the definition states, as JSON values, for its fingerprint."""

    def number(value: Decimal | None) -> str | None:
        return None if value is None else format(value.normalize(), "f")

    return {
        "title": mc.title,
        "description": mc.description,
        "language": mc.language,
        "translations": [[t.language, t.title, t.description] for t in mc.translations],
        "learning_outcomes": [[o.text, list(o.esco_skills)] for o in mc.learning_outcomes],
        "workload": [number(mc.ects), number(mc.ecvet_points), mc.hours],
        "level": [mc.eqf_level, mc.nqf_level],
        "assessment_types": list(mc.assessment_types),
        "participation_forms": list(mc.participation_forms),
        "quality_assurance": [
            [qa.kind, qa.body, qa.description, qa.body_url, qa.landing_page]
            for qa in mc.quality_assurance
        ],
        "awarding_bodies": [body.slug for body in mc.awarding_bodies],
        "prerequisites": mc.prerequisites,
        "supervision": mc.supervision,
        "integration": [mc.integration, list(mc.is_part_of)],
        "further_information": mc.further_information,
        "validity_months": mc.validity_months,
    }
