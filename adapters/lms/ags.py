"""Results from LTI Assignment and Grade Services (AGS 2.0), read with pylti1p3.

https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.service_connector import ServiceConnector

from adapters.lti import claims
from adapters.lti.keys import public_pem_of
from adapters.lti.stores import AccessTokenCache, RegistrationLookup, ToolKeyLookup
from adapters.lti.tool_conf import to_pylti_registration
from adapters.sealing import KeySealer
from lti_tool.domain.errors import InvalidInput, ServiceUnavailable
from lti_tool.domain.results import Result, ResultSource

# Refresh an access token this long before the platform says it expires.
_TOKEN_MARGIN_SECONDS = 30


class AgsResultFeed:
    """Reads the results of a line item from the platform that launched the course."""

    def __init__(
        self,
        *,
        registrations: RegistrationLookup,
        tool_keys: ToolKeyLookup,
        sealer: KeySealer,
        session: requests.Session,
        tokens: AccessTokenCache,
    ):
        self._registrations = registrations
        self._tool_keys = tool_keys
        self._sealer = sealer
        self._session = session
        self._tokens = tokens

    def results(
        self, *, issuer: str, client_id: str, lineitem_url: str, scopes: Sequence[str]
    ) -> list[Result]:
        """Every result on the line item; raises ServiceUnavailable when the platform fails."""
        if claims.AGS_SCOPE_RESULT_READONLY not in scopes:
            raise InvalidInput(
                "The platform did not grant this tool access to results. Ask your administrator "
                "to allow the tool to use Assignment and Grade Services."
            )
        registration = self._registrations.find(issuer, client_id)
        if registration is None:
            raise InvalidInput("This course's platform is no longer registered with the tool.")
        key = self._tool_keys.signing_key()
        private_pem = self._sealer.unseal(key.sealed_private_key).decode()
        pylti_registration = to_pylti_registration(registration, private_pem)
        pylti_registration.set_tool_public_key(public_pem_of(private_pem))
        connector = _CachedTokenConnector(pylti_registration, self._session, self._tokens)
        service = AssignmentsGradesService(
            connector, {"scope": list(scopes), "lineitem": lineitem_url}
        )
        try:
            return [_result_from(item, lineitem_url) for item in service.get_grades()]
        except LtiException as error:
            raise ServiceUnavailable(
                f"The learning platform did not return the results: {error}"
            ) from error
        except requests.RequestException as error:
            raise ServiceUnavailable(
                "The learning platform could not be reached to read results."
            ) from error


def _result_from(item: dict, lineitem_url: str) -> Result:
    try:
        score = Decimal(str(item["resultScore"]))
        maximum = Decimal(str(item.get("resultMaximum", 1)))
    except (KeyError, InvalidOperation) as error:
        raise ServiceUnavailable(
            f"The platform sent a result without a usable score: {error}"
        ) from error
    timestamp = item.get("timestamp")
    return Result(
        learner=str(item["userId"]),
        source=ResultSource.AGS,
        item=lineitem_url,
        score=score,
        maximum=maximum,
        recorded_at=datetime.fromisoformat(timestamp) if timestamp else None,
    )


class _CachedTokenConnector(ServiceConnector):
    """Shares each access token among all workers until shortly before it expires."""

    def __init__(self, registration, session, tokens: AccessTokenCache):
        super().__init__(registration, session)
        self._tokens = tokens

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        return self._tokens.get(scope_key)

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        lifetime = float(expires_in or 0) - _TOKEN_MARGIN_SECONDS
        if lifetime > 0:
            self._tokens.put(scope_key, access_token, lifetime)
