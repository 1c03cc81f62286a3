"""The unsigned Open Badges 3.0 credential (VC Data Model 2.0) of one award's CredentialContent.

https://www.imsglobal.org/spec/ob/v3p0/#openbadgecredential. Only terms of the VC 2.0 and OB3
3.0.3 contexts are used, so every property is covered by the signature (canonical.py refuses
anything else). The EU extension terms (shared/standards/EU-ELEMENTS.md §2) come in a later issue.
"""

from decimal import Decimal

from adapters.credentials import terms
from adapters.credentials.datetimes import to_xsd
from adapters.credentials.errors import IssuingError
from lti_tool.domain.credentials import CredentialContent, MicroCredential, Organisation


def build_credential(content: CredentialContent) -> dict:
    """The unsigned OpenBadgeCredential stating `content`.

    Raises IssuingError when the issuer has no DID (OB3 requires the issuer's `id`, and only a
    DID lets a verifier find the signing key) or when a date has no time zone.
    """
    if not content.issuer.did:
        raise IssuingError(
            f"The organisation {content.issuer.slug!r} has no DID yet, so it cannot sign."
        )
    try:
        valid_from, awarded = to_xsd(content.issued_at), to_xsd(content.awarded_at)
    except ValueError as error:
        raise IssuingError(str(error)) from None
    subject: dict = {
        "type": [terms.ACHIEVEMENT_SUBJECT],
        "identifier": [
            {
                "type": terms.IDENTITY_OBJECT,
                "identityType": terms.IDENTITY_TYPE_NAME,
                "hashed": False,
                "identityHash": content.learner_name,
            }
        ],
        "creditsEarned": json_number(content.micro_credential.ects),
        "achievement": _achievement(content),
    }
    if content.grade is not None:
        subject["result"] = [{"type": [terms.RESULT], "value": content.grade}]
    return {
        "@context": [terms.VC_V2_CONTEXT, terms.OB3_CONTEXT],
        "id": content.credential_id,
        "type": [terms.VERIFIABLE_CREDENTIAL, terms.OPEN_BADGE_CREDENTIAL],
        "name": content.micro_credential.title,
        "issuer": _profile(content.issuer, profile_id=content.issuer.did),
        "validFrom": valid_from,
        "awardedDate": awarded,
        "credentialSubject": subject,
    }


def learning_outcomes_markdown(micro_credential: MicroCredential) -> str:
    """The learning outcomes as a Markdown numbered list, one line each, blank ones left out."""
    outcomes = [" ".join(outcome.split()) for outcome in micro_credential.learning_outcomes]
    return "\n".join(
        f"{number}. {outcome}" for number, outcome in enumerate(filter(None, outcomes), start=1)
    )


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole values as integers (3), others as floats (2.5).

    OB3 types credits as xsd:float, and a JSON string would be a different RDF literal.
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _achievement(content: CredentialContent) -> dict:
    micro_credential = content.micro_credential
    achievement = {
        "id": content.achievement_id,
        "type": [terms.ACHIEVEMENT],
        "achievementType": terms.ACHIEVEMENT_TYPE_MICRO_CREDENTIAL,
        "name": micro_credential.title,
        "description": micro_credential.description,
        "criteria": {"narrative": learning_outcomes_markdown(micro_credential)},
        "inLanguage": micro_credential.language,
        "creditsAvailable": json_number(micro_credential.ects),
        "alignment": [_eqf_alignment(micro_credential.eqf_level)],
    }
    if content.co_issuers:
        alliance = content.co_issuers[0]
        # OB3 requires a Profile id; an organisation without a DID is named by its website.
        achievement["creator"] = _profile(alliance, profile_id=alliance.did or alliance.url)
    return achievement


def _eqf_alignment(level: int) -> dict:
    """The EQF level as a native OB3 alignment (shared/standards/EU-ELEMENTS.md, element M8)."""
    return {
        "type": [terms.ALIGNMENT],
        "targetType": terms.EQF_TARGET_TYPE,
        "targetName": f"EQF level {level}",
        "targetCode": str(level),
        "targetFramework": terms.EQF_FRAMEWORK_NAME,
        "targetUrl": f"{terms.EQF_LEVEL_IRI_PREFIX}{level}",
    }


def _profile(organisation: Organisation, *, profile_id: str) -> dict:
    profile: dict = {
        "id": profile_id,
        "type": [terms.PROFILE],
        "name": organisation.name,
        "url": organisation.url,
    }
    if organisation.logo_url:
        profile["image"] = {"id": organisation.logo_url, "type": terms.IMAGE}
    profile["address"] = {
        "type": [terms.ADDRESS],
        "addressCountryCode": organisation.country_code,
    }
    return profile
