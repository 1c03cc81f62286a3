"""Use cases of revoking, suspending and reinstating issued credentials, and of their status.

A change flips one bit of one status list and signs the list again, in one transaction. The list
row is updated first, before its bits are read: on PostgreSQL that row lock, on SQLite the
database's write lock, makes a second change to the same list wait and then read the bits the
first one wrote, so two revocations in one list both stick.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from lti_tool.domain.credentials import AwardState
from lti_tool.domain.errors import Conflict, InvalidInput, NotFound
from lti_tool.domain.status import (
    CredentialStatus,
    StatusAction,
    StatusListContent,
    StatusPurpose,
    change_for,
    with_bit,
)
from lti_tool.models import (
    Award,
    IssuedCredential,
    MicroCredentialRow,
    StatusEntryRow,
    StatusListRow,
)
from lti_tool.services import audit
from lti_tool.services.ports import Clock, DidDocuments, StatusListIssuer
from lti_tool.services.status import status_list_url
from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusView:
    """An award's credential status, and since when (None when not known or active)."""

    status: CredentialStatus
    since: datetime | None = None


@dataclass(frozen=True)
class IssuedAwardView:
    """An issued credential as the teacher's list shows it."""

    id: int
    title: str
    learner_name: str
    credential_id: str
    issued_at: datetime
    status: StatusView
    has_status_list: bool  # issued with status entries, so it can be revoked
    can_suspend: bool  # issued with a suspension entry too


@dataclass(frozen=True)
class StatusOutcome:
    """What a status change did, for the message that confirms it."""

    credential_id: str
    title: str
    learner_name: str
    status: StatusView


def course_credentials(course_id: int, *, uow: UnitOfWork) -> list[IssuedAwardView]:
    """The course's issued credentials, newest first, each with its status."""
    with uow:
        awards = uow.session.scalars(
            select(Award)
            .join(MicroCredentialRow)
            .join(IssuedCredential, IssuedCredential.award_id == Award.id)
            .where(MicroCredentialRow.course_id == course_id)
            .order_by(IssuedCredential.issued_at.desc(), Award.id.desc())
        ).all()
        entries = _entries_by_award(uow, [award.id for award in awards])
        return [_issued_view(award, entries.get(award.id, {})) for award in awards]


def course_credential(award_id: int, *, course_id: int, uow: UnitOfWork) -> IssuedAwardView:
    """One issued credential of the course; raises NotFound for any other award."""
    with uow:
        award = _award_in_course(uow, award_id, course_id)
        return _issued_view(award, _entries_by_award(uow, [award.id]).get(award.id, {}))


def award_statuses(uow: UnitOfWork, awards: Iterable[Award]) -> dict[int, StatusView]:
    """The status of each of these awards (within the caller's unit of work)."""
    awards = list(awards)
    entries = _entries_by_award(uow, [award.id for award in awards])
    return {award.id: _status(award, entries.get(award.id, {})) for award in awards}


def change_award_status(
    award_id: int,
    action: StatusAction,
    *,
    course_id: int,
    teacher_id: int,
    reason: str = "",
    uow: UnitOfWork,
    status_lists: StatusListIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
) -> StatusOutcome:
    """Revoke, suspend or reinstate a credential of the course (a teacher's action), with the
    reason in the audit log; revoking needs one.

    Raises InvalidInput for a revocation without a reason, NotFound for another course's
    award, Conflict when the action does not apply.
    """
    with uow:
        award = _award_in_course(uow, award_id, course_id)
        acting = _Acting(person_id=teacher_id, reason=reason.strip() or None)
        return _apply(uow, award, action, status_lists, dids, clock, base_url, acting)


def change_credential_status(
    credential_id: str,
    action: StatusAction,
    *,
    reason: str = "",
    uow: UnitOfWork,
    status_lists: StatusListIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
) -> StatusOutcome:
    """Revoke, suspend or reinstate the credential with this id (urn:uuid:…), in any course.

    Raises NotFound for an unknown id, Conflict when the action does not apply.
    """
    with uow:
        award = uow.session.scalars(
            select(Award)
            .join(IssuedCredential, IssuedCredential.award_id == Award.id)
            .where(IssuedCredential.credential_id == credential_id.strip())
        ).first()
        if award is None:
            raise NotFound("No credential with this id was issued here.")
        acting = _Acting(label="command line", reason=reason.strip() or None)
        return _apply(uow, award, action, status_lists, dids, clock, base_url, acting)


@dataclass(frozen=True)
class _Acting:
    """Who changes a status, and why, for the audit log."""

    person_id: int | None = None
    label: str = ""
    reason: str | None = None


_DONE = {
    StatusAction.REVOKE: "revoked",
    StatusAction.SUSPEND: "suspended",
    StatusAction.REINSTATE: "reinstated",
}


def _apply(
    uow: UnitOfWork,
    award: Award,
    action: StatusAction,
    status_lists: StatusListIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
    acting: _Acting,
) -> StatusOutcome:
    entries = _entries_by_award(uow, [award.id]).get(award.id, {})
    change = change_for(action, _status(award, entries).status)
    if action == StatusAction.REVOKE and acting.person_id is not None and not acting.reason:
        raise InvalidInput("Say why the credential is revoked; the reason is kept in the log.")
    entry = entries.get(change.purpose)
    if award.credential is None or not entries:
        raise Conflict(
            "This credential was issued without a status list entry, so its status cannot "
            "be changed."
        )
    if entry is None:
        raise Conflict(
            "This credential was issued without a suspension entry, so it cannot be suspended; "
            "revoke it if it must no longer be valid."
        )
    now = clock()
    _flip(uow, entry, change.value, now, status_lists, dids, base_url)
    entry.set_at = now if change.value else None
    if change.purpose == StatusPurpose.REVOCATION:
        award.state = AwardState.REVOKED.value
    audit.record(
        uow,
        award.micro_credential.course_id,
        award.id,
        _DONE[action],
        now,
        actor_person_id=acting.person_id,
        actor=acting.label,
        reason=acting.reason,
    )
    outcome = StatusOutcome(
        credential_id=award.credential.credential_id,
        title=award.micro_credential.title,
        learner_name=award.person.name,
        status=StatusView(change.status_after, now if change.value else None),
    )
    uow.commit()
    log.info("credential status changed", extra={"award_id": award.id, "action": action.value})
    return outcome


def _flip(
    uow: UnitOfWork,
    entry: StatusEntryRow,
    value: bool,
    now: datetime,
    status_lists: StatusListIssuer,
    dids: DidDocuments,
    base_url: str,
) -> None:
    """Set the entry's bit and sign the list again; the list row is locked before it is read."""
    list_id = entry.status_list_id
    uow.session.execute(
        update(StatusListRow)
        .where(StatusListRow.id == list_id)
        .values(revision=StatusListRow.revision + 1)
    )
    row = uow.session.scalars(
        select(StatusListRow)
        .where(StatusListRow.id == list_id)
        .execution_options(populate_existing=True)
    ).one()
    organisation = row.organisation
    if not organisation.keys:
        raise Conflict("The organisation has no signing key to sign its status list with.")
    purpose = StatusPurpose(row.purpose)
    row.bits = with_bit(row.bits, entry.list_index, value)
    content = StatusListContent(
        list_url=status_list_url(base_url, organisation.slug, purpose, row.number),
        purpose=purpose,
        issuer_did=dids.did_for(organisation.slug),
        bits=row.bits,
        issued_at=now,
    )
    row.document = status_lists.issue(content, organisation.keys[-1].to_domain())
    row.updated_at = now


def _award_in_course(uow: UnitOfWork, award_id: int, course_id: int) -> Award:
    award = uow.session.get(Award, award_id)
    if award is None or award.micro_credential.course_id != course_id or not award.credential:
        raise NotFound("This credential does not exist in this course.")
    return award


def _entries_by_award(
    uow: UnitOfWork, award_ids: list[int]
) -> dict[int, dict[StatusPurpose, StatusEntryRow]]:
    if not award_ids:
        return {}
    found: dict[int, dict[StatusPurpose, StatusEntryRow]] = {}
    for row in uow.session.scalars(
        select(StatusEntryRow).where(StatusEntryRow.award_id.in_(award_ids))
    ):
        found.setdefault(row.award_id, {})[StatusPurpose(row.purpose)] = row
    return found


def _status(award: Award, entries: dict[StatusPurpose, StatusEntryRow]) -> StatusView:
    revocation = entries.get(StatusPurpose.REVOCATION)
    suspension = entries.get(StatusPurpose.SUSPENSION)
    if award.state == AwardState.REVOKED.value or (revocation and revocation.set_at):
        return StatusView(CredentialStatus.REVOKED, revocation.set_at if revocation else None)
    if suspension is not None and suspension.set_at is not None:
        return StatusView(CredentialStatus.SUSPENDED, suspension.set_at)
    return StatusView(CredentialStatus.ACTIVE)


def _issued_view(award: Award, entries: dict[StatusPurpose, StatusEntryRow]) -> IssuedAwardView:
    return IssuedAwardView(
        id=award.id,
        title=award.micro_credential.title,
        learner_name=award.person.name,
        credential_id=award.credential.credential_id,
        issued_at=award.credential.issued_at,
        status=_status(award, entries),
        has_status_list=bool(entries),
        can_suspend=StatusPurpose.SUSPENSION in entries,
    )
