"""Micro-credential definitions, award rules, learners' results, awards and issued credentials."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.domain import credentials as domain
from lti_tool.domain.rules import FinalGradeAtLeast
from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow
from lti_tool.models.micro_credentials import MicroCredentialRow


class AwardRule(db.Model):
    """When a learner earns the micro-credential; one rule per micro-credential for now."""

    __tablename__ = "award_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    micro_credential_id: Mapped[int] = mapped_column(
        ForeignKey("micro_credentials.id"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(50))
    threshold_percent: Mapped[Decimal] = mapped_column(Numeric(6, 2))

    micro_credential: Mapped[MicroCredentialRow] = relationship(back_populates="rule")

    def to_domain(self) -> FinalGradeAtLeast:
        return FinalGradeAtLeast(threshold_percent=Decimal(self.threshold_percent))


class Result(db.Model):
    """One learner's result from one source and item, with the platform's time for it."""

    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("course_id", "person_id", "source", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    source: Mapped[str] = mapped_column(String(20))
    item: Mapped[str] = mapped_column(String(1000))
    score: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    maximum: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    synced_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Award(db.Model):
    """A learner's earned micro-credential: granted, then issued, or revoked."""

    __tablename__ = "awards"
    __table_args__ = (UniqueConstraint("micro_credential_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    micro_credential_id: Mapped[int] = mapped_column(ForeignKey("micro_credentials.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=domain.AwardState.GRANTED.value)
    grade: Mapped[str | None] = mapped_column(String(50))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    micro_credential: Mapped[MicroCredentialRow] = relationship()
    person = relationship("Person")
    credential: Mapped["IssuedCredential | None"] = relationship(back_populates="award")


class IssuedCredential(db.Model):
    """The signed OB3 document of an award, stored once so asking again returns the same."""

    __tablename__ = "issued_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id"), unique=True)
    credential_id: Mapped[str] = mapped_column(String(100), unique=True)
    document: Mapped[dict] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())

    award: Mapped[Award] = relationship(back_populates="credential")
