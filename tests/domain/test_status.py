"""Status lists in the domain: bits most significant first, random free indexes, the rules."""

from collections import Counter

import pytest

from lti_tool.domain.errors import Conflict
from lti_tool.domain.status import (
    CredentialStatus,
    StatusAction,
    StatusPurpose,
    bit_at,
    change_for,
    empty_bits,
    first_free,
    random_free_index,
    random_indexes,
    with_bit,
)


def test_index_zero_is_the_leftmost_bit_of_the_first_byte():
    bits = with_bit(empty_bits(16), 0, True)
    assert bits == b"\x80\x00"
    assert with_bit(empty_bits(16), 7, True) == b"\x01\x00"
    assert with_bit(empty_bits(16), 9, True) == b"\x00\x40"
    assert bit_at(bits, 0) and not bit_at(bits, 1)


def test_a_bit_is_cleared_without_touching_its_neighbours():
    bits = b"\xff\xff"
    cleared = with_bit(bits, 3, False)
    assert cleared == b"\xef\xff"
    assert with_bit(cleared, 3, True) == bits


def test_an_index_outside_the_list_is_refused():
    with pytest.raises(IndexError):
        bit_at(empty_bits(8), 8)
    with pytest.raises(IndexError):
        with_bit(empty_bits(8), -1, True)


@pytest.mark.parametrize("size", [0, 7, 12, -8])
def test_a_list_is_a_positive_number_of_whole_bytes(size):
    with pytest.raises(ValueError, match="multiple of 8"):
        empty_bits(size)


def test_the_minimum_list_is_sixteen_kibibytes():
    assert len(empty_bits(131_072)) == 16 * 1024


def test_random_indexes_stay_inside_the_list():
    assert all(0 <= index < 8 for index in random_indexes(8, count=200))


def test_the_first_free_candidate_is_taken():
    assert first_free([5, 3, 7], {5}) == 3
    assert first_free([5, 5], {5}) is None


def test_a_free_index_is_never_a_taken_one_and_none_when_full():
    taken = {0, 1, 2, 4, 5, 6, 7}
    assert {random_free_index(8, taken) for _ in range(20)} == {3}
    assert random_free_index(8, set(range(8))) is None


def test_free_indexes_are_drawn_uniformly():
    taken = {1, 3}
    counts = Counter(random_free_index(6, taken) for _ in range(4000))
    assert set(counts) == {0, 2, 4, 5}
    # 1000 expected each; a fair draw stays well inside these bounds.
    assert all(800 < count < 1200 for count in counts.values()), counts


@pytest.mark.parametrize(
    ("action", "current", "purpose", "value", "after"),
    [
        (StatusAction.REVOKE, "active", StatusPurpose.REVOCATION, True, "revoked"),
        (StatusAction.REVOKE, "suspended", StatusPurpose.REVOCATION, True, "revoked"),
        (StatusAction.SUSPEND, "active", StatusPurpose.SUSPENSION, True, "suspended"),
        (StatusAction.REINSTATE, "suspended", StatusPurpose.SUSPENSION, False, "active"),
    ],
)
def test_each_action_sets_or_clears_one_bit(action, current, purpose, value, after):
    change = change_for(action, CredentialStatus(current))
    assert (change.purpose, change.value, change.status_after) == (
        purpose,
        value,
        CredentialStatus(after),
    )


@pytest.mark.parametrize(
    ("action", "current", "reason"),
    [
        (StatusAction.REINSTATE, "revoked", "final"),
        (StatusAction.SUSPEND, "revoked", "final"),
        (StatusAction.REVOKE, "revoked", "final"),
        (StatusAction.REINSTATE, "active", "Only a suspended credential"),
        (StatusAction.SUSPEND, "suspended", "suspended already"),
    ],
)
def test_revoking_is_final_and_only_a_suspension_is_reinstated(action, current, reason):
    with pytest.raises(Conflict, match=reason):
        change_for(action, CredentialStatus(current))
