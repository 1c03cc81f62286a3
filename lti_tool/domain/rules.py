"""Award rules: when a learner's results earn a micro-credential, with the reasons why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.results import Result


@dataclass(frozen=True)
class Decision:
    """Whether a learner qualifies, the grade to carry into the credential, and why."""

    qualifies: bool
    reasons: tuple[str, ...]
    grade: str | None = None


@dataclass(frozen=True)
class FinalGradeAtLeast:
    """Qualifies a learner whose final grade is at least `threshold_percent` % of the maximum."""

    threshold_percent: Decimal
    kind = "final_grade_at_least"

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.threshold_percent <= Decimal(100):
            raise InvalidInput("The pass mark must be a percentage from 0 to 100.")

    def applies_to(self, results: Sequence[Result]) -> bool:
        """The rule can decide only once there is a grade to compare."""
        return bool(results)

    def evaluate(self, results: Sequence[Result]) -> Decision:
        """Decide on the learner's final grade: the most recent of their results."""
        if not self.applies_to(results):
            return Decision(False, ("No grade has been received for this learner yet.",))
        final = max(results, key=_recency)
        grade = f"{final.percent.normalize():f} %"
        threshold = f"{self.threshold_percent.normalize():f} %"
        if final.percent >= self.threshold_percent:
            return Decision(True, (f"Final grade {grade} is at least {threshold}.",), grade)
        return Decision(False, (f"Final grade {grade} is below {threshold}.",), grade)


def _recency(result: Result) -> tuple[bool, object]:
    # Results without a time sort before any timed one, so a timed result always wins.
    return (result.recorded_at is not None, result.recorded_at or 0)
