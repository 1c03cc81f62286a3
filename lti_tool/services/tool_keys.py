"""Use cases about the tool's own LTI keys: make the first one, rotate, publish them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lti_tool.domain.platforms import (
    KEY_ACTIVATION_DELAY,
    KEY_RETIREMENT_DELAY,
    published_keys,
)
from lti_tool.models import ToolKey
from lti_tool.services.ports import Clock, ToolKeys
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class Rotation:
    """A rotation's timeline: the new key signs from `signs_from`; older keys leave the JWKS
    at `old_keys_retired_at`."""

    kid: str
    signs_from: datetime
    old_keys_retired_at: datetime


def ensure_tool_key(*, uow: UnitOfWork, tool_keys: ToolKeys, clock: Clock) -> str:
    """The kid of the tool's first key, making it if there is none."""
    with uow:
        existing = uow.session.scalars(select(ToolKey).limit(1)).first()
        if existing is not None:
            return existing.kid
        return _add_key(uow, tool_keys, clock()).kid


def rotate_tool_key(*, uow: UnitOfWork, tool_keys: ToolKeys, clock: Clock) -> Rotation:
    """Add a new key: published now, signing after the activation delay."""
    with uow:
        now = clock()
        key = _add_key(uow, tool_keys, now)
        signs_from = now + KEY_ACTIVATION_DELAY
        return Rotation(key.kid, signs_from, signs_from + KEY_RETIREMENT_DELAY)


def published_jwks(*, uow: UnitOfWork, tool_keys: ToolKeys, clock: Clock) -> dict:
    """The JWKS at /lti/jwks.json: the signing key, the next one, and keys not yet retired."""
    with uow:
        keys = [row.to_domain() for row in uow.session.scalars(select(ToolKey))]
        return tool_keys.jwks(published_keys(keys, clock()))


def _add_key(uow: UnitOfWork, tool_keys: ToolKeys, now: datetime) -> ToolKey:
    key = tool_keys.new_key(now)
    row = ToolKey(
        kid=key.kid,
        sealed_private_key=key.sealed_private_key,
        public_jwk=key.public_jwk,
        created_at=key.created_at,
    )
    uow.session.add(row)
    uow.commit()
    return row
