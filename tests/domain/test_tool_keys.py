"""The tool's LTI key timeline: published first, signing after a delay, retired a day later."""

from datetime import UTC, datetime, timedelta

import pytest

from lti_tool.domain.platforms import (
    KEY_ACTIVATION_DELAY,
    KEY_RETIREMENT_DELAY,
    ToolKeyPair,
    published_keys,
    signing_key,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def key(kid: str, created_at: datetime) -> ToolKeyPair:
    return ToolKeyPair(
        kid=kid, sealed_private_key="sealed", public_jwk={"kid": kid}, created_at=created_at
    )


def kids(keys) -> list[str]:
    return [k.kid for k in keys]


def test_the_first_key_signs_at_once():
    first = key("first", T0)
    assert signing_key([first], T0) == first
    assert kids(published_keys([first], T0)) == ["first"]


def test_a_rotated_key_is_published_at_once_and_signs_after_the_delay():
    old, new = key("old", T0), key("new", T0 + timedelta(days=30))
    just_rotated = new.created_at + timedelta(minutes=1)
    assert signing_key([old, new], just_rotated) == old
    assert kids(published_keys([old, new], just_rotated)) == ["old", "new"]
    active = new.created_at + KEY_ACTIVATION_DELAY
    assert signing_key([old, new], active) == new


def test_the_old_key_leaves_the_key_set_a_day_after_its_successor_signs():
    old, new = key("old", T0), key("new", T0 + timedelta(days=30))
    retired = new.created_at + KEY_ACTIVATION_DELAY + KEY_RETIREMENT_DELAY
    assert kids(published_keys([old, new], retired - timedelta(seconds=1))) == ["old", "new"]
    assert kids(published_keys([new, old], retired)) == ["new"]


def test_rotating_twice_in_a_row_keeps_every_key_until_the_newest_has_taken_over():
    keys = [
        key("a", T0),
        key("b", T0 + timedelta(days=1)),
        key("c", T0 + timedelta(days=1, minutes=5)),
    ]
    soon = T0 + timedelta(days=1, minutes=10)
    assert signing_key(keys, soon).kid == "a"
    assert kids(published_keys(keys, soon)) == ["a", "b", "c"]
    later = T0 + timedelta(days=1, hours=2)
    assert signing_key(keys, later).kid == "c"


def test_no_key_means_nothing_to_sign_with():
    assert published_keys([], T0) == []
    with pytest.raises(ValueError, match="no LTI key"):
        signing_key([], T0)
