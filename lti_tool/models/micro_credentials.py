"""Micro-credential definitions with every Annex I element, and co-awarding bodies' endorsements."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.domain import credentials as domain
from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow

# Lists added after rows existed start empty on every database.
_EMPTY_LIST = text("'[]'")


def _list_column():
    return mapped_column(JSON, default=list, server_default=_EMPTY_LIST)


class MicroCredentialRow(db.Model):
    """A teacher's micro-credential definition for one course.

    Vocabulary values are the keys of `lti_tool.domain.vocabularies`; `learning_outcomes` are
    the outcome texts and `esco_skills` the ESCO skill IRIs of each, in the same order.
    `co_awarding_bodies` are the slugs of organisations that award it besides the course's own
    organisation and the alliance.
    """

    __tablename__ = "micro_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="en")
    translations: Mapped[list] = _list_column()
    learning_outcomes: Mapped[list] = mapped_column(JSON)
    esco_skills: Mapped[list] = _list_column()
    ects: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    ecvet_points: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    hours: Mapped[int | None]
    eqf_level: Mapped[int]
    nqf_level: Mapped[str | None] = mapped_column(String(20))
    assessment_types: Mapped[list] = _list_column()
    participation_forms: Mapped[list] = _list_column()
    quality_assurance: Mapped[list] = _list_column()
    co_awarding_bodies: Mapped[list] = _list_column()
    prerequisites: Mapped[str | None] = mapped_column(Text)
    supervision: Mapped[str | None] = mapped_column(String(40))
    integration: Mapped[str | None] = mapped_column(String(20))
    is_part_of: Mapped[list] = _list_column()
    further_information: Mapped[str | None] = mapped_column(Text)
    validity_months: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    course = relationship("Course")
    rule: Mapped["AwardRule | None"] = relationship(  # noqa: F821 - in lti_tool.models.awards
        back_populates="micro_credential"
    )
    endorsements: Mapped[list["EndorsementRow"]] = relationship(
        back_populates="micro_credential", order_by="EndorsementRow.id"
    )

    def to_domain(
        self, *, awarding_bodies: Sequence[domain.Organisation] = ()
    ) -> domain.MicroCredential:
        """The definition, its awarding bodies as the caller found them (the lead first)."""
        skills = list(self.esco_skills or [])
        return domain.MicroCredential(
            title=self.title,
            description=self.description,
            language=self.language,
            translations=tuple(domain.Translation(**t) for t in self.translations or []),
            learning_outcomes=tuple(
                domain.LearningOutcome(text, tuple(skills[n]) if n < len(skills) else ())
                for n, text in enumerate(self.learning_outcomes)
            ),
            ects=Decimal(self.ects) if self.ects is not None else None,
            ecvet_points=Decimal(self.ecvet_points) if self.ecvet_points is not None else None,
            hours=self.hours,
            eqf_level=self.eqf_level,
            nqf_level=self.nqf_level,
            assessment_types=tuple(self.assessment_types or ()),
            participation_forms=tuple(self.participation_forms or ()),
            quality_assurance=tuple(
                domain.QualityAssurance(**qa) for qa in self.quality_assurance or []
            ),
            awarding_bodies=tuple(awarding_bodies),
            prerequisites=self.prerequisites,
            supervision=self.supervision,
            integration=self.integration,
            is_part_of=tuple(self.is_part_of or ()),
            further_information=self.further_information,
            validity_months=self.validity_months,
        )

    def set_definition(self, definition: domain.MicroCredential) -> None:
        """Store every element of `definition` but its awarding bodies."""
        self.title = definition.title
        self.description = definition.description
        self.language = definition.language
        self.translations = [
            {"language": t.language, "title": t.title, "description": t.description}
            for t in definition.translations
        ]
        self.learning_outcomes = [o.text for o in definition.learning_outcomes]
        self.esco_skills = [list(o.esco_skills) for o in definition.learning_outcomes]
        self.ects = definition.ects
        self.ecvet_points = definition.ecvet_points
        self.hours = definition.hours
        self.eqf_level = definition.eqf_level
        self.nqf_level = definition.nqf_level
        self.assessment_types = list(definition.assessment_types)
        self.participation_forms = list(definition.participation_forms)
        self.quality_assurance = [
            {
                "kind": qa.kind,
                "body": qa.body,
                "description": qa.description,
                "body_url": qa.body_url,
                "landing_page": qa.landing_page,
            }
            for qa in definition.quality_assurance
        ]
        self.prerequisites = definition.prerequisites
        self.supervision = definition.supervision
        self.integration = definition.integration
        self.is_part_of = list(definition.is_part_of)
        self.further_information = definition.further_information
        self.validity_months = definition.validity_months


class EndorsementRow(db.Model):
    """A co-awarding body's signed endorsement of one version of a micro-credential.

    `fingerprint` is the definition's (MicroCredential.fingerprint): the endorsement is reused
    for every learner's credential while it matches, and a new one is made when it does not.
    """

    __tablename__ = "micro_credential_endorsements"
    __table_args__ = (UniqueConstraint("micro_credential_id", "organisation_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    micro_credential_id: Mapped[int] = mapped_column(ForeignKey("micro_credentials.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    credential_id: Mapped[str] = mapped_column(String(100), unique=True)
    document: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    micro_credential: Mapped[MicroCredentialRow] = relationship(back_populates="endorsements")
    organisation = relationship("Organisation")
