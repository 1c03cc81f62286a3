"""Use cases of a teacher's course page: define micro-credentials and the rules that award them;
and the public page of each micro-credential."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.credentials import AwardState, MicroCredential
from lti_tool.domain.errors import NotFound
from lti_tool.domain.rules import pass_mark_of, pass_mark_rule
from lti_tool.models import Award, AwardRule, Course, MicroCredentialRow
from lti_tool.services.courses import known_course
from lti_tool.services.definitions import (
    co_awarding_rows,
    micro_credential_in_course,
    publish_row,
)
from lti_tool.services.endorsements import awarding_body_rows, awarding_body_rows_of
from lti_tool.services.ports import Clock, CredentialIssuer, DidDocuments
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class MicroCredentialSummary:
    """A micro-credential as the teacher's course page lists it."""

    id: int
    title: str
    ects: Decimal | None
    eqf_level: int
    pass_mark_percent: Decimal | None
    granted: int
    issued: int
    hours: int | None = None
    ecvet_points: Decimal | None = None
    has_rule: bool = False  # a rule of any shape; pass_mark_percent is set for the simple one
    version: int = 1  # the newest published version; 0 when it was never published
    has_draft: bool = False  # changes not published yet


@dataclass(frozen=True)
class CourseOverview:
    """The teacher's view of a course: its micro-credentials and whether results can be read."""

    course_id: int
    title: str
    can_sync_results: bool
    micro_credentials: tuple[MicroCredentialSummary, ...]
    can_sync_moodle: bool = False  # the platform is connected to Moodle's web services
    pending_approvals: int = 0


def course_overview(course_id: int, *, uow: UnitOfWork) -> CourseOverview:
    """The course's micro-credentials with their rules and award counts; raises NotFound."""
    with uow:
        course = known_course(uow, course_id)
        rows = uow.session.scalars(
            select(MicroCredentialRow)
            .where(MicroCredentialRow.course_id == course_id)
            .order_by(MicroCredentialRow.id)
        ).all()
        counts = _award_counts(uow, [row.id for row in rows])
        return CourseOverview(
            course_id=course.id,
            title=course.title or course.label,
            can_sync_results=bool(course.ags_lineitem_url),
            can_sync_moodle=bool(course.platform.moodle_token_sealed),
            pending_approvals=sum(
                n for (_, state), n in counts.items() if state == AwardState.PENDING.value
            ),
            micro_credentials=tuple(
                MicroCredentialSummary(
                    id=row.id,
                    title=row.title,
                    ects=row.ects,
                    eqf_level=row.eqf_level,
                    pass_mark_percent=pass_mark_of(row.rule.to_domain()) if row.rule else None,
                    has_rule=row.rule is not None,
                    hours=row.hours,
                    ecvet_points=row.ecvet_points,
                    version=row.version,
                    has_draft=row.draft is not None,
                    granted=counts.get((row.id, AwardState.GRANTED.value), 0),
                    issued=counts.get((row.id, AwardState.ISSUED.value), 0),
                )
                for row in rows
            ),
        )


@dataclass(frozen=True)
class PublicDescription:
    """What anyone may read about a micro-credential: what its credentials say of it, in one of
    its languages, vocabulary values as their EU labels."""

    title: str
    description: str
    language: str
    languages: tuple[str, ...]  # every language it is described in, its own first
    learning_outcomes: tuple[str, ...]
    ects: Decimal | None
    eqf_level: int
    awarding_body: str
    co_awarding_bodies: tuple[str, ...]
    ecvet_points: Decimal | None = None
    hours: int | None = None
    nqf_level: str | None = None
    assessment: tuple[str, ...] = ()
    participation: tuple[str, ...] = ()
    quality_assurance: tuple[str, ...] = ()
    prerequisites: str | None = None
    supervision: str | None = None
    integration: str | None = None
    is_part_of: tuple[str, ...] = ()
    further_information: str | None = None
    validity_months: int | None = None


def public_description(
    micro_credential_id: int, *, uow: UnitOfWork, language: str | None = None
) -> PublicDescription:
    """The public page behind a credential's achievement id, in `language` when it was
    translated into it (a credential's `related` entries point there); raises NotFound."""
    with uow:
        row = uow.session.get(MicroCredentialRow, micro_credential_id)
        if row is None or not row.is_published:
            raise NotFound("No micro-credential has this address.")
        bodies = [body.name for body in awarding_body_rows(uow, row)]
        return describe(row.to_domain(), bodies, language=language)


def preview(
    course_id: int,
    definition: MicroCredential,
    *,
    co_awarding_bodies: Sequence[str] = (),
    uow: UnitOfWork,
) -> PublicDescription:
    """What learners and verifiers will read of `definition` once published in this course,
    before anything is saved."""
    with uow:
        course = known_course(uow, course_id)
        bodies = awarding_body_rows_of(uow, course.organisation, co_awarding_bodies)
        return describe(definition, [body.name for body in bodies])


def describe(
    mc: MicroCredential, bodies: Sequence[str], *, language: str | None = None
) -> PublicDescription:
    """The definition as anyone reads it, in `language` when it was translated into it,
    vocabulary values as their EU labels; `bodies` are the awarding bodies' names, the lead
    first."""
    shown = language if language in mc.languages else mc.language
    return PublicDescription(
        title=mc.title_in(shown),
        description=mc.description_in(shown),
        language=shown,
        languages=mc.languages,
        learning_outcomes=tuple(o.text for o in mc.learning_outcomes),
        ects=mc.ects,
        eqf_level=mc.eqf_level,
        awarding_body=bodies[0],
        co_awarding_bodies=tuple(bodies[1:]),
        ecvet_points=mc.ecvet_points,
        hours=mc.hours,
        nqf_level=vocab.NQF_LEVELS.get(mc.nqf_level).label if mc.nqf_level else None,
        assessment=_labels(vocab.ASSESSMENT_TYPES, mc.assessment_types),
        participation=_labels(vocab.PARTICIPATION_FORMS, mc.participation_forms),
        quality_assurance=tuple(
            f"{vocab.QUALITY_ASSURANCE_TYPES.get(qa.kind).label}: {qa.body}"
            for qa in mc.quality_assurance
        ),
        prerequisites=mc.prerequisites,
        supervision=_label(vocab.SUPERVISION_LEVELS, mc.supervision),
        integration=_label(vocab.INTEGRATION_OPTIONS, mc.integration),
        is_part_of=mc.is_part_of,
        further_information=mc.further_information,
        validity_months=mc.validity_months,
    )


@dataclass(frozen=True)
class CoAwardingBody:
    """An organisation a teacher may name as co-awarding a micro-credential."""

    slug: str
    name: str


def co_awarding_candidates(course_id: int, *, uow: UnitOfWork) -> list[CoAwardingBody]:
    """The organisations other than the course's own and the alliance, by name."""
    with uow:
        course = known_course(uow, course_id)
        return _candidates(uow, course)


def define_micro_credential(
    course_id: int,
    definition: MicroCredential,
    *,
    co_awarding_bodies: Sequence[str] = (),
    teacher_id: int | None = None,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
) -> int:
    """Publish a new micro-credential of the course as its version 1, with the alliance's (and
    every other co-awarding body's) signed endorsement of it; return its id.

    The course's organisation is its lead awarding body, the alliance and the organisations
    named by slug in `co_awarding_bodies` award it with it. Raises NotFound for an unknown
    course, InvalidInput naming an unknown co-awarding body or every missing Annex I element;
    then nothing is kept.
    """
    with uow:
        course = known_course(uow, course_id)
        row = MicroCredentialRow(course=course, version=0)
        publish_row(
            row,
            definition,
            co_awarding_bodies,
            teacher_id=teacher_id,
            uow=uow,
            issuer=issuer,
            dids=dids,
            clock=clock,
            base_url=base_url,
        )
        uow.commit()
        return row.id


@dataclass(frozen=True)
class CopyCandidate:
    """A micro-credential of another course of the same organisation, to copy from."""

    id: int
    title: str
    course_title: str


def copy_candidates(course_id: int, *, uow: UnitOfWork) -> list[CopyCandidate]:
    """The definitions of the organisation's other courses, by course and title."""
    with uow:
        course = known_course(uow, course_id)
        rows = uow.session.execute(
            select(MicroCredentialRow.id, MicroCredentialRow.title, Course.title, Course.label)
            .join(Course, Course.id == MicroCredentialRow.course_id)
            .where(Course.organisation_id == course.organisation_id, Course.id != course_id)
            .order_by(Course.title, MicroCredentialRow.title)
        ).all()
        return [
            CopyCandidate(row_id, title, course_title or label)
            for row_id, title, course_title, label in rows
        ]


def copy_micro_credential(
    source_id: int,
    *,
    course_id: int,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
) -> int:
    """Define in this course a copy of another course's micro-credential of the same
    organisation, every element and co-awarding body included, and return its id. Its rule is
    not copied: it names the other course's activities. Raises NotFound for any other source."""
    with uow:
        course = uow.session.get(Course, course_id)
        source = uow.session.get(MicroCredentialRow, source_id)
        if (
            course is None
            or source is None
            or source.course_id == course_id
            or source.course.organisation_id != course.organisation_id
        ):
            raise NotFound("There is no such micro-credential to copy.")
        definition, co_awarding = source.to_domain(), list(source.co_awarding_bodies or [])
    return define_micro_credential(
        course_id,
        definition,
        co_awarding_bodies=co_awarding,
        uow=uow,
        issuer=issuer,
        dids=dids,
        clock=clock,
        base_url=base_url,
    )


def set_pass_mark_rule(
    micro_credential_id: int, *, course_id: int, threshold_percent: Decimal, uow: UnitOfWork
) -> None:
    """Award the micro-credential at a grade of at least `threshold_percent` % in its activity.

    Raises InvalidInput for a pass mark outside 0 to 100, NotFound for another course's
    micro-credential.
    """
    rule = pass_mark_rule(threshold_percent)
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        if row.rule is None:
            row.rule = AwardRule()
        row.rule.set_domain(rule)
        uow.commit()


def _award_counts(uow: UnitOfWork, ids: list[int]) -> dict[tuple[int, str], int]:
    if not ids:
        return {}
    rows = uow.session.execute(
        select(Award.micro_credential_id, Award.state, func.count())
        .where(Award.micro_credential_id.in_(ids))
        .group_by(Award.micro_credential_id, Award.state)
    ).all()
    return {(mc_id, state): count for mc_id, state, count in rows}


def _labels(vocabulary: vocab.Vocabulary, keys: Sequence[str]) -> tuple[str, ...]:
    return tuple(vocabulary.get(key).label for key in keys)


def _label(vocabulary: vocab.Vocabulary, key: str | None) -> str | None:
    return vocabulary.get(key).label if key else None


def _candidates(uow: UnitOfWork, course: Course) -> list[CoAwardingBody]:
    return [CoAwardingBody(row.slug, row.name) for row in co_awarding_rows(uow, course)]
