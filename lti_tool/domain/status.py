"""Revocation and suspension: status lists of bits, the entries credentials hold, the rules.

Each organisation keeps lists per purpose (revocation, suspension) of at least 131,072
entries, the minimum the W3C Bitstring Status List and the 1EdTech validator require so that
one credential's status hides among many (herd privacy). A credential holds one entry, in a
revocation list, at an index chosen at random: Open Badges 3.0 allows one status entry. An
organisation that opts in gives its credentials a second entry, in a suspension list
(docs/decisions/0010-one-status-entry.md). Bit `index` is the left-most bit of byte 0 for
index 0 (most significant bit first); 1 means revoked or suspended. Spec words (encodedList,
BitstringStatusListEntry) stay in adapters/credentials/status_list.py.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import datetime

from lti_tool.domain.errors import Conflict

MIN_LIST_ENTRIES = 131_072  # 16 KiB of bits: https://www.w3.org/TR/vc-bitstring-status-list/
RANDOM_TRIES = 32  # random picks checked at once before every free index is listed


class StatusPurpose(enum.StrEnum):
    """What a set bit in a list means."""

    REVOCATION = "revocation"  # final
    SUSPENSION = "suspension"  # until reinstated


# Entries are allocated in this order, always, so that two issuings never wait on each other's
# new lists in opposite orders (a deadlock on PostgreSQL).
PURPOSES = (StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)


def purposes_for(*, suspendable: bool) -> tuple[StatusPurpose, ...]:
    """The entries a new credential gets: revocation always, suspension when opted in."""
    return PURPOSES if suspendable else (StatusPurpose.REVOCATION,)


class CredentialStatus(enum.StrEnum):
    """Where an issued credential stands, as its status lists say."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class StatusAction(enum.StrEnum):
    """What a teacher or administrator may do to an issued credential."""

    REVOKE = "revoke"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"


@dataclass(frozen=True)
class StatusEntry:
    """A credential's place in one status list: which list (its URL), which bit."""

    purpose: StatusPurpose
    list_url: str
    index: int


@dataclass(frozen=True)
class StatusListContent:
    """Everything one signed status list credential states, for an adapter to sign.

    `issuer_did` must be the DID that issued the credentials the list covers: verifiers refuse
    a list signed by anyone else.
    """

    list_url: str
    purpose: StatusPurpose
    issuer_did: str
    bits: bytes
    issued_at: datetime  # timezone-aware: when this version of the list was made


@dataclass(frozen=True)
class PublishedStatusList:
    """A signed status list credential as this deployment publishes it, and for one entry of it
    the time its bit was set (None when it is not set, or not known)."""

    document: dict
    entry_set_at: datetime | None = None


@dataclass(frozen=True)
class StatusChange:
    """What a status action changes: the list of `purpose` gets its bit set to `value`."""

    purpose: StatusPurpose
    value: bool
    status_after: CredentialStatus


def change_for(action: StatusAction, current: CredentialStatus) -> StatusChange:
    """The bit to change for `action` on a credential that is `current`.

    Raises Conflict when the action does not apply: revoking is final, so nothing follows it;
    only a suspended credential can be reinstated, and suspending twice is refused.
    """
    if current == CredentialStatus.REVOKED:
        raise Conflict("This credential is revoked; revoking is final.")
    if action == StatusAction.REVOKE:
        return StatusChange(StatusPurpose.REVOCATION, True, CredentialStatus.REVOKED)
    if action == StatusAction.SUSPEND:
        if current == CredentialStatus.SUSPENDED:
            raise Conflict("This credential is suspended already.")
        return StatusChange(StatusPurpose.SUSPENSION, True, CredentialStatus.SUSPENDED)
    if current != CredentialStatus.SUSPENDED:
        raise Conflict("Only a suspended credential can be reinstated.")
    return StatusChange(StatusPurpose.SUSPENSION, False, CredentialStatus.ACTIVE)


def empty_bits(size: int) -> bytes:
    """A list of `size` entries, none set; raises ValueError unless size is a positive multiple
    of 8 (a list is whole bytes)."""
    if size <= 0 or size % 8:
        raise ValueError(f"A status list needs a positive multiple of 8 entries, not {size}.")
    return bytes(size // 8)


def bit_at(bits: bytes, index: int) -> bool:
    """Whether entry `index` is set; raises IndexError outside the list."""
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"Entry {index} is outside a list of {len(bits) * 8} entries.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit(bits: bytes, index: int, value: bool) -> bytes:
    """A copy of `bits` with entry `index` set to `value`; raises IndexError outside the list."""
    bit_at(bits, index)
    changed = bytearray(bits)
    mask = 0x80 >> (index % 8)
    if value:
        changed[index // 8] |= mask
    else:
        changed[index // 8] &= ~mask & 0xFF
    return bytes(changed)


def random_indexes(size: int, count: int = RANDOM_TRIES) -> list[int]:
    """`count` indexes drawn uniformly at random from a list of `size` entries (secrets)."""
    return [secrets.randbelow(size) for _ in range(count)]


def first_free(candidates: Iterable[int], taken: Set[int]) -> int | None:
    """The first candidate not taken, or None.

    Of random candidates, the first free one is uniformly distributed among the free indexes
    (rejection sampling), whatever the list holds.
    """
    return next((index for index in candidates if index not in taken), None)


def random_free_index(size: int, taken: Set[int]) -> int | None:
    """An index drawn uniformly at random among those of `size` not `taken`; None when full."""
    free = size - sum(1 for index in taken if 0 <= index < size)
    if free <= 0:
        return None
    rank = secrets.randbelow(free)
    for index in range(size):
        if index in taken:
            continue
        if rank == 0:
            return index
        rank -= 1
    return None  # unreachable: `rank` < the number of free indexes
