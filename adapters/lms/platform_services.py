"""What every LTI Advantage service call needs: the platform's registration, the tool's key, an
access token shared among workers, and paging that copes with Moodle's Link headers."""

import contextlib
import html
import re
from collections.abc import Iterator

import requests
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector

from adapters.lti.stores import AccessTokenCache, RegistrationLookup, ToolKeyLookup
from adapters.lti.tool_conf import signing_registration
from adapters.sealing import KeySealer
from lti_tool.domain.errors import InvalidInput

# Refresh an access token this long before the platform says it expires.
_TOKEN_MARGIN_SECONDS = 30
# RFC 8288 links; Moodle's AGS writes rel=“next” with curly quotes and &amp; in the URL.
_LINK = re.compile(r"<([^>]*)>\s*;\s*rel\s*=\s*[\"“”']?([^\"“”';,]+)")


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
    Link headers however the platform quotes them."""

    def __init__(self, registration: Registration, session, tokens: AccessTokenCache):
        super().__init__(registration, session)
        self._tokens = tokens

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        return self._tokens.get(scope_key)

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        lifetime = float(expires_in or 0) - _TOKEN_MARGIN_SECONDS
        if lifetime > 0:
            self._tokens.put(scope_key, access_token, lifetime)

    def make_service_request(self, *args, **kwargs):
        response = super().make_service_request(*args, **kwargs)
        link = {name.lower(): value for name, value in response["headers"].items()}.get("link")
        response["next_page_url"] = next_page(link or "")
        return response

    def pages(self, scopes: list[str], url: str, *, accept: str) -> Iterator[dict]:
        """Each page's body, following rel="next" until there is none."""
        for page in self.get_paginated_data(scopes, url, accept=accept):
            yield page["body"]
