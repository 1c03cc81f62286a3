"""Micro-credentials, the bodies that award them, and what an issued credential states.

The words follow docs/ARCHITECTURE.md: a MicroCredential is the definition a teacher designs
(OB3 calls it an Achievement), an Award is one learner's earned MicroCredential, and
CredentialContent is everything a signed credential for that award must say (EU Council
Recommendation 2022/C 243/02, Annex I). Spec vocabulary (OB3, ELM) stays in adapters.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from lti_tool.domain.micro_credential import (
    EQF_LEVELS,
    LearningOutcome,
    MicroCredential,
    QualityAssurance,
    Translation,
)
from lti_tool.domain.organisations import Organisation
from lti_tool.domain.status import StatusEntry

__all__ = [
    "EQF_LEVELS",
    "AwardState",
    "CredentialContent",
    "LearningOutcome",
    "MicroCredential",
    "Organisation",
    "QualityAssurance",
    "Translation",
    "gradebook_tag",
]


def gradebook_tag(micro_credential_id: int) -> str:
    """The tag of the gradebook column (AGS line item) the tool keeps for a micro-credential."""
    return f"micro-credential-{micro_credential_id}"


class AwardState(enum.StrEnum):
    """Where an award is in its life: granted by a rule (or pending the teacher's approval, or
    rejected by them), issued as a signed credential, revoked."""

    PENDING = "pending"
    REJECTED = "rejected"
    GRANTED = "granted"
    ISSUED = "issued"
    REVOKED = "revoked"


@dataclass(frozen=True)
class CredentialContent:
    """Everything one signed credential states, ready for an adapter to serialise and sign.

    `issuer` is the only signer (its DID controls the signing key); `co_issuers` are the other
    awarding bodies, the alliance first, named alongside it.
    """

    credential_id: str  # urn:uuid:…
    achievement_id: str  # a stable URL of the micro-credential version
    micro_credential: MicroCredential
    issuer: Organisation
    learner_name: str
    issued_at: datetime  # timezone-aware, UTC
    awarded_at: datetime
    co_issuers: tuple[Organisation, ...] = field(default_factory=tuple)
    grade: str | None = None
    # Where the credential's revocation bit, and suspension bit where opted in, are
    # (lti_tool/domain/status.py).
    status_entries: tuple[StatusEntry, ...] = field(default_factory=tuple)
    # The co-awarding bodies' signed EndorsementCredentials of this micro-credential version,
    # embedded as they are (shared/standards/EU-ELEMENTS.md §3).
    endorsements: tuple[dict, ...] = field(default_factory=tuple)
    image_url: str | None = None  # the micro-credential's badge image
