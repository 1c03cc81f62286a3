"""Learners' results as they arrive from a source (AGS for now), in our words."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lti_tool.domain.errors import InvalidInput


class ResultSource(enum.StrEnum):
    """Where a result came from."""

    AGS = "ags"


@dataclass(frozen=True)
class Result:
    """One learner's score on one item (a gradebook column), out of `maximum`.

    `learner` is the platform's subject id of the learner, so that results of learners who
    have not launched the tool yet can still be kept and evaluated.
    """

    learner: str
    source: ResultSource
    item: str
    score: Decimal
    maximum: Decimal
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.maximum <= 0:
            raise InvalidInput(f"A result's maximum must be above 0, not {self.maximum}.")
        if self.score < 0:
            raise InvalidInput(f"A result's score cannot be negative ({self.score}).")

    @property
    def percent(self) -> Decimal:
        """The score as a percentage of the maximum, rounded to two decimals."""
        return (self.score * 100 / self.maximum).quantize(Decimal("0.01"))
