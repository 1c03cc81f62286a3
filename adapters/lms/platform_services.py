"""What every LTI Advantage service call needs: the platform's registration, the tool's key, an
access token shared among workers, service URLs that keep Moodle's `?type_id=`, and paging that
copes with Moodle's Link headers."""

import contextlib
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector

from adapters.lti.stores import AccessTokenCache, RegistrationLookup, ToolKeyLookup
from adapters.lti.tool_conf import signing_registration
from adapters.sealing import KeySealer
from lti_tool.domain.errors import InvalidInput, ServiceUnavailable

# Refresh an access token this long before the platform says it expires.
_TOKEN_MARGIN_SECONDS = 30
# RFC 8288 links; Moodle's AGS writes rel=“next” with curly quotes and &amp; in the URL.
_LINK = re.compile(r"<([^>]*)>\s*;\s*rel\s*=\s*[\"“”']?([^\"“”';,]+)")
_UNREACHABLE = "The learning platform could not be reached; try again in a moment."
_NO_ACCESS = (
    "The learning platform did not give the tool an access token. Ask your administrator to "
    "check the tool's registration."
)


def next_page(link_header: str) -> str | None:
    """The URL of rel="next" in a Link header, in the straight or curly-quoted form.

    HTTP clients decode headers as Latin-1, so Moodle's UTF-8 curly quotes arrive garbled
    ("â€œ"); they are repaired before the header is read.
    """
    link_header = link_header or ""
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):  # else already text
        link_header = link_header.encode("latin-1").decode("utf-8")
    for url, rel in _LINK.findall(link_header):
        if "next" in rel.split():
            return html.unescape(url)
    return None


def with_path(url: str, segment: str) -> str:
    """The URL with `segment` added to its path, before the query: Moodle's line item URLs
    end in `?type_id=N`, which must stay on `…/lineitem/results?type_id=N`."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}/{segment}"))


def with_query(url: str, **params: str | int | None) -> str:
    """The URL with these query parameters set, or removed where None; the others (Moodle's
    `type_id`) are kept."""
    parts = urlsplit(url)
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in params
    ]
    added = [(name, str(value)) for name, value in params.items() if value is not None]
    return urlunsplit(parts._replace(query=urlencode(kept + added)))


@dataclass(frozen=True)
class ServiceAnswer:
    """A platform's answer to a service call, whatever its status: what the caller needs to
    decide what it means (a 409 to a score is no failure)."""

    status: int
    content: bytes
    next_page_url: str | None = None

    @property
    def is_ok(self) -> bool:
        """Whether the status is a success (2xx)."""
        return 200 <= self.status < 300

    def json(self) -> object:
        """The body as JSON, None when empty; raises ValueError when it is not JSON."""
        return json.loads(self.content) if self.content.strip() else None


class PlatformServices:
    """Builds an authorised connection to the platform of one registration."""

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

    def connector(self, issuer: str, client_id: str) -> "SharedTokenConnector":
        """A pylti1p3 connector signing with the tool's current key; raises InvalidInput."""
        registration = self._registrations.find(issuer, client_id)
        if registration is None:
            raise InvalidInput("This course's platform is no longer registered with the tool.")
        signing = signing_registration(
            registration, self._tool_keys.signing_key(), sealer=self._sealer
        )
        return SharedTokenConnector(signing, self._session, self._tokens)


class SharedTokenConnector(ServiceConnector):
    """Shares each access token among all workers until shortly before it expires, and follows
    Link headers however the platform quotes them.

    A token is kept per issuer, client and scopes: pylti1p3 keys it by issuer and scopes only,
    so two registrations on one LMS (two schools, or a re-registration) would share a token.
    """

    def __init__(self, registration: Registration, session, tokens: AccessTokenCache):
        super().__init__(registration, session)
        self._tokens = tokens
        self._refreshing = False

    def _scope_key(self, scopes: Iterable[str]) -> str:
        registration = self._registration
        parts = [registration.get_issuer() or "", registration.get_client_id() or "", *scopes]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        return None if self._refreshing else self._tokens.get(scope_key)

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        lifetime = float(expires_in or 0) - _TOKEN_MARGIN_SECONDS
        if lifetime > 0:
            self._tokens.put(scope_key, access_token, lifetime)

    def make_service_request(self, *args, **kwargs):
        response = super().make_service_request(*args, **kwargs)
        link = {name.lower(): value for name, value in response["headers"].items()}.get("link")
        response["next_page_url"] = next_page(link or "")
        return response

    def send(
        self,
        scopes: Sequence[str],
        method: str,
        url: str,
        *,
        accept: str | None = None,
        body: Mapping[str, object] | None = None,
        content_type: str | None = None,
    ) -> ServiceAnswer:
        """Make one authorised call (any method, unlike pylti1p3's GET and POST only), with
        `body` sent as JSON of `content_type`.

        Returns the answer whatever its status. Raises ServiceUnavailable when the platform
        gives no access token or cannot be reached.
        """
        headers = {}
        if accept:
            headers["Accept"] = accept
        data = None
        if body is not None:
            headers["Content-Type"] = content_type or "application/json"
            data = json.dumps(body).encode()
        response = self._authorised(scopes, method, url, headers=headers, data=data)
        if response.status_code == 401 and not self._refreshing:
            # The shared token may have been revoked before its time: ask once for a new one.
            self._refreshing = True
            try:
                response = self._authorised(scopes, method, url, headers=headers, data=data)
            finally:
                self._refreshing = False
        link = response.headers.get("Link", "")
        return ServiceAnswer(response.status_code, response.content, next_page(link))

    def _authorised(
        self, scopes: Sequence[str], method: str, url: str, *, headers: dict, data: bytes | None
    ) -> requests.Response:
        try:
            token = self.get_access_token(scopes)
        except (LtiException, KeyError, TypeError) as error:  # refused, or no access_token
            raise ServiceUnavailable(_NO_ACCESS) from error
        except requests.RequestException as error:
            raise ServiceUnavailable(_UNREACHABLE) from error
        headers = {**headers, "Authorization": f"Bearer {token}"}
        try:
            return self._requests_session.request(method, url, headers=headers, data=data)
        except requests.RequestException as error:
            raise ServiceUnavailable(_UNREACHABLE) from error

    def pages(self, scopes: list[str], url: str, *, accept: str) -> Iterator[dict]:
        """Each page's body, following rel="next" until there is none."""
        for page in self.get_paginated_data(scopes, url, accept=accept):
            yield page["body"]
