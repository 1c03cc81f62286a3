"""StatusListFetcher: status list credentials from this deployment's database or over HTTP(S)."""

import ipaddress
import json
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import requests

from adapters.credentials.errors import CredentialError
from lti_tool.domain.status import PublishedStatusList

MAX_STATUS_LIST_BYTES = 1_000_000
MAX_REDIRECTS = 3
_REDIRECTS = {301, 302, 303, 307, 308}
# VC 2.0's own media type first (https://www.w3.org/TR/vc-data-model-2.0/#vc-ld-media-type).
_ACCEPT = (
    "application/vc, application/vc+ld+json;q=0.9, application/ld+json;q=0.8, "
    "application/json;q=0.7"
)

# Finds a status list this deployment publishes itself, without HTTP: (URL, index) -> the list
# and when that index's bit was set, or None for a list it does not publish.
LocalStatusLists = Callable[[str, int], PublishedStatusList | None]


class StatusListUnavailable(CredentialError):
    """A status list could not be had; the message says why, in a few words."""

    default_message = "the status list could not be fetched"


class StatusListFetcher:
    """Gets status list credentials: this deployment's from its database, others over HTTP(S).

    Over HTTP it follows at most three redirects, each checked like the first address: plain
    http is refused unless `allow_plain_http` (development and tests), and so are hosts on
    private networks, so that a credential cannot make the tool probe them. It reads at most
    `max_bytes`, within `timeout` seconds.
    """

    def __init__(
        self,
        *,
        local_lists: LocalStatusLists,
        session: requests.Session,
        timeout: float = 5,
        max_bytes: int = MAX_STATUS_LIST_BYTES,
        allow_plain_http: bool = False,
    ):
        self._local_lists = local_lists
        self._session = session
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._allow_plain_http = allow_plain_http

    def fetch(self, url: str, index: int) -> PublishedStatusList:
        """The status list credential at `url`; raises StatusListUnavailable saying why not."""
        local = self._local_lists(url, index)
        if local is not None:
            return local
        return PublishedStatusList(document=self._download(url))

    def _download(self, url: str) -> dict:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._refuse_address(current)
            try:
                with self._session.get(
                    current,
                    timeout=self._timeout,
                    stream=True,
                    allow_redirects=False,
                    headers={"Accept": _ACCEPT},
                ) as response:
                    if response.status_code in _REDIRECTS and response.headers.get("Location"):
                        current = urljoin(current, response.headers["Location"])
                        continue
                    if response.status_code != 200:
                        raise StatusListUnavailable(f"HTTP {response.status_code}")
                    body = self._read_limited(response)
            except requests.RequestException:
                raise StatusListUnavailable("its website did not answer") from None
            try:
                document = json.loads(body)
            except (ValueError, RecursionError):
                raise StatusListUnavailable("what it serves is not JSON") from None
            if not isinstance(document, dict):
                raise StatusListUnavailable("what it serves is not a JSON object")
            return document
        raise StatusListUnavailable("it redirects too many times")

    def _refuse_address(self, url: str) -> None:
        parts = urlsplit(url)
        allowed = ("https", "http") if self._allow_plain_http else ("https",)
        if parts.scheme not in allowed:
            raise StatusListUnavailable("its address is not https")
        host = parts.hostname or ""
        if not host or host == "localhost" or host.endswith(".localhost"):
            raise StatusListUnavailable("its address points at this computer")
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return
        if not address.is_global:
            raise StatusListUnavailable("its address is on a private network")

    def _read_limited(self, response: requests.Response) -> bytes:
        body = bytearray()
        for chunk in response.iter_content(chunk_size=16 * 1024):
            body.extend(chunk)
            if len(body) > self._max_bytes:
                raise StatusListUnavailable(f"it is larger than {self._max_bytes // 1000} kB")
        return bytes(body)
