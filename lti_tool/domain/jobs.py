"""Background jobs: bulk work a teacher starts (sync a course, issue a cohort) or a schedule
starts, cut into parts that workers run, possibly side by side.

A job goes through phases; each phase is cut into parts, and the next phase starts when the
last part of the one before is done. Every part's work is idempotent, so a part whose worker
was killed is simply run again: results are kept once, awards and credentials are unique.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_ERRORS_KEPT = 200  # per job; the count of failures goes on past it


class JobKind(StrEnum):
    SYNC_MOODLE = "sync_moodle"  # grades, completions and members from Moodle's web services
    SYNC_AGS = "sync_ags"  # the tool's own gradebook column (AGS) and the roster (NRPS)
    ISSUE = "issue"  # sign the credentials of every granted award of the course


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)


class PartState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


SYNC_KINDS = (JobKind.SYNC_MOODLE, JobKind.SYNC_AGS)


@dataclass(frozen=True)
class LearnerError:
    """Why one learner's part of the work failed; the rest of the job goes on."""

    learner: str
    message: str


@dataclass(frozen=True)
class PartOutcome:
    """What one part did: how many of the job's items it finished, those it could not, the
    counts to add to the job's summary, and the next phase's parts when it planned them (a
    phase nobody plans runs as one part)."""

    done: int = 0
    errors: tuple[LearnerError, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()
    next_parts: tuple[tuple, ...] = ()  # one payload (a tuple of JSON values) per part
    total: int | None = None  # the job's item count, once a part has found it


@dataclass(frozen=True)
class JobProgress:
    """A job as its page shows it."""

    id: int
    kind: JobKind
    state: JobState
    total: int
    done: int
    failed: int
    counts: dict[str, int]
    errors: tuple[LearnerError, ...]
    message: str | None  # why the job failed as a whole
    created_at: datetime
    finished_at: datetime | None

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, (self.done + self.failed) * 100 // self.total)


def slices(items: Sequence, size: int) -> Iterator[tuple]:
    """`items` in consecutive tuples of at most `size`."""
    for start in range(0, len(items), size):
        yield tuple(items[start : start + size])
