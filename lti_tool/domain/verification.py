"""The outcome of verifying a credential: one named check after another, each with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """One verification step: its name, whether it passed, and a sentence a person can read."""

    name: str
    passed: bool
    message: str


@dataclass(frozen=True)
class VerificationReport:
    """All checks run on one credential; it is verified only when every check passed.

    `summary` carries what a verifier page shows about the credential (title, issuer, learner,
    dates) once the document could be read, whether or not it verified.
    """

    checks: tuple[Check, ...]
    summary: dict[str, str] = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    def as_dict(self) -> dict:
        return {
            "verified": self.verified,
            "checks": [
                {"name": c.name, "passed": c.passed, "message": c.message} for c in self.checks
            ],
            "summary": dict(self.summary),
        }
