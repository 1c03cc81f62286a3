"""Background jobs and their parts: the state of every job lives here, not in a worker, so any
worker can take a part and a killed one's part can be run again (lti_tool/domain/jobs.py)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.domain import jobs as domain
from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow


class Job(db.Model):
    """One piece of bulk work on a course, its phase and its progress.

    `counts` adds up what the parts report (grades read, awards granted, …); `errors` keeps the
    first MAX_ERRORS_KEPT learner errors, `failed` counts them all. `requested_by` is the
    teacher who started it, None for the schedule.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    state: Mapped[str] = mapped_column(String(10), default=domain.JobState.QUEUED.value)
    phase: Mapped[str] = mapped_column(String(20))
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    parts: Mapped[list["JobPart"]] = relationship(back_populates="job", order_by="JobPart.id")

    def to_domain(self) -> domain.JobProgress:
        return domain.JobProgress(
            id=self.id,
            kind=domain.JobKind(self.kind),
            state=domain.JobState(self.state),
            total=self.total,
            done=self.done,
            failed=self.failed,
            counts=dict(self.counts or {}),
            errors=tuple(domain.LearnerError(**error) for error in self.errors or []),
            message=self.message,
            created_at=self.created_at,
            finished_at=self.finished_at,
        )


class JobPart(db.Model):
    """A part of a job's phase that one worker runs: its payload names what it works on (the
    learners to read, the awards to issue). `started_at` tells a part whose worker died."""

    __tablename__ = "job_parts"
    __table_args__ = (UniqueConstraint("job_id", "phase", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    phase: Mapped[str] = mapped_column(String(20))
    number: Mapped[int]
    payload: Mapped[list] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(
        String(10), default=domain.PartState.QUEUED.value, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    job: Mapped[Job] = relationship(back_populates="parts")
