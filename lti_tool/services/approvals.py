"""Use cases of awards that wait for the teacher: the queue, and approving or rejecting them,
one by one or many at once, each decision in the audit log."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lti_tool.domain.credentials import AwardState
from lti_tool.domain.errors import Conflict, InvalidInput
from lti_tool.models import Award, MicroCredentialRow, Person
from lti_tool.services import audit
from lti_tool.services.ports import Clock
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class PendingAward:
    id: int
    learner: str
    title: str
    grade: str | None
    granted_at: datetime


def pending_awards(course_id: int, *, uow: UnitOfWork) -> list[PendingAward]:
    """The course's awards waiting for approval, oldest first."""
    with uow:
        rows = uow.session.execute(
            select(Award, Person.name, MicroCredentialRow.title)
            .join(Person, Person.id == Award.person_id)
            .join(MicroCredentialRow, MicroCredentialRow.id == Award.micro_credential_id)
            .where(
                MicroCredentialRow.course_id == course_id,
                Award.state == AwardState.PENDING.value,
            )
            .order_by(Award.granted_at, Award.id)
        ).all()
        return [
            PendingAward(
                award.id, name or f"#{award.person_id}", title, award.grade, award.granted_at
            )
            for award, name, title in rows
        ]


def decide(
    course_id: int,
    award_ids: Sequence[int],
    *,
    approve: bool,
    reason: str = "",
    teacher_id: int,
    uow: UnitOfWork,
    clock: Clock,
) -> int:
    """Approve (the learners may claim them) or reject (with a reason) these pending awards of
    the course; returns how many. Raises InvalidInput for no award or a rejection without a
    reason, Conflict when any of them is not pending in this course (nothing decided then)."""
    wanted = set(award_ids)
    if not wanted:
        raise InvalidInput("Choose at least one award.")
    if not approve and not reason.strip():
        raise InvalidInput("Say why the awards are rejected; the reason is kept in the log.")
    state, action = (
        (AwardState.GRANTED, "approved") if approve else (AwardState.REJECTED, "rejected")
    )
    with uow:
        awards = uow.session.scalars(
            select(Award)
            .join(MicroCredentialRow, MicroCredentialRow.id == Award.micro_credential_id)
            .where(
                Award.id.in_(wanted),
                MicroCredentialRow.course_id == course_id,
                Award.state == AwardState.PENDING.value,
            )
        ).all()
        if len(awards) != len(wanted):
            raise Conflict(
                "Some of these awards were decided already or are not in this course; reload "
                "the page."
            )
        now = clock()
        for award in awards:
            award.state = state.value
            audit.record(
                uow,
                course_id,
                award.id,
                action,
                now,
                actor_person_id=teacher_id,
                reason=reason.strip() or None,
            )
        uow.commit()
        return len(awards)
