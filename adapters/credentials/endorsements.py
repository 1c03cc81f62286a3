"""Co-awarding bodies' EndorsementCredentials: build one, and verify those a credential embeds.

https://www.imsglobal.org/spec/ob/v3p0/#endorsementcredential; shared/standards/EU-ELEMENTS.md §3.
A credential has one signer, the lead awarding body; the alliance and every other co-awarding
body vouch for the micro-credential with an EndorsementCredential signed with their own key,
embedded in `achievement.endorsement`. Verifiers check each one as a credential of its own:
proof, issuer key, signature, dates, and that it endorses this very achievement.
"""

from collections.abc import Callable
from datetime import datetime

from adapters.credentials import terms
from adapters.credentials.achievement import profile
from adapters.credentials.data_integrity import proof_of, verify_proof
from adapters.credentials.datetimes import from_xsd, to_xsd
from adapters.credentials.did import DidResolver, assertion_method
from adapters.credentials.document_loader import DEFAULT_LOADER, StaticDocumentLoader
from adapters.credentials.errors import (
    CredentialError,
    EndorsementError,
    IssuingError,
    SignatureMismatchError,
)
from adapters.credentials.keys import public_key_from_multibase
from lti_tool.domain.endorsements import EndorsementContent

CONTEXTS = (terms.VC_V2_CONTEXT, terms.OB3_CONTEXT)
_MAX_ENDORSEMENTS = 20


def build_endorsement(content: EndorsementContent) -> dict:
    """The unsigned EndorsementCredential of `content`; raises IssuingError when the endorser
    has no DID (only a DID lets a verifier find its key) or a date has no time zone."""
    if not content.endorser.did:
        raise IssuingError(
            f"The organisation {content.endorser.slug!r} has no DID yet, so it cannot endorse."
        )
    try:
        valid_from = to_xsd(content.issued_at)
    except ValueError as error:
        raise IssuingError(str(error)) from None
    return {
        "@context": list(CONTEXTS),
        "id": content.credential_id,
        "type": [terms.VERIFIABLE_CREDENTIAL, terms.ENDORSEMENT_CREDENTIAL],
        "name": f"{content.endorser.name} co-awards “{content.title}”",
        "issuer": profile(content.endorser),
        "validFrom": valid_from,
        "credentialSubject": {
            "id": content.achievement_id,
            "type": [terms.ENDORSEMENT_SUBJECT],
            "endorsementComment": content.comment,
        },
    }


def check_endorsements(
    credential: dict,
    *,
    resolver: DidResolver,
    now: datetime,
    loader: StaticDocumentLoader = DEFAULT_LOADER,
) -> str:
    """A sentence naming who endorsed the credential's achievement, each endorsement verified.

    Raises EndorsementError naming the first endorsement that does not verify and why.
    """
    achievement = _object(_object(credential.get("credentialSubject")).get("achievement"))
    endorsements = achievement.get("endorsement", [])
    endorsements = endorsements if isinstance(endorsements, list) else [endorsements]
    if not endorsements:
        return "The micro-credential carries no endorsement by a co-awarding body."
    if len(endorsements) > _MAX_ENDORSEMENTS:
        raise EndorsementError(f"There are more than {_MAX_ENDORSEMENTS} endorsements.")
    names = [
        _check_one(
            endorsement,
            achievement_id=achievement.get("id"),
            number=number,
            now=now,
            verify=lambda document, issuer_id: _verify_signature(
                document, issuer_id, resolver=resolver, loader=loader
            ),
        )
        for number, endorsement in enumerate(endorsements, start=1)
    ]
    return "Endorsed by " + ", ".join(names) + ": each endorsement's signature is valid."


def _check_one(
    endorsement: object,
    *,
    achievement_id: object,
    number: int,
    verify: Callable[[dict, str], None],
    now: datetime,
) -> str:
    which = f"Endorsement {number}"
    if not isinstance(endorsement, dict):
        raise EndorsementError(f"{which} is not an embedded credential.")
    types = endorsement.get("type")
    if not isinstance(types, list) or terms.ENDORSEMENT_CREDENTIAL not in types:
        raise EndorsementError(f"{which} is not an EndorsementCredential.")
    issuer = _object(endorsement.get("issuer"))
    issuer_id = issuer.get("id")
    if not isinstance(issuer_id, str) or not issuer_id:
        raise EndorsementError(f"{which} does not say who endorsed.")
    name = issuer.get("name") if isinstance(issuer.get("name"), str) else issuer_id
    named = f"{which}, by {name[:200]} ({issuer_id[:200]}),"
    if _object(endorsement.get("credentialSubject")).get("id") != achievement_id:
        raise EndorsementError(f"{named} endorses another achievement than this one.")
    valid_from = from_xsd(endorsement.get("validFrom"))
    if valid_from is None or valid_from > now:
        raise EndorsementError(f"{named} is not valid yet or has no valid date.")
    valid_until = endorsement.get("validUntil")
    if valid_until is not None and (from_xsd(valid_until) or now) < now:
        raise EndorsementError(f"{named} has expired.")
    try:
        verify(endorsement, issuer_id)
    except SignatureMismatchError:
        raise EndorsementError(
            f"{named} does not match its signature: it was changed after it was signed."
        ) from None
    except CredentialError as error:
        raise EndorsementError(f"{named} could not be verified: {error.message}") from None
    return f"{name[:200]} ({issuer_id[:200]})"


def _verify_signature(
    document: dict, issuer_id: str, *, resolver: DidResolver, loader: StaticDocumentLoader
) -> None:
    """Return quietly when `document`'s one proof is a valid signature by a key its issuer
    published for assertions; raise a CredentialError saying why not otherwise."""
    proof = proof_of(document)
    method_id = proof["verificationMethod"]
    if method_id.split("#", 1)[0] != issuer_id:
        raise EndorsementError("it was signed with a key that is not its issuer's.")
    did_document = resolver.resolve(issuer_id)
    if did_document.get("id") != issuer_id:
        raise EndorsementError("its issuer's DID document describes someone else.")
    method = assertion_method(did_document, method_id)
    if method.get("controller") != issuer_id or method.get("type") != terms.MULTIKEY:
        raise EndorsementError("the key that signed is not its issuer's Ed25519 key.")
    public_key = public_key_from_multibase(method.get("publicKeyMultibase"))
    verify_proof(document, public_key=public_key, loader=loader)


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}
