"""A micro-credential definition as a portable JSON document, and back.

Used for a teacher's export and import of a definition as a file, and for the stored snapshot
of each published version. The document states every Annex I element of the definition except
its awarding bodies, which are organisations the tool resolves: it names the other co-awarding
organisations by slug (`co_awarding_bodies`) instead. Numbers of credits are strings ("2.5") so
that no decimal is ever turned into a float; elements without a value are left out.

Reading a document refuses anything wrong with InvalidInput naming where (e.g.
`definition.learning_outcomes[2].text`) and what was expected; an unknown key is refused, so a
typo is never silently dropped. A mandatory element that is missing is no error here (a draft
may be incomplete): publishing checks that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar
from urllib.parse import urlsplit

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.micro_credential import (
    LearningOutcome,
    MicroCredential,
    QualityAssurance,
    Translation,
)

FORMAT = "microvet-definition/1"
MAX_LEARNING_OUTCOMES = 100
MAX_ITEMS = 100  # of any other list: no definition needs more
MAX_TEXT = 10_000  # characters of any one text

_ROOT = "definition"
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_NUMBER_EXPECTED = 'expected a number given as a string or number, like "2.5"'
# The keys of each object, in the order they are written.
_DEFINITION_KEYS = (
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
)
_OUTCOME_KEYS = ("text", "esco_skills")
_TRANSLATION_KEYS = ("language", "title", "description")
_QUALITY_ASSURANCE_KEYS = ("kind", "body", "description", "body_url", "landing_page")
# The keys each object must have (even when a draft leaves their value empty), and what they hold.
_DEFINITION_REQUIRED = {
    "title": "text",
    "description": "text",
    "learning_outcomes": "a list of learning outcomes (it may be empty)",
}
_OUTCOME_REQUIRED = {"text": "text"}
_TRANSLATION_REQUIRED = {"language": "text", "title": "text"}
_QUALITY_ASSURANCE_REQUIRED = {"kind": "text", "body": "text"}

_T = TypeVar("_T")


def definition_to_json(definition: MicroCredential, co_awarding_bodies: Sequence[str] = ()) -> dict:
    """The definition as a JSON document, with `co_awarding_bodies` (the slugs of the other
    co-awarding organisations) in place of its awarding bodies."""
    d = definition
    document = {
        "format": FORMAT,
        "title": d.title,
        "description": d.description,
        "learning_outcomes": [_outcome_to_json(outcome) for outcome in d.learning_outcomes],
        "ects": _decimal_to_json(d.ects),
        "eqf_level": d.eqf_level,
        "language": d.language,
        "translations": [_translation_to_json(t) for t in d.translations],
        "ecvet_points": _decimal_to_json(d.ecvet_points),
        "hours": d.hours,
        "nqf_level": d.nqf_level,
        "assessment_types": list(d.assessment_types),
        "participation_forms": list(d.participation_forms),
        "quality_assurance": [_quality_assurance_to_json(qa) for qa in d.quality_assurance],
        "co_awarding_bodies": list(co_awarding_bodies),
        "prerequisites": d.prerequisites,
        "supervision": d.supervision,
        "integration": d.integration,
        "is_part_of": list(d.is_part_of),
        "further_information": d.further_information,
        "validity_months": d.validity_months,
    }
    return _without_none(document)


def definition_from_json(document: object) -> tuple[MicroCredential, tuple[str, ...]]:
    """The definition `document` describes (with no awarding bodies) and the slugs of its
    co-awarding organisations; raises InvalidInput saying where the document is wrong."""
    where = _ROOT
    if not isinstance(document, Mapping):
        raise InvalidInput(f"{where}: expected an object, a micro-credential definition.")
    if document.get("format") != FORMAT:
        raise InvalidInput(
            f'{where}.format: expected "{FORMAT}", the format of a micro-credential definition '
            "exported by this tool."
        )
    data = _fields(document, where, _DEFINITION_KEYS, _DEFINITION_REQUIRED)
    values: dict = {
        "title": _text(data, "title", where),
        "description": _text(data, "description", where),
        "learning_outcomes": _list(
            data, "learning_outcomes", where, _outcome_from_json, MAX_LEARNING_OUTCOMES
        ),
        "ects": _optional(data, "ects", where, _decimal),
        "eqf_level": _optional(data, "eqf_level", where, _whole_number),
        "translations": _list(data, "translations", where, _translation_from_json),
        "ecvet_points": _optional(data, "ecvet_points", where, _decimal),
        "hours": _optional(data, "hours", where, _whole_number),
        "nqf_level": _optional(data, "nqf_level", where, _plain_text),
        "assessment_types": _list(data, "assessment_types", where, _plain_text),
        "participation_forms": _list(data, "participation_forms", where, _plain_text),
        "quality_assurance": _list(data, "quality_assurance", where, _quality_assurance_from_json),
        "prerequisites": _optional(data, "prerequisites", where, _plain_text),
        "supervision": _optional(data, "supervision", where, _plain_text),
        "integration": _optional(data, "integration", where, _plain_text),
        "is_part_of": _list(data, "is_part_of", where, _url),
        "further_information": _optional(data, "further_information", where, _plain_text),
        "validity_months": _optional(data, "validity_months", where, _whole_number),
    }
    if "language" in data:
        values["language"] = _text(data, "language", where)
    co_awarding_bodies = _list(data, "co_awarding_bodies", where, _slug)
    if len(set(co_awarding_bodies)) != len(co_awarding_bodies):
        raise InvalidInput(f"{where}.co_awarding_bodies: expected each organisation once.")
    try:
        definition = MicroCredential(**values)
    except InvalidInput as error:
        raise InvalidInput(f"{where}: {error.message}") from None
    return definition, co_awarding_bodies


# Writing --------------------------------------------------------------------------------------


def _without_none(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


def _decimal_to_json(value: Decimal | None) -> str | None:
    """A decimal in plain notation without trailing zeros ("2.5", "60"), exactly."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _outcome_to_json(outcome: LearningOutcome | str) -> dict:
    if isinstance(outcome, str):
        return {"text": outcome}
    return {"text": outcome.text, "esco_skills": list(outcome.esco_skills)}


def _translation_to_json(translation: Translation) -> dict:
    return {
        "language": translation.language,
        "title": translation.title,
        "description": translation.description,
    }


def _quality_assurance_to_json(qa: QualityAssurance) -> dict:
    return _without_none(
        {
            "kind": qa.kind,
            "body": qa.body,
            "description": qa.description,
            "body_url": qa.body_url,
            "landing_page": qa.landing_page,
        }
    )


# Reading --------------------------------------------------------------------------------------


def _fields(
    value: object, where: str, known: Sequence[str], required: Mapping[str, str]
) -> Mapping:
    """`value` as an object with only `known` keys and every `required` one."""
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{where}: expected an object with {_names(list(required))}.")
    unknown = [key for key in value if key not in known]
    if unknown:
        shown = ", ".join(_quoted(key) for key in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise InvalidInput(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {shown}{more}; "
            f"expected only {_names(known)}."
        )
    for key, expected in required.items():
        if key not in value:
            raise InvalidInput(f"{where}.{key}: missing; expected {expected}.")
    return value


def _outcome_from_json(value: object, where: str) -> LearningOutcome:
    data = _fields(value, where, _OUTCOME_KEYS, _OUTCOME_REQUIRED)
    return LearningOutcome(
        text=_text(data, "text", where),
        esco_skills=_list(data, "esco_skills", where, _plain_text),
    )


def _translation_from_json(value: object, where: str) -> Translation:
    data = _fields(value, where, _TRANSLATION_KEYS, _TRANSLATION_REQUIRED)
    return Translation(
        language=_text(data, "language", where),
        title=_text(data, "title", where),
        description=_text(data, "description", where) if "description" in data else "",
    )


def _quality_assurance_from_json(value: object, where: str) -> QualityAssurance:
    data = _fields(value, where, _QUALITY_ASSURANCE_KEYS, _QUALITY_ASSURANCE_REQUIRED)
    return QualityAssurance(
        kind=_text(data, "kind", where),
        body=_text(data, "body", where),
        description=_text(data, "description", where) if "description" in data else "",
        body_url=_optional(data, "body_url", where, _url),
        landing_page=_optional(data, "landing_page", where, _url),
    )


def _text(data: Mapping, key: str, where: str) -> str:
    return _plain_text(data.get(key), f"{where}.{key}")


def _optional(data: Mapping, key: str, where: str, read: Callable[[object, str], _T]) -> _T | None:
    """The value of `key` read by `read`, or None when it is left out or null."""
    value = data.get(key)
    return None if value is None else read(value, f"{where}.{key}")


def _list(
    data: Mapping,
    key: str,
    where: str,
    read: Callable[[object, str], _T],
    limit: int = MAX_ITEMS,
) -> tuple[_T, ...]:
    """The items of the list under `key`, each read by `read`; none when it is left out."""
    here = f"{where}.{key}"
    items = data.get(key, [])
    if not isinstance(items, list | tuple):
        raise InvalidInput(f"{here}: expected a list.")
    if len(items) > limit:
        what = "learning outcomes" if key == "learning_outcomes" else "items"
        raise InvalidInput(f"{here}: expected at most {limit} {what}, not {len(items)}.")
    return tuple(read(item, f"{here}[{n}]") for n, item in enumerate(items))


def _plain_text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{where}: expected text.")
    if len(value) > MAX_TEXT:
        raise InvalidInput(
            f"{where}: expected text of at most {MAX_TEXT:,} characters, not {len(value):,}."
        )
    return value


def _slug(value: object, where: str) -> str:
    text = _plain_text(value, where)
    if not text.strip():
        raise InvalidInput(f"{where}: expected the slug of an organisation, not blank text.")
    return text


def _url(value: object, where: str) -> str:
    """Text; the definition itself says whether it is an http(s) URL, but a URL so broken that
    it cannot even be taken apart (``http://[``) is refused here."""
    text = _plain_text(value, where)
    try:
        urlsplit(text)
    except ValueError:
        raise InvalidInput(f"{where}: expected an http(s) URL.") from None
    return text


def _decimal(value: object, where: str) -> Decimal:
    """A decimal from a string like "2.5", or from a JSON number (never from true or false)."""
    if isinstance(value, str):
        if len(value) > 50 or not _DECIMAL.fullmatch(value.strip()):
            raise InvalidInput(f"{where}: {_NUMBER_EXPECTED}.")
        return Decimal(value.strip())
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{where}: {_NUMBER_EXPECTED}.")
    number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    if not number.is_finite():
        raise InvalidInput(f"{where}: {_NUMBER_EXPECTED}.")
    return number


def _whole_number(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{where}: expected a whole number.")
    return value


def _names(keys: Sequence[str]) -> str:
    quoted = [_quoted(key) for key in keys]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _quoted(key: object) -> str:
    text = str(key)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'
