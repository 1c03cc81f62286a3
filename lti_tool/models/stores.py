"""Database-backed stores handed to adapters by `lti_tool.wiring` (adapters never see models)."""

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from lti_tool.domain.errors import Unavailable
from lti_tool.domain.platforms import PlatformRegistration, ToolKeyPair, signing_key
from lti_tool.models.platforms import AccessToken, Deployment, LaunchState, Platform, ToolKey

# The statements of every login and launch, built once (building one cost more than running
# it) over plain tables (a statement over mapped classes costs twice as much to run).
_PLATFORMS = Platform.__table__
_DEPLOYMENTS = Deployment.__table__
_REGISTRATIONS_OF_ISSUER = (
    select(
        _PLATFORMS.c.id,
        _PLATFORMS.c.issuer,
        _PLATFORMS.c.client_id,
        _PLATFORMS.c.auth_login_url,
        _PLATFORMS.c.auth_token_url,
        _PLATFORMS.c.key_set_url,
        _DEPLOYMENTS.c.deployment_id,
    )
    .outerjoin(_DEPLOYMENTS, _DEPLOYMENTS.c.platform_id == _PLATFORMS.c.id)
    .where(_PLATFORMS.c.issuer == bindparam("issuer"))
)
_REGISTRATION = _REGISTRATIONS_OF_ISSUER.where(_PLATFORMS.c.client_id == bindparam("client_id"))
_PLATFORM_OF_CLIENT = select(_PLATFORMS.c.id, _PLATFORMS.c.organisation_id).where(
    _PLATFORMS.c.issuer == bindparam("issuer"), _PLATFORMS.c.client_id == bindparam("client_id")
)
_STATES = LaunchState.__table__
_PUT_STATE = insert(_STATES).values(
    key=bindparam("key"), value=bindparam("value"), expires_at=bindparam("expires_at")
)
_TAKE_STATE = (
    delete(_STATES)
    .where(_STATES.c.key == bindparam("key"), _STATES.c.expires_at > bindparam("now"))
    .returning(_STATES.c.value)
)
_PEEK_STATE = select(_STATES.c.value).where(
    _STATES.c.key == bindparam("key"), _STATES.c.expires_at > bindparam("now")
)
_PURGE_STATES = delete(_STATES).where(_STATES.c.expires_at < bindparam("now"))


def platform_and_organisation(session: Session, issuer: str, client_id: str) -> tuple[int, int]:
    """The ids of the registered platform of this issuer and client, and of its organisation."""
    found = session.execute(_PLATFORM_OF_CLIENT, {"issuer": issuer, "client_id": client_id})
    platform_id, organisation_id = found.one()
    return platform_id, organisation_id


class DbRegistrationLookup:
    """Finds a platform registration by issuer and client_id, in one query of plain columns."""

    def __init__(self, session: Session):
        self._session = session

    def find(self, issuer: str, client_id: str | None) -> PlatformRegistration | None:
        if client_id:
            query = _REGISTRATION, {"issuer": issuer, "client_id": client_id}
        else:
            query = _REGISTRATIONS_OF_ISSUER, {"issuer": issuer}
        rows = self._session.execute(*query).all()
        # Without a client_id the issuer must be unambiguous.
        if not rows or len({row.id for row in rows}) > 1:
            return None
        first = rows[0]
        return PlatformRegistration(
            issuer=first.issuer,
            client_id=first.client_id,
            auth_login_url=first.auth_login_url,
            auth_token_url=first.auth_token_url,
            key_set_url=first.key_set_url,
            deployment_ids=tuple(row.deployment_id for row in rows if row.deployment_id),
        )


class DbLaunchStateStore:
    """Single-use launch state: `take` deletes and returns in one statement.

    Each call commits at once so that a second worker, or a replayed request, sees the state
    gone; it runs before any other work of the request, so no other changes are committed.
    Expired states are never taken; they are deleted at most once a minute per process, as
    deleting them on every login cost as much as the login itself.
    """

    PURGE_INTERVAL_SECONDS = 60

    def __init__(self, session: Session, *, monotonic: Callable[[], float] = time.monotonic):
        self._session = session
        self._monotonic = monotonic
        self._next_purge = 0.0

    def put(self, key: str, value: dict, ttl_seconds: int) -> None:
        now = datetime.now(UTC)
        if self._monotonic() >= self._next_purge:
            self._next_purge = self._monotonic() + self.PURGE_INTERVAL_SECONDS
            self._session.execute(_PURGE_STATES, {"now": now})
        expires_at = now + timedelta(seconds=ttl_seconds)
        self._session.execute(_PUT_STATE, {"key": key, "value": value, "expires_at": expires_at})
        self._session.commit()

    def take(self, key: str) -> dict | None:
        found = self._session.execute(_TAKE_STATE, {"key": key, "now": datetime.now(UTC)})
        value = found.scalar_one_or_none()
        self._session.commit()
        return value

    def peek(self, key: str) -> dict | None:
        """The value, left in place (a value never changes while it lives); None if expired."""
        found = self._session.execute(_PEEK_STATE, {"key": key, "now": datetime.now(UTC)})
        value = found.scalar_one_or_none()
        self._session.commit()  # ends the read, as every call of this store ends its work
        return value


class DbToolKeyLookup:
    """The tool's LTI signing key now, chosen by `domain.platforms.signing_key`."""

    def __init__(self, session: Session):
        self._session = session

    def signing_key(self) -> ToolKeyPair:
        keys = [row.to_domain() for row in self._session.scalars(select(ToolKey))]
        if not keys:
            raise Unavailable("The tool has no LTI key yet; run `flask lti keys init`.")
        return signing_key(keys, datetime.now(UTC))


class DbAccessTokenCache:
    """Access tokens shared by all workers; a token is served until its expiry time.

    `put` commits at once, like the launch state store: service calls to a platform happen
    before a use case writes anything (see services.results.sync_results), never amid its work.
    """

    def __init__(self, session: Session):
        self._session = session

    def get(self, key: str) -> str | None:
        row = self._session.get(AccessToken, key)
        return row.token if row is not None and row.expires_at > datetime.now(UTC) else None

    def put(self, key: str, token: str, lifetime_seconds: float) -> None:
        expires_at = datetime.now(UTC) + timedelta(seconds=lifetime_seconds)
        self._session.merge(AccessToken(key=key, token=token, expires_at=expires_at))
        self._session.commit()
