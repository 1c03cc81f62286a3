"""HostedDids: the did:web names and DID documents of the organisations this deployment hosts."""

from collections.abc import Sequence

from adapters.credentials.did import did_document, did_web_for
from lti_tool.domain.keys import SigningKey


class HostedDids:
    """Names organisation <slug> did:web:<host>:orgs:<slug>, served at /orgs/<slug>/did.json.

    `base_url` is the tool's public URL; its scheme is dropped, since did:web always means https.
    """

    def __init__(self, base_url: str, *, path_prefix: Sequence[str] = ("orgs",)):
        self._base_url = base_url
        self._path_prefix = tuple(path_prefix)

    def did_for(self, slug: str) -> str:
        """The did:web of the organisation `slug`."""
        return did_web_for(self._base_url, *self._path_prefix, slug)

    def slug_for(self, did: str) -> str | None:
        """The slug of a DID this deployment hosts, or None for any other DID."""
        prefix = did_web_for(self._base_url, *self._path_prefix) + ":"
        slug = did.removeprefix(prefix)
        return slug if did.startswith(prefix) and slug and ":" not in slug else None

    def document(self, did: str, keys: Sequence[SigningKey]) -> dict:
        """The DID document publishing every one of `keys` (see `did.did_document`)."""
        return did_document(did, keys)
