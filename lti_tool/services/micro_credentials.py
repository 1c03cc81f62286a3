"""Use cases of a teacher's course page: define micro-credentials and the rules that award them."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from lti_tool.domain.credentials import AwardState, MicroCredential
from lti_tool.domain.errors import NotFound
from lti_tool.domain.rules import FinalGradeAtLeast
from lti_tool.models import Award, AwardRule, Course, MicroCredentialRow, Organisation
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class MicroCredentialSummary:
    """A micro-credential as the teacher's course page lists it."""

    id: int
    title: str
    ects: Decimal
    eqf_level: int
    pass_mark_percent: Decimal | None
    granted: int
    issued: int


@dataclass(frozen=True)
class CourseOverview:
    """The teacher's view of a course: its micro-credentials and whether results can be read."""

    course_id: int
    title: str
    can_sync_results: bool
    micro_credentials: tuple[MicroCredentialSummary, ...]


def course_overview(course_id: int, *, uow: UnitOfWork) -> CourseOverview:
    """The course's micro-credentials with their rules and award counts; raises NotFound."""
    with uow:
        course = uow.session.get(Course, course_id)
        if course is None:
            raise NotFound("This course is not known to the tool; launch it from your LMS.")
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
            micro_credentials=tuple(
                MicroCredentialSummary(
                    id=row.id,
                    title=row.title,
                    ects=row.ects,
                    eqf_level=row.eqf_level,
                    pass_mark_percent=row.rule.threshold_percent if row.rule else None,
                    granted=counts.get((row.id, AwardState.GRANTED.value), 0),
                    issued=counts.get((row.id, AwardState.ISSUED.value), 0),
                )
                for row in rows
            ),
        )


@dataclass(frozen=True)
class PublicDescription:
    """What anyone may read about a micro-credential: what its credentials say of it."""

    title: str
    description: str
    learning_outcomes: tuple[str, ...]
    ects: Decimal
    eqf_level: int
    awarding_body: str
    co_awarding_bodies: tuple[str, ...]


def public_description(micro_credential_id: int, *, uow: UnitOfWork) -> PublicDescription:
    """The public page behind a credential's achievement id; raises NotFound."""
    with uow:
        row = uow.session.get(MicroCredentialRow, micro_credential_id)
        if row is None:
            raise NotFound("No micro-credential has this address.")
        alliances = uow.session.scalars(
            select(Organisation.name).where(Organisation.is_alliance.is_(True))
        ).all()
        return PublicDescription(
            title=row.title,
            description=row.description,
            learning_outcomes=tuple(row.learning_outcomes),
            ects=row.ects,
            eqf_level=row.eqf_level,
            awarding_body=row.course.organisation.name,
            co_awarding_bodies=tuple(alliances),
        )


def define_micro_credential(
    course_id: int,
    *,
    title: str,
    description: str,
    learning_outcomes: Sequence[str],
    ects: Decimal,
    eqf_level: int,
    uow: UnitOfWork,
) -> int:
    """Save a new micro-credential for the course; raises InvalidInput naming what is missing."""
    definition = MicroCredential(
        title=title.strip(),
        description=description.strip(),
        learning_outcomes=tuple(o.strip() for o in learning_outcomes if o.strip()),
        ects=ects,
        eqf_level=eqf_level,
    )
    with uow:
        if uow.session.get(Course, course_id) is None:
            raise NotFound("This course is not known to the tool; launch it from your LMS.")
        row = MicroCredentialRow(
            course_id=course_id,
            title=definition.title,
            description=definition.description,
            learning_outcomes=list(definition.learning_outcomes),
            ects=definition.ects,
            eqf_level=definition.eqf_level,
            language=definition.language,
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def set_final_grade_rule(
    micro_credential_id: int, *, course_id: int, threshold_percent: Decimal, uow: UnitOfWork
) -> None:
    """Award the micro-credential at a final grade of at least `threshold_percent` %."""
    rule = FinalGradeAtLeast(threshold_percent=threshold_percent)
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        if row.rule is None:
            row.rule = AwardRule(kind=rule.kind, threshold_percent=rule.threshold_percent)
        else:
            row.rule.threshold_percent = rule.threshold_percent
        uow.commit()


def micro_credential_in_course(
    uow: UnitOfWork, micro_credential_id: int, course_id: int
) -> MicroCredentialRow:
    """The course's micro-credential; raises NotFound for another course's or a missing one."""
    row = uow.session.get(MicroCredentialRow, micro_credential_id)
    if row is None or row.course_id != course_id:
        raise NotFound("This micro-credential does not exist in this course.")
    return row


def _award_counts(uow: UnitOfWork, ids: list[int]) -> dict[tuple[int, str], int]:
    if not ids:
        return {}
    rows = uow.session.execute(
        select(Award.micro_credential_id, Award.state, func.count())
        .where(Award.micro_credential_id.in_(ids))
        .group_by(Award.micro_credential_id, Award.state)
    ).all()
    return {(mc_id, state): count for mc_id, state, count in rows}
