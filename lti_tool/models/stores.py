"""Database-backed stores handed to adapters by `lti_tool.wiring` (adapters never see models)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from lti_tool.domain.errors import ServiceUnavailable
from lti_tool.domain.platforms import PlatformRegistration, ToolKeyPair, signing_key
from lti_tool.models.platforms import AccessToken, LaunchState, Platform, ToolKey


class DbRegistrationLookup:
    """Finds a platform registration by issuer and client_id."""

    def __init__(self, session: Session):
        self._session = session

    def find(self, issuer: str, client_id: str | None) -> PlatformRegistration | None:
        query = select(Platform).where(Platform.issuer == issuer)
        if client_id:
            query = query.where(Platform.client_id == client_id)
        rows = self._session.scalars(query.options(selectinload(Platform.deployments))).all()
        # Without a client_id the issuer must be unambiguous.
        return rows[0].to_domain() if len(rows) == 1 else None


class DbLaunchStateStore:
    """Single-use launch state: `take` deletes and returns in one statement.

    Each call commits at once so that a second worker, or a replayed request, sees the state
    gone; it runs before any other work of the request, so no other changes are committed.
    """

    def __init__(self, session: Session):
        self._session = session

    def put(self, key: str, value: dict, ttl_seconds: int) -> None:
        now = datetime.now(UTC)
        self._session.execute(delete(LaunchState).where(LaunchState.expires_at < now))
        self._session.add(
            LaunchState(key=key, value=value, expires_at=now + timedelta(seconds=ttl_seconds))
        )
        self._session.commit()

    def take(self, key: str) -> dict | None:
        statement = (
            delete(LaunchState)
            .where(LaunchState.key == key, LaunchState.expires_at > datetime.now(UTC))
            .returning(LaunchState.value)
        )
        value = self._session.execute(statement).scalar_one_or_none()
        self._session.commit()
        return value


class DbToolKeyLookup:
    """The tool's LTI signing key now, chosen by `domain.platforms.signing_key`."""

    def __init__(self, session: Session):
        self._session = session

    def signing_key(self) -> ToolKeyPair:
        keys = [row.to_domain() for row in self._session.scalars(select(ToolKey))]
        if not keys:
            raise ServiceUnavailable("The tool has no LTI key yet; run `flask lti keys init`.")
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
