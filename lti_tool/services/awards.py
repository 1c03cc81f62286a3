"""Use cases of a learner: see their awards, claim one (which issues it), download it."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_tool.domain.credentials import AwardState, CredentialContent
from lti_tool.domain.errors import Conflict, NotFound
from lti_tool.domain.status import MIN_LIST_ENTRIES, StatusEntry
from lti_tool.models import Award, IssuedCredential, MicroCredentialRow
from lti_tool.services import audit
from lti_tool.services.endorsements import achievement_id, awarding_bodies, ensure_endorsements
from lti_tool.services.organisations import ensure_signing_key
from lti_tool.services.ports import (
    Clock,
    CredentialIssuer,
    DidDocuments,
    ScoreReporter,
    StatusListIssuer,
)
from lti_tool.services.reporting import report_issued
from lti_tool.services.revocation import StatusView, award_statuses
from lti_tool.services.status import ensure_status_entries
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class AwardView:
    """An award as the learner sees it."""

    id: int
    title: str
    description: str
    learning_outcomes: tuple[str, ...]
    state: AwardState
    grade: str | None
    granted_at: datetime
    issuer_name: str
    status: StatusView  # of its credential: active, suspended (since …) or revoked (on …)


@dataclass(frozen=True)
class IssuedDocument:
    """A signed credential and the file name to download it under."""

    document: dict
    filename: str


def learner_awards(person_id: int, course_id: int, *, uow: UnitOfWork) -> list[AwardView]:
    """The learner's awards from this course, newest first."""
    with uow:
        rows = uow.session.scalars(
            select(Award)
            .join(MicroCredentialRow)
            .where(
                Award.person_id == person_id,
                MicroCredentialRow.course_id == course_id,
                Award.state != AwardState.REJECTED.value,
            )
            .order_by(Award.granted_at.desc(), Award.id.desc())
        ).all()
        statuses = award_statuses(uow, rows)
        return [_view(row, statuses[row.id]) for row in rows]


def claim_award(
    award_id: int,
    *,
    person_id: int,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    status_lists: StatusListIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
    scores: ScoreReporter,
    status_list_size: int = MIN_LIST_ENTRIES,
) -> IssuedDocument:
    """Issue the award's credential, once: claiming again returns the same document.

    The credential gets its status entries (revocation; suspension where the organisation opted
    in), allocated first (see services/status.py). A fresh issuance is then reported to the
    course's gradebook column, if it has one. Raises NotFound for someone else's award and
    Conflict for a revoked one.
    """
    with uow:
        award = _award_of(uow, award_id, person_id)
        if award.credential is not None:
            return _document(award)
        if award.state == AwardState.REVOKED:
            raise Conflict("This award was revoked, so it can no longer be claimed.")
        if award.state == AwardState.PENDING:
            raise Conflict("Your teacher has not approved this award yet; try again later.")
        if award.state == AwardState.REJECTED:
            raise NotFound("This award does not exist.")
    entries = ensure_status_entries(
        award_id,
        uow=uow,
        issuer=issuer,
        status_lists=status_lists,
        dids=dids,
        clock=clock,
        base_url=base_url,
        list_size=status_list_size,
    )
    with uow:
        award = _award_of(uow, award_id, person_id)
        if award.credential is not None:
            return _document(award)
        organisation = award.micro_credential.course.organisation
        key = ensure_signing_key(organisation, uow=uow, issuer=issuer, clock=clock)
        endorsements = ensure_endorsements(
            award.micro_credential,
            uow=uow,
            issuer=issuer,
            dids=dids,
            clock=clock,
            base_url=base_url,
        )
        now = clock()
        content = _content(
            uow,
            award,
            now,
            dids=dids,
            base_url=base_url,
            entries=entries,
            endorsements=endorsements,
        )
        document = issuer.issue(content, key.to_domain())
        award.credential = IssuedCredential(
            credential_id=content.credential_id, document=document, issued_at=now
        )
        award.state = AwardState.ISSUED.value
        course_id = award.micro_credential.course_id
        audit.record(uow, course_id, award.id, "issued", now, actor_person_id=person_id)
        try:
            uow.commit()
        except IntegrityError:
            # Another request claimed this award at the same moment: its credential stands.
            uow.session.rollback()
            award = _award_of(uow, award_id, person_id)
            if award.credential is None:
                raise Conflict("The award is being issued right now; reload in a moment.") from None
            return _document(award)
        issued = _document(award)
    report_issued(award_id, uow=uow, scores=scores)
    return issued


def _content(
    uow: UnitOfWork,
    award: Award,
    now: datetime,
    *,
    dids: DidDocuments,
    base_url: str,
    entries: tuple[StatusEntry, ...],
    endorsements: tuple[dict, ...] = (),
) -> CredentialContent:
    definition = award.micro_credential
    bodies = awarding_bodies(uow, definition, dids=dids, base_url=base_url)
    return CredentialContent(
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        achievement_id=achievement_id(base_url, definition.id),
        micro_credential=definition.to_domain(awarding_bodies=bodies),
        issuer=bodies[0],
        co_issuers=bodies[1:],
        learner_name=award.person.name,
        issued_at=now,
        awarded_at=award.granted_at,
        grade=award.grade,
        status_entries=entries,
        endorsements=endorsements,
    )


def issued_document(award_id: int, *, person_id: int, uow: UnitOfWork) -> IssuedDocument:
    """The signed credential of a claimed award; raises NotFound if it is not issued."""
    with uow:
        award = _award_of(uow, award_id, person_id)
        if award.credential is None:
            raise NotFound("This award has not been claimed yet; claim it first.")
        return _document(award)


def _award_of(uow: UnitOfWork, award_id: int, person_id: int) -> Award:
    award = uow.session.get(Award, award_id)
    if award is None or award.person_id != person_id:
        raise NotFound("This award does not exist or is not yours.")
    return award


def _document(award: Award) -> IssuedDocument:
    slug = "".join(c if c.isalnum() else "-" for c in award.micro_credential.title.lower())
    return IssuedDocument(
        document=award.credential.document,
        filename=f"{slug.strip('-') or 'micro-credential'}-{award.id}.json",
    )


def _view(row: Award, status: StatusView) -> AwardView:
    definition = row.micro_credential
    return AwardView(
        id=row.id,
        title=definition.title,
        description=definition.description,
        learning_outcomes=tuple(definition.learning_outcomes),
        state=AwardState(row.state),
        grade=row.grade,
        granted_at=row.granted_at,
        issuer_name=definition.course.organisation.name,
        status=status,
    )
