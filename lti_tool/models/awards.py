"""Micro-credential definitions, award rules, learners' results, awards and issued credentials."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, LargeBinary, Numeric, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from lti_tool.domain import credentials as domain
from lti_tool.domain import results
from lti_tool.domain.rules import Rule, Window, condition_from_json, condition_to_json
from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow
from lti_tool.models.micro_credentials import MicroCredentialRow


class AwardRule(db.Model):
    """When a learner earns the micro-credential: its condition (lti_tool/domain/rules.py, as
    JSON), the date window and whether the grade goes into the credential. One per
    micro-credential."""

    __tablename__ = "award_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    micro_credential_id: Mapped[int] = mapped_column(
        ForeignKey("micro_credentials.id"), unique=True
    )
    condition: Mapped[dict] = mapped_column(JSON)
    carry_grade: Mapped[bool] = mapped_column(default=False)
    needs_approval: Mapped[bool] = mapped_column(default=False, server_default=false())
    window_starts: Mapped[datetime | None] = mapped_column(UtcDateTime())
    window_ends: Mapped[datetime | None] = mapped_column(UtcDateTime())

    micro_credential: Mapped[MicroCredentialRow] = relationship(back_populates="rule")

    def to_domain(self) -> Rule:
        return Rule(
            condition=condition_from_json(self.condition),
            window=Window(self.window_starts, self.window_ends),
            carry_grade=self.carry_grade,
            needs_approval=self.needs_approval,
        )

    def set_domain(self, rule: Rule) -> None:
        self.condition = condition_to_json(rule.condition)
        self.window_starts, self.window_ends = rule.window.starts, rule.window.ends
        self.carry_grade = rule.carry_grade
        self.needs_approval = rule.needs_approval


class _OfLearnerAndItem:
    """What a result and a completion share: whose, from which source, about which item, kept
    once per learner, source and item of a course."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple:  # a constraint object of each table's own
        return (UniqueConstraint("course_id", "person_id", "source", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    source: Mapped[str] = mapped_column(String(20))
    item: Mapped[str] = mapped_column(String(1000))


class Result(_OfLearnerAndItem, db.Model):
    """One learner's result from one source and item, with the platform's time for it."""

    __tablename__ = "results"

    score: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    maximum: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    synced_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    def to_domain(self) -> results.Result:
        """The result, its learner named by person id (rules do not need the subject)."""
        return results.Result(
            learner=str(self.person_id),
            source=results.ResultSource(self.source),
            item=self.item,
            score=self.score,
            maximum=self.maximum,
            recorded_at=self.recorded_at,
        )


class CompletionRow(_OfLearnerAndItem, db.Model):
    """Whether one learner completed the course or an activity, from one source."""

    __tablename__ = "completions"

    completed: Mapped[bool]
    passed: Mapped[bool | None]
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    synced_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    def to_domain(self) -> results.Completion:
        """The completion, its learner named by person id, as `Result.to_domain`."""
        return results.Completion(
            learner=str(self.person_id),
            source=results.ResultSource(self.source),
            item=self.item,
            completed=self.completed,
            passed=self.passed,
            recorded_at=self.recorded_at,
        )


class CourseActivity(db.Model):
    """An activity of the course a result source named (Moodle's course module, a column of an
    imported file), so that rules can name it."""

    __tablename__ = "course_activities"
    __table_args__ = (UniqueConstraint("course_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    item: Mapped[str] = mapped_column(String(1000))
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(50), default="")


class GradeUpload(db.Model):
    """A grade file a teacher uploaded, kept until it is imported (or a day at most) so that
    its columns can be mapped in a second step."""

    __tablename__ = "grade_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


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
