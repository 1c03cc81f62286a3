"""Learners' results as they arrive from a source, in our words: grades (`Result`) and
completions (`Completion`) of the course or of one of its activities."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.roster import Member


class ResultSource(enum.StrEnum):
    """Where a result came from."""

    AGS = "ags"  # the tool's own line items, LTI Assignment and Grade Services
    MOODLE = "moodle"  # Moodle's web services, with a token an administrator stored
    CSV = "csv"  # a file a teacher uploaded (Moodle's grade export, or mapped columns)
    WEBHOOK = "webhook"  # POST /api/v1/results, signed per platform


# The item of the course itself: its final grade (course total) and its completion.
COURSE_ITEM = "course"
# The item of the micro-credential's own activity: the grade a teacher gives it in the
# gradebook, read through its AGS line item.
TOOL_ITEM = "tool"


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


@dataclass(frozen=True)
class Completion:
    """Whether one learner completed the course (`item` COURSE_ITEM) or one activity.

    `passed` is Moodle's "complete, pass" (True) or "complete, fail" (False) where the activity
    requires a passing grade, else None. `learner` is the platform's subject id.
    """

    learner: str
    source: ResultSource
    item: str
    completed: bool
    passed: bool | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Activity:
    """A graded or completion-tracked activity of the course, as rules name it."""

    item: str  # the source's stable id, e.g. Moodle's course module id as text
    name: str
    kind: str = ""  # e.g. "assign", "quiz", "lti"


@dataclass(frozen=True)
class CourseResults:
    """What one read of a course from its platform gives: grades, completions, the people and
    the activities (for rules to name)."""

    grades: tuple[Result, ...] = ()
    completions: tuple[Completion, ...] = ()
    members: tuple[Member, ...] = ()
    activities: tuple[Activity, ...] = ()
