"""The unsigned Open Badges 3.0 credential (VC Data Model 2.0) of one award's CredentialContent.

https://www.imsglobal.org/spec/ob/v3p0/#openbadgecredential. The @context is VC 2.0, OB3 3.0.3,
the OB3 extensions (for credentialSchema) and our context of the EU terms (decision 9), in the
order shared/standards/EU-ELEMENTS.md §2 gives; our context is pinned by its digest in
`relatedResource`. Every property is defined by one of them, so the signature covers it all
(canonical.py refuses anything else). The achievement itself is built in achievement.py.
"""

from adapters.credentials import terms
from adapters.credentials.achievement import achievement, json_number, profile, result
from adapters.credentials.datetimes import to_xsd
from adapters.credentials.document_loader import digest_sri
from adapters.credentials.errors import IssuingError
from adapters.credentials.status_list import status_entry
from lti_tool.domain.credentials import CredentialContent

CONTEXTS = (
    terms.VC_V2_CONTEXT,
    terms.OB3_CONTEXT,
    terms.OB3_EXTENSIONS_CONTEXT,
    terms.EU_MICROCREDENTIAL_CONTEXT,
)


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
        expires = content.micro_credential.valid_until(content.issued_at)
        valid_until = to_xsd(expires) if expires is not None else None
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
        "achievement": achievement(content),
    }
    if content.micro_credential.ects is not None:
        subject["creditsEarned"] = json_number(content.micro_credential.ects)
    if (learner_result := result(content)) is not None:
        subject["result"] = [learner_result]
    credential = {
        "@context": list(CONTEXTS),
        "id": content.credential_id,
        "type": [terms.VERIFIABLE_CREDENTIAL, terms.OPEN_BADGE_CREDENTIAL],
        "name": content.micro_credential.title,
        "issuer": profile(content.issuer),
        "validFrom": valid_from,
        "awardedDate": awarded,
        "credentialSubject": subject,
        "credentialSchema": [
            {"id": terms.OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA, "type": terms.OB3_JSON_SCHEMA_VALIDATOR}
        ],
        # VC 2.0 §5.3: a verifier that fetches our context can check it is the one signed with.
        "relatedResource": [
            {
                "id": terms.EU_MICROCREDENTIAL_CONTEXT,
                "digestSRI": digest_sri(terms.EU_MICROCREDENTIAL_CONTEXT),
            }
        ],
    }
    if valid_until is not None:
        credential["validUntil"] = valid_until
    if len(content.status_entries) == 1:
        # OB3 allows one status entry, an object (docs/decisions/0010-one-status-entry.md).
        credential["credentialStatus"] = status_entry(content.status_entries[0])
    elif content.status_entries:
        # Revocation and suspension, where opted in: VC 2.0 allows a list; verifiers pick the
        # entries by statusPurpose.
        credential["credentialStatus"] = [status_entry(e) for e in content.status_entries]
    return credential
