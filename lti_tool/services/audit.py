"""The audit log of awards: what happened, to whom, by whom, when and why. Use cases add to it
inside their own transaction, so an event is kept exactly when what it records is."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from lti_tool.models import AuditEvent, Award, MicroCredentialRow, Person
from lti_tool.services.uow import UnitOfWork

SHOWN = 500  # the newest events the teacher's page lists


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    action: str
    micro_credential: str
    learner: str
    actor: str
    reason: str | None


def record(
    uow: UnitOfWork,
    course_id: int,
    award_id: int,
    action: str,
    at: datetime,
    *,
    actor_person_id: int | None = None,
    actor: str = "",
    reason: str | None = None,
) -> None:
    """Add the event to the caller's unit of work (it commits)."""
    uow.session.add(
        AuditEvent(
            course_id=course_id,
            award_id=award_id,
            action=action,
            actor_person_id=actor_person_id,
            actor=actor,
            reason=reason,
            at=at,
        )
    )


def course_log(course_id: int, *, uow: UnitOfWork) -> list[AuditLine]:
    """The course's newest events first, with names rather than ids."""
    learner, acting = aliased(Person), aliased(Person)
    with uow:
        rows = uow.session.execute(
            select(AuditEvent, MicroCredentialRow.title, learner.name, acting.name)
            .join(Award, Award.id == AuditEvent.award_id)
            .join(MicroCredentialRow, MicroCredentialRow.id == Award.micro_credential_id)
            .join(learner, learner.id == Award.person_id)
            .outerjoin(acting, acting.id == AuditEvent.actor_person_id)
            .where(AuditEvent.course_id == course_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(SHOWN)
        ).all()
        return [
            AuditLine(event.at, event.action, title, name, actor or event.actor, event.reason)
            for event, title, name, actor in rows
        ]
