"""The audit log: every grant, issue and status change of an award, with who and when."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow


class AuditEvent(db.Model):
    """One thing that happened to an award. `actor_person_id` is the person who acted (a teacher,
    the learner who claimed); None when the tool acted, as `actor` says ("rule", "command line").
    Events are only ever added."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id"))
    action: Mapped[str] = mapped_column(String(30))
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    actor: Mapped[str] = mapped_column(String(50), default="")
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
