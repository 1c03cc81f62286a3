"""The OB3 Achievement of a micro-credential, with every Annex I element the definition states.

Mapped as shared/standards/EU-ELEMENTS.md §1 says: native OB3 properties where they exist (name,
description, criteria, inLanguage, creditsAvailable, creator, resultDescription, related,
endorsement), EQF, NQF and ESCO also as native `alignment`s, and the other elements as terms of
our context (contexts/eu-microcredential-v1.jsonld, decision 9): volumeOfLearning, creditPoint,
eqfLevel, nqfLevel, mode, learningOutcome, accreditation, awardingBody, prerequisites,
integrationOption, isPartOf, furtherInformation; on the result description
learningAssessmentType and mode, on the learner's result idVerification.
"""

from decimal import Decimal

from adapters.credentials import terms
from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.credentials import CredentialContent, MicroCredential, Organisation


def achievement(content: CredentialContent) -> dict:
    """The `credentialSubject.achievement` of the credential stating `content`."""
    mc = content.micro_credential
    built: dict = {
        "id": content.achievement_id,
        "type": [terms.ACHIEVEMENT],
        "achievementType": terms.ACHIEVEMENT_TYPE_MICRO_CREDENTIAL,
        "name": mc.title,
        "description": mc.description,
        "criteria": {"narrative": criteria_narrative(mc)},
        "inLanguage": mc.language,
    }
    if content.image_url:
        built["image"] = {"id": content.image_url, "type": terms.IMAGE}
    if mc.ects is not None:
        built["creditsAvailable"] = json_number(mc.ects)
    if content.co_issuers:
        # The alliance, which defined the micro-credential scheme with the school.
        built["creator"] = profile(content.co_issuers[0])
    if alignments := _alignments(mc):
        built["alignment"] = alignments
    if mc.assessment_types:
        built["resultDescription"] = [_result_description(content)]
    if mc.translations:
        # Other languages of the same achievement: https://www.imsglobal.org/spec/ob/v3p0/#related
        built["related"] = [
            {
                "id": f"{content.achievement_id}?lang={t.language}",
                "type": [terms.RELATED],
                "inLanguage": t.language,
            }
            for t in mc.translations
        ]
    if content.endorsements:
        built["endorsement"] = list(content.endorsements)
    return built | _eu_terms(content)


def result(content: CredentialContent) -> dict | None:
    """The learner's result: the grade achieved and how their identity was verified, if known."""
    mc = content.micro_credential
    if content.grade is None and mc.supervision is None:
        return None
    built: dict = {"type": [terms.RESULT]}
    if mc.assessment_types:
        built["resultDescription"] = _result_description_id(content)
    if content.grade is not None:
        built["value"] = content.grade
    if mc.supervision is not None:
        built["idVerification"] = vocab.SUPERVISION_LEVELS.get(mc.supervision).iri
    return built


def profile(organisation: Organisation) -> dict:
    """An awarding body as an OB3 Profile, with its logo, country and registration numbers.

    OB3 requires a Profile id: the DID when the body has one, else its website.
    """
    built: dict = {
        "id": organisation.did or organisation.url,
        "type": [terms.PROFILE],
        "name": organisation.name,
        "url": organisation.url,
    }
    if organisation.logo_url:
        built["image"] = {"id": organisation.logo_url, "type": terms.IMAGE}
    built["address"] = {"type": [terms.ADDRESS], "addressCountryCode": organisation.country_code}
    if organisation.identifiers:
        built["otherIdentifier"] = [
            {
                "type": terms.IDENTIFIER_ENTRY,
                "identifier": identifier.value,
                "identifierType": identifier.identifier_type,
            }
            for identifier in organisation.identifiers
        ]
    return built


def criteria_narrative(mc: MicroCredential) -> str:
    """The learning outcomes as a Markdown numbered list, then, in the EU's words, how they are
    assessed, the form of participation and the prerequisites (EU-ELEMENTS.md M6, M10, O1)."""
    outcomes = [" ".join(outcome.text.split()) for outcome in mc.learning_outcomes]
    lines = [f"{number}. {text}" for number, text in enumerate(filter(None, outcomes), start=1)]
    details = []
    if mc.assessment_types:
        assessed = _labels(vocab.ASSESSMENT_TYPES, mc.assessment_types)
        details.append(f"Type of assessment: {assessed}.")
    if mc.participation_forms:
        forms = _labels(vocab.PARTICIPATION_FORMS, mc.participation_forms)
        details.append(f"Form of participation: {forms}.")
    if mc.prerequisites:
        details.append(f"Prerequisites: {' '.join(mc.prerequisites.split())}")
    return "\n".join(lines) + ("\n\n" + "\n".join(details) if details else "")


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole values as integers (3), others as floats (2.5).

    OB3 types credits as xsd:float, and a JSON string would be a different RDF literal.
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _alignments(mc: MicroCredential) -> list[dict]:
    """EQF and NQF levels and ESCO skills as native OB3 alignments (EU-ELEMENTS.md M6, M8)."""
    found = []
    if mc.eqf_level is not None:
        found.append(
            _alignment(
                terms.EQF_TARGET_TYPE,
                f"EQF level {mc.eqf_level}",
                vocab.EQF_LEVELS.get(str(mc.eqf_level)).iri,
                framework=terms.EQF_FRAMEWORK_NAME,
                code=str(mc.eqf_level),
            )
        )
    if mc.nqf_level is not None:
        level = vocab.NQF_LEVELS.get(mc.nqf_level)
        found.append(_alignment(terms.NQF_TARGET_TYPE, level.label, level.iri))
    seen: set[str] = set()
    for outcome in mc.learning_outcomes:
        for skill in outcome.esco_skills:
            if skill not in seen:
                seen.add(skill)
                # ESCO labels are not looked up offline: the outcome names what the skill means.
                found.append(
                    _alignment(
                        terms.ESCO_TARGET_TYPE,
                        " ".join(outcome.text.split()),
                        skill,
                        framework=terms.ESCO_FRAMEWORK_NAME,
                    )
                )
    return found


def _alignment(
    target_type: str, name: str, url: str, *, framework: str | None = None, code: str | None = None
) -> dict:
    built = {"type": [terms.ALIGNMENT], "targetType": target_type, "targetName": name}
    if code is not None:
        built["targetCode"] = code
    if framework is not None:
        built["targetFramework"] = framework
    built["targetUrl"] = url
    return built


def _result_description(content: CredentialContent) -> dict:
    """How the learning outcomes are assessed (EU-ELEMENTS.md M9) and what the grade means."""
    mc = content.micro_credential
    built = {
        "id": _result_description_id(content),
        "type": [terms.RESULT_DESCRIPTION],
        "name": f"Assessment: {_labels(vocab.ASSESSMENT_TYPES, mc.assessment_types)}",
        "resultType": terms.RESULT_TYPE_GRADE,
        "learningAssessmentType": [vocab.ASSESSMENT_TYPES.get(k).iri for k in mc.assessment_types],
    }
    mode = vocab.SUPERVISION_MODES.get(mc.supervision or "")
    if mode is not None:
        # Supervised online or onsite: the EU supervision list does not tell them apart.
        built["mode"] = [vocab.PARTICIPATION_FORMS.get(mode).iri]
    return built


def _result_description_id(content: CredentialContent) -> str:
    return f"{content.achievement_id}#assessment"


def _eu_terms(content: CredentialContent) -> dict:
    """The elements OB3 has no property for, in the terms of our context (EU-ELEMENTS.md §2)."""
    mc = content.micro_credential
    built: dict = {}
    if mc.hours is not None:
        built["volumeOfLearning"] = f"PT{mc.hours}H"  # xsd:duration
    credit_points = [
        {
            "type": terms.CREDIT_POINT,
            "framework": vocab.CREDIT_FRAMEWORKS.get(framework).iri,
            "point": format(points.normalize(), "f"),
        }
        for framework, points in (("ects", mc.ects), ("ecvet", mc.ecvet_points))
        if points is not None
    ]
    if credit_points:
        built["creditPoint"] = credit_points
    if mc.eqf_level is not None:
        built["eqfLevel"] = vocab.EQF_LEVELS.get(str(mc.eqf_level)).iri
    if mc.nqf_level is not None:
        built["nqfLevel"] = [vocab.NQF_LEVELS.get(mc.nqf_level).iri]
    if mc.participation_forms:
        built["mode"] = [vocab.PARTICIPATION_FORMS.get(k).iri for k in mc.participation_forms]
    if mc.learning_outcomes:
        built["learningOutcome"] = [_learning_outcome(o) for o in mc.learning_outcomes]
    if mc.quality_assurance:
        built["accreditation"] = [_accreditation(qa) for qa in mc.quality_assurance]
    built["awardingBody"] = [profile(body) for body in (content.issuer, *content.co_issuers)]
    optional = {
        "prerequisites": mc.prerequisites,
        "integrationOption": mc.integration,
        "isPartOf": list(mc.is_part_of) or None,
        "furtherInformation": mc.further_information,
    }
    return built | {name: value for name, value in optional.items() if value is not None}


def _learning_outcome(outcome) -> dict:
    built: dict = {"type": terms.LEARNING_OUTCOME, "name": " ".join(outcome.text.split())}
    if outcome.esco_skills:
        built["relatedESCOSkill"] = list(outcome.esco_skills)
    return built


def _accreditation(qa) -> dict:
    kind = vocab.QUALITY_ASSURANCE_TYPES.get(qa.kind)
    agent: dict = {"type": [terms.PROFILE], "name": qa.body}
    if qa.body_url:
        agent = {"id": qa.body_url, **agent, "url": qa.body_url}
    built: dict = {
        "type": terms.ACCREDITATION,
        "name": qa.description or kind.label,
        "accreditationType": kind.iri,
        "accreditingAgent": agent,
    }
    if qa.landing_page:
        built["landingPage"] = qa.landing_page
    return built


def _labels(vocabulary: vocab.Vocabulary, keys) -> str:
    return ", ".join(vocabulary.get(key).label for key in keys)
