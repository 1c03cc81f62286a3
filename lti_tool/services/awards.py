"""Use cases of a learner: see their awards, claim one (which issues it), download it; and the
issuing itself, which a teacher's job does for a whole cohort."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_tool.domain.credentials import AwardState, CredentialContent
from lti_tool.domain.errors import Conflict, DomainError, NotFound
from lti_tool.domain.keys import SigningKey
from lti_tool.domain.status import MIN_LIST_ENTRIES, StatusEntry
from lti_tool.models import Award, IssuedCredential, MicroCredentialRow
from lti_tool.services import audit
from lti_tool.services.definitions import badge_url
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
    """Issue the learner's award's credential, once: claiming again returns the same document.

    Raises NotFound for someone else's award or a rejected one, Conflict for a revoked one or
    one awaiting approval.
    """
    with uow:
        award = _award_of(uow, award_id, person_id)
        if award.credential is None:
            _ensure_issuable(award)
    issue_awards(
        [award_id],
        actor_person_id=person_id,
        uow=uow,
        issuer=issuer,
        status_lists=status_lists,
        dids=dids,
        clock=clock,
        base_url=base_url,
        scores=scores,
        status_list_size=status_list_size,
    )
    with uow:
        return _document(_award_of(uow, award_id, person_id))


@dataclass(frozen=True)
class Issuing:
    """What issuing some awards did: those it signed, and those it refused, with why."""

    issued: tuple[int, ...]
    refused: tuple[tuple[int, str], ...] = ()


def issue_awards(
    award_ids: Sequence[int],
    *,
    actor_person_id: int | None,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    status_lists: StatusListIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
    scores: ScoreReporter,
    status_list_size: int = MIN_LIST_ENTRIES,
) -> Issuing:
    """Sign the credential of each of these awards that has none, in one transaction: one
    award for a learner's claim, a part of a cohort for a teacher's job.

    `actor_person_id` is who acted, for the audit log. Each credential gets its status entries
    (revocation; suspension where the organisation opted in), allocated first (see
    services/status.py). Awards revoked, awaiting approval or rejected are refused, with why.
    Fresh issuances are then reported to the course's gradebook column, if it has one.
    """
    with uow:
        waiting, refused = [], []
        for award in _awards(uow, award_ids):
            try:
                _ensure_issuable(award)
                waiting.append(award.id)
            except DomainError as refusal:
                refused.append((award.id, refusal.message))
    if not waiting:
        return Issuing((), tuple(refused))
    entries = ensure_status_entries(
        waiting,
        uow=uow,
        issuer=issuer,
        status_lists=status_lists,
        dids=dids,
        clock=clock,
        base_url=base_url,
        list_size=status_list_size,
    )
    for _attempt in range(2):
        with uow:
            signing = _Signing(uow, issuer=issuer, dids=dids, clock=clock, base_url=base_url)
            signed = []
            with uow.session.no_autoflush:  # sign first: the write lock is held from the writes
                for award in _awards(uow, waiting):
                    content = signing.content(award, clock(), entries[award.id])
                    signed.append((award, content, issuer.issue(content, signing.key(award))))
            for award, content, document in signed:
                award.credential = IssuedCredential(
                    credential_id=content.credential_id,
                    document=document,
                    issued_at=content.issued_at,
                )
                award.state = AwardState.ISSUED.value
                audit.record(
                    uow,
                    award.micro_credential.course_id,
                    award.id,
                    "issued",
                    content.issued_at,
                    actor_person_id=actor_person_id,
                )
            issued = [award.id for award, _, _ in signed]
            try:
                uow.commit()
                break
            except IntegrityError:
                # Another request issued one of them at this moment: its credential stands, and
                # the others are signed again without it.
                uow.session.rollback()
    else:
        raise Conflict("These awards are being issued right now; reload in a moment.")
    report_issued(issued, uow=uow, scores=scores)
    return Issuing(tuple(issued), tuple(refused))


def _awards(uow: UnitOfWork, award_ids: Sequence[int]) -> list[Award]:
    """Those of the awards that have no credential yet."""
    return list(
        uow.session.scalars(
            select(Award)
            .outerjoin(IssuedCredential)
            .where(Award.id.in_(award_ids), IssuedCredential.id.is_(None))
            .order_by(Award.id)
        )
    )


@dataclass
class _Signing:
    """What every credential of a micro-credential shares, found once per issuing: its
    awarding bodies, their endorsements and the lead's signing key."""

    uow: UnitOfWork
    issuer: CredentialIssuer
    dids: DidDocuments
    clock: Clock
    base_url: str
    _shared: dict[int, tuple] = field(default_factory=dict)

    def content(
        self, award: Award, now: datetime, entries: tuple[StatusEntry, ...]
    ) -> CredentialContent:
        micro_credential, bodies, endorsements, _ = self._of(award)
        return CredentialContent(
            credential_id=f"urn:uuid:{uuid.uuid4()}",
            achievement_id=achievement_id(self.base_url, award.micro_credential_id),
            micro_credential=micro_credential,
            issuer=bodies[0],
            co_issuers=bodies[1:],
            learner_name=award.person.name,
            issued_at=now,
            awarded_at=award.granted_at,
            grade=award.grade,
            status_entries=entries,
            endorsements=endorsements,
            image_url=(
                badge_url(self.base_url, award.micro_credential.badge_digest)
                if award.micro_credential.badge_digest
                else None
            ),
        )

    def key(self, award: Award) -> SigningKey:
        return self._of(award)[3]

    def _of(self, award: Award) -> tuple:
        definition = award.micro_credential
        if definition.id not in self._shared:
            uow, issuer, dids, clock = self.uow, self.issuer, self.dids, self.clock
            organisation = definition.course.organisation
            key = ensure_signing_key(organisation, uow=uow, issuer=issuer, clock=clock)
            endorsements = ensure_endorsements(
                definition, uow=uow, issuer=issuer, dids=dids, clock=clock, base_url=self.base_url
            )
            bodies = awarding_bodies(uow, definition, dids=dids, base_url=self.base_url)
            self._shared[definition.id] = (
                definition.to_domain(awarding_bodies=bodies),
                bodies,
                endorsements,
                key.to_domain(),
            )
        return self._shared[definition.id]


def _ensure_issuable(award: Award) -> None:
    if award.state == AwardState.REVOKED:
        raise Conflict("This award was revoked, so it can no longer be claimed.")
    if award.state == AwardState.PENDING:
        raise Conflict("Your teacher has not approved this award yet; try again later.")
    if award.state == AwardState.REJECTED:
        raise NotFound("This award does not exist.")


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
