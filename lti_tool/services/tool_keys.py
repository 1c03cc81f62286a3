"""Use cases about the tool's own LTI keys: make the first one, publish them all."""

from sqlalchemy import select

from lti_tool.models import ToolKey
from lti_tool.services.ports import ToolKeys
from lti_tool.services.uow import UnitOfWork


def ensure_tool_key(*, uow: UnitOfWork, tool_keys: ToolKeys) -> str:
    """The kid of the tool's signing key, making one if there is none."""
    with uow:
        existing = uow.session.scalars(select(ToolKey).limit(1)).first()
        if existing is not None:
            return existing.kid
        key = tool_keys.new_key()
        uow.session.add(
            ToolKey(
                kid=key.kid,
                sealed_private_key=key.sealed_private_key,
                public_jwk=key.public_jwk,
            )
        )
        uow.commit()
        return key.kid


def published_jwks(*, uow: UnitOfWork, tool_keys: ToolKeys) -> dict:
    """The JWKS at /lti/jwks.json: every key the tool has, so none in use is missing."""
    with uow:
        keys = [
            row.to_domain() for row in uow.session.scalars(select(ToolKey).order_by(ToolKey.id))
        ]
        return tool_keys.jwks(keys)
