"""What a verifier page shows about a credential, read defensively from its JSON."""

from adapters.credentials import terms

_MAX_CHARS = 500


def credential_summary(document: dict) -> dict[str, str]:
    """Title, issuer name and id, learner name and issue date, each only when readable as text.

    The values are read from the JSON as submitted: whether they can be trusted is what the
    checks of the report say.
    """
    issuer = _object(document.get("issuer"))
    subject = _object(document.get("credentialSubject"))
    achievement = _object(subject.get("achievement"))
    values = {
        "title": achievement.get("name"),
        "issuer_name": issuer.get("name"),
        "issuer_id": issuer.get("id"),
        "learner_name": _learner_name(subject),
        "valid_from": document.get("validFrom"),
    }
    return {key: value[:_MAX_CHARS] for key, value in values.items() if _is_text(value)}


def _learner_name(subject: dict) -> str | None:
    identifiers = subject.get("identifier")
    for identifier in identifiers if isinstance(identifiers, list) else [identifiers]:
        identifier = _object(identifier)
        if (
            identifier.get("identityType") == terms.IDENTITY_TYPE_NAME
            and identifier.get("hashed") is False
            and _is_text(identifier.get("identityHash"))
        ):
            return identifier["identityHash"]
    return None


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
