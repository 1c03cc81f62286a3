"""Micro-credential definitions with every Annex I element, and co-awarding bodies' endorsements."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    ForeignKey,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.domain import credentials as domain
from lti_tool.domain.definition_json import definition_from_json
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
    # The columns above are the newest published version, which credentials are issued from;
    # `version` is its number (0: never published, the columns then hold the first draft).
    # `draft` is the teacher's unpublished working copy (domain/definition_json.py), if any.
    version: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    draft: Mapped[dict | None] = mapped_column(JSON)
    badge_digest: Mapped[str | None] = mapped_column(ForeignKey("badge_images.digest"))

    course = relationship("Course")
    rule: Mapped["AwardRule | None"] = relationship(  # noqa: F821 - in lti_tool.models.awards
        back_populates="micro_credential"
    )
    endorsements: Mapped[list["EndorsementRow"]] = relationship(
        back_populates="micro_credential", order_by="EndorsementRow.id"
    )
    versions: Mapped[list["MicroCredentialVersion"]] = relationship(
        back_populates="micro_credential", order_by="MicroCredentialVersion.number"
    )

    @property
    def is_published(self) -> bool:
        return self.version > 0

    def working_copy(self) -> tuple[domain.MicroCredential, tuple[str, ...]]:
        """What the teacher edits: the draft, else the published definition; with the slugs of
        its other co-awarding bodies."""
        if self.draft is not None:
            return definition_from_json(self.draft)
        return self.to_domain(), tuple(self.co_awarding_bodies or ())

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


class MicroCredentialVersion(db.Model):
    """A published version of a micro-credential, as it was published: credentials issued
    while it was the newest state it."""

    __tablename__ = "micro_credential_versions"
    __table_args__ = (UniqueConstraint("micro_credential_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    micro_credential_id: Mapped[int] = mapped_column(ForeignKey("micro_credentials.id"), index=True)
    number: Mapped[int]
    definition: Mapped[dict] = mapped_column(JSON)  # domain/definition_json.py
    published_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    micro_credential: Mapped[MicroCredentialRow] = relationship(back_populates="versions")


class BadgeImage(db.Model):
    """A badge image, kept by the SHA-256 of its bytes and never changed, so that a credential
    issued with it shows it for good whatever image the definition has later."""

    __tablename__ = "badge_images"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


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
