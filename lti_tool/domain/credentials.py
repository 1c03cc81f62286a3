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
from decimal import Decimal

from lti_tool.domain.errors import InvalidInput

EQF_LEVELS = range(1, 9)


@dataclass(frozen=True)
class Organisation:
    """An awarding body: a member school or provider, or the alliance itself."""

    slug: str
    name: str
    country_code: str  # ISO 3166-1 alpha-2, e.g. "NL"
    url: str
    logo_url: str | None = None
    did: str | None = None  # did:web of the organisation, when the tool hosts its keys


@dataclass(frozen=True)
class MicroCredential:
    """What a learner earns: the Annex I elements a teacher defines for a course.

    The walking skeleton carries title, description, learning outcomes, workload and EQF level;
    the credential-engine issue adds the remaining Annex I elements.
    """

    title: str
    description: str
    learning_outcomes: tuple[str, ...]
    ects: Decimal
    eqf_level: int
    language: str = "en"

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise InvalidInput("; ".join(problems))

    def problems(self) -> list[str]:
        """Every reason this definition cannot be published, in the order of the form."""
        problems = []
        if not self.title.strip():
            problems.append("The title is missing.")
        if not self.description.strip():
            problems.append("The description is missing.")
        if not any(outcome.strip() for outcome in self.learning_outcomes):
            problems.append("At least one learning outcome is needed.")
        if not Decimal("0") < self.ects <= Decimal("60"):
            problems.append("The workload must be more than 0 and at most 60 ECTS.")
        if self.eqf_level not in EQF_LEVELS:
            problems.append("The EQF level must be a whole number from 1 to 8.")
        return problems


def gradebook_tag(micro_credential_id: int) -> str:
    """The tag of the gradebook column (AGS line item) the tool keeps for a micro-credential."""
    return f"micro-credential-{micro_credential_id}"


class AwardState(enum.StrEnum):
    """Where an award is in its life: granted by a rule, issued as a signed credential, revoked."""

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
