"""Which mandatory Annex I elements a submitted OB3 credential states, read from its JSON.

Each element is looked for where shared/standards/EU-ELEMENTS.md §1 maps it, natively in OB3 or
in the terms of our context; a credential of another issuer that states an element only in some
other way is reported as missing it. The values are read as submitted: whether they can be
trusted is what the signature check says.
"""

from adapters.credentials import terms
from lti_tool.domain.annex_i import MANDATORY, AnnexIElement


def missing_annex_i_elements(credential: dict) -> list[AnnexIElement]:
    """The mandatory Annex I elements `credential` does not state, in the Annex's order."""
    subject = _object(credential.get("credentialSubject"))
    achievement = _object(subject.get("achievement"))
    issuer = _object(credential.get("issuer"))
    stated = {
        AnnexIElement.LEARNER: _text(subject.get("id")) or bool(_list(subject.get("identifier"))),
        AnnexIElement.TITLE: _text(achievement.get("name")),
        AnnexIElement.COUNTRY: _text(_object(issuer.get("address")).get("addressCountryCode")),
        AnnexIElement.AWARDING_BODY: _text(issuer.get("id")) and _text(issuer.get("name")),
        AnnexIElement.DATE_OF_ISSUING: _text(credential.get("validFrom")),
        AnnexIElement.LEARNING_OUTCOMES: bool(_list(achievement.get("learningOutcome")))
        or _text(_object(achievement.get("criteria")).get("narrative")),
        AnnexIElement.WORKLOAD: any(
            achievement.get(name) not in (None, [], "")
            for name in ("creditsAvailable", "creditPoint", "volumeOfLearning")
        ),
        AnnexIElement.LEVEL: _text(achievement.get("eqfLevel"))
        or bool(_list(achievement.get("nqfLevel")))
        or any(
            _object(alignment).get("targetType") in (terms.EQF_TARGET_TYPE, terms.NQF_TARGET_TYPE)
            for alignment in _list(achievement.get("alignment"))
        ),
        AnnexIElement.ASSESSMENT: any(
            _list(_object(description).get("learningAssessmentType"))
            for description in _list(achievement.get("resultDescription"))
        ),
        AnnexIElement.PARTICIPATION: bool(_list(achievement.get("mode"))),
        AnnexIElement.QUALITY_ASSURANCE: bool(_list(achievement.get("accreditation")))
        or bool(_list(issuer.get("accreditation"))),
    }
    return [element for element in MANDATORY if not stated[element]]


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
