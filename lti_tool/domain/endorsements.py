"""What a co-awarding body's endorsement of a micro-credential states, before it is signed.

A credential has one signer, its issuer (shared/standards/EU-ELEMENTS.md, finding 4); the alliance
and every other co-awarding body vouch for the micro-credential with an endorsement they sign
with their own key (§3). One endorsement serves every learner's credential of one version of
the micro-credential, so it is made once per version and stored.
"""

from dataclasses import dataclass
from datetime import datetime

from lti_tool.domain.organisations import Organisation


@dataclass(frozen=True)
class EndorsementContent:
    """One co-awarding body's statement that it awards the micro-credential together with the
    lead awarding body; `endorser` signs it."""

    credential_id: str  # urn:uuid:…
    achievement_id: str  # the id of the micro-credential in every credential of it
    title: str
    endorser: Organisation
    awarding_body: Organisation  # the lead awarding body, issuer of the learners' credentials
    issued_at: datetime  # timezone-aware, UTC

    @property
    def comment(self) -> str:
        """The endorsement's statement, in words anyone can read."""
        lead = self.awarding_body
        named = f"{lead.name} ({lead.did})" if lead.did else lead.name
        return (
            f"{self.endorser.name} co-awards the micro-credential “{self.title}” together "
            f"with {named}."
        )
