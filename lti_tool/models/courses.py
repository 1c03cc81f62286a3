"""Courses (LMS contexts), the people launched into them, and their role in each."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow


class Course(db.Model):
    """An LMS course on a platform, and the service endpoints its last launch announced."""

    __tablename__ = "courses"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    context_id: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(255), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    ags_lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    ags_lineitems_url: Mapped[str | None] = mapped_column(String(1000))
    ags_scopes: Mapped[list] = mapped_column(JSON, default=list)
    nrps_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    platform = relationship("Platform")
    organisation = relationship("Organisation")


class Person(db.Model):
    """Someone a platform launched, known by the platform's subject id.

    Only the display name is kept, for the credential's learner identification; no email.
    """

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"))
    subject: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Enrolment(db.Model):
    """A person's role in a course, as the latest launch stated it."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("course_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(20))
