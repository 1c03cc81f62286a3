"""Status lists: a credential's entries, allocated when it is issued, and the published lists.

Entries are allocated in a transaction of their own, committed before the credential is signed
(docs/decisions/0007-status-lists.md): a clash with a concurrent issuing (the same random index,
the same new list, the same award claimed twice) is then retried from the start, on SQLite and
PostgreSQL alike, and never undoes the issuing itself. An award keeps its entries, so a
claim that fails after allocating uses them again next time.
"""

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_tool.domain.errors import NotFound, Unavailable
from lti_tool.domain.status import (
    MIN_LIST_ENTRIES,
    PURPOSES,
    PublishedStatusList,
    StatusEntry,
    StatusListContent,
    StatusPurpose,
    empty_bits,
    first_free,
    purposes_for,
    random_free_index,
    random_indexes,
)
from lti_tool.models import Award, Organisation, StatusEntryRow, StatusListRow
from lti_tool.services.organisations import ensure_signing_key
from lti_tool.services.ports import Clock, CredentialIssuer, DidDocuments, StatusListIssuer
from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
_MAX_NUMBER_DIGITS = 9


@dataclass(frozen=True)
class _Allocating:
    """What allocating needs besides the database: signing of new lists, names, time."""

    issuer: CredentialIssuer
    status_lists: StatusListIssuer
    dids: DidDocuments
    clock: Clock
    base_url: str
    list_size: int


@dataclass(frozen=True)
class ServedStatusList:
    """A signed status list credential as served, with a tag that changes when it changes."""

    document: dict
    etag: str
    updated_at: datetime


def status_list_url(base_url: str, slug: str, purpose: StatusPurpose, number: int) -> str:
    """The stable URL of an organisation's list, served by pages/routes.py."""
    return f"{base_url}/orgs/{slug}/status/{purpose.value}/{number}"


def ensure_status_entries(
    award_ids: Sequence[int],
    *,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    status_lists: StatusListIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
    list_size: int = MIN_LIST_ENTRIES,
) -> dict[int, tuple[StatusEntry, ...]]:
    """Each award's entries, allocated where it has none yet and committed together: a
    revocation entry, and a suspension entry when its organisation opted in (`purposes_for`).

    Each index is drawn at random among the free ones of the organisation's newest list of that
    purpose; a full list is followed by a new one of `list_size` entries, signed at once.
    Raises Unavailable when clashes with concurrent issuings go on for `MAX_ATTEMPTS` tries.
    """
    allocating = _Allocating(issuer, status_lists, dids, clock, base_url, list_size)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with uow:
            try:
                entries = {award_id: _allocate(uow, award_id, allocating) for award_id in award_ids}
                uow.commit()
                return entries
            except IntegrityError:
                log.info(
                    "status entry clash; trying again",
                    extra={"awards": len(award_ids), "attempt": attempt},
                )
    raise Unavailable("Too many credentials are being issued at this moment; try again.")


def published_status_list(
    slug: str, purpose: str, number: int, *, uow: UnitOfWork
) -> ServedStatusList:
    """The signed list at /orgs/<slug>/status/<purpose>/<number>; raises NotFound."""
    with uow:
        row = _list_row(uow, slug, purpose, number)
        if row is None:
            raise NotFound("No status list has this address.")
        return ServedStatusList(
            document=copy.deepcopy(row.document),
            etag=f"{row.id}-{row.revision}",
            updated_at=row.updated_at,
        )


def hosted_status_list(
    url: str, index: int, *, uow: UnitOfWork, base_url: str
) -> PublishedStatusList | None:
    """A list this deployment publishes, read from the database (no HTTP to ourselves), with
    the time entry `index` was set; None for any other URL."""
    prefix = f"{base_url}/orgs/"
    parts = url.removeprefix(prefix).split("/") if url.startswith(prefix) else []
    if len(parts) != 4 or parts[1] != "status" or not _is_number(parts[3]):
        return None
    with uow:
        row = _list_row(uow, parts[0], parts[2], int(parts[3]))
        if row is None:
            return None
        set_at = uow.session.scalar(
            select(StatusEntryRow.set_at).where(
                StatusEntryRow.status_list_id == row.id, StatusEntryRow.list_index == index
            )
        )
        return PublishedStatusList(document=copy.deepcopy(row.document), entry_set_at=set_at)


def entry_of(row: StatusEntryRow, *, base_url: str) -> StatusEntry:
    """The domain entry of a stored one (its list's URL and the index)."""
    status_list = row.status_list
    return StatusEntry(
        purpose=StatusPurpose(row.purpose),
        list_url=status_list_url(
            base_url,
            status_list.organisation.slug,
            StatusPurpose(status_list.purpose),
            status_list.number,
        ),
        index=row.list_index,
    )


def _allocate(uow: UnitOfWork, award_id: int, allocating: _Allocating) -> tuple[StatusEntry, ...]:
    rows = {
        row.purpose: row
        for row in uow.session.scalars(
            select(StatusEntryRow).where(StatusEntryRow.award_id == award_id)
        )
    }
    award = uow.session.get(Award, award_id)
    if award is None:
        raise NotFound("This award does not exist.")
    organisation = award.micro_credential.course.organisation
    wanted = purposes_for(suspendable=organisation.suspendable_credentials)
    for purpose in PURPOSES:  # always in this order: see PURPOSES
        if purpose in wanted and purpose.value not in rows:
            rows[purpose.value] = _new_entry(uow, organisation, award_id, purpose, allocating)
    return tuple(
        entry_of(rows[purpose.value], base_url=allocating.base_url)
        for purpose in PURPOSES
        if purpose.value in rows
    )


def _new_entry(
    uow: UnitOfWork,
    organisation: Organisation,
    award_id: int,
    purpose: StatusPurpose,
    allocating: _Allocating,
) -> StatusEntryRow:
    newest = uow.session.scalars(
        select(StatusListRow)
        .where(
            StatusListRow.organisation_id == organisation.id,
            StatusListRow.purpose == purpose.value,
        )
        .order_by(StatusListRow.number.desc())
        .limit(1)
    ).first()
    index = _free_index(uow, newest) if newest is not None else None
    if index is None:
        number = newest.number + 1 if newest is not None else 1
        newest = _new_list(uow, organisation, purpose, number, allocating)
        index = _free_index(uow, newest)
    row = StatusEntryRow(
        status_list=newest, list_index=index, award_id=award_id, purpose=purpose.value
    )
    uow.session.add(row)
    uow.session.flush()
    return row


def _free_index(uow: UnitOfWork, status_list: StatusListRow) -> int | None:
    """A free index drawn uniformly at random, or None when the list is full.

    A few random draws are checked in one query; only when all are taken (a list more than
    about nine tenths full) are all taken indexes read.
    """
    candidates = random_indexes(status_list.size)
    in_list = StatusEntryRow.status_list_id == status_list.id
    taken = set(
        uow.session.scalars(
            select(StatusEntryRow.list_index).where(
                in_list, StatusEntryRow.list_index.in_(set(candidates))
            )
        )
    )
    index = first_free(candidates, taken)
    if index is not None:
        return index
    every_taken = set(uow.session.scalars(select(StatusEntryRow.list_index).where(in_list)))
    return random_free_index(status_list.size, every_taken)


def _new_list(
    uow: UnitOfWork,
    organisation: Organisation,
    purpose: StatusPurpose,
    number: int,
    allocating: _Allocating,
) -> StatusListRow:
    """A new, empty list, signed now so that it can be served as soon as it is committed."""
    key = ensure_signing_key(
        organisation, uow=uow, issuer=allocating.issuer, clock=allocating.clock
    )
    now = allocating.clock()
    bits = empty_bits(allocating.list_size)
    content = StatusListContent(
        list_url=status_list_url(allocating.base_url, organisation.slug, purpose, number),
        purpose=purpose,
        issuer_did=allocating.dids.did_for(organisation.slug),
        bits=bits,
        issued_at=now,
    )
    row = StatusListRow(
        organisation=organisation,
        purpose=purpose.value,
        number=number,
        size=allocating.list_size,
        bits=bits,
        document=allocating.status_lists.issue(content, key.to_domain()),
        updated_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    return row


def _list_row(uow: UnitOfWork, slug: str, purpose: str, number: int) -> StatusListRow | None:
    if purpose not in {p.value for p in StatusPurpose}:
        return None
    return uow.session.scalars(
        select(StatusListRow)
        .join(Organisation, StatusListRow.organisation_id == Organisation.id)
        .where(
            Organisation.slug == slug,
            StatusListRow.purpose == purpose,
            StatusListRow.number == number,
        )
    ).first()


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= _MAX_NUMBER_DIGITS
