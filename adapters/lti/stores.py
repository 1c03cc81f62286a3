"""What the LTI adapter needs from storage, as Protocols; `lti_tool.wiring` passes the real ones."""

from typing import Protocol

from lti_tool.domain.platforms import PlatformRegistration, ToolKeyPair


class RegistrationLookup(Protocol):
    def find(self, issuer: str, client_id: str | None) -> PlatformRegistration | None:
        """The registration of this issuer and client_id (or the issuer's only one)."""


class LaunchStateStore(Protocol):
    def put(self, key: str, value: dict, ttl_seconds: int) -> None:
        """Keep `value` under `key` for at most `ttl_seconds`."""

    def take(self, key: str) -> dict | None:
        """Remove and return the value, atomically, so that only one caller ever gets it."""

    def peek(self, key: str) -> dict | None:
        """The value if it is still there and unexpired, left in place for `take`."""


class ToolKeyLookup(Protocol):
    def signing_key(self) -> ToolKeyPair:
        """The key the tool signs service requests with now."""


class AccessTokenCache(Protocol):
    def get(self, key: str) -> str | None:
        """A cached access token still valid for this key, if any."""

    def put(self, key: str, token: str, lifetime_seconds: float) -> None:
        """Keep the token for `lifetime_seconds`, for every worker."""
