"""A pyld document loader that serves only the vendored contexts and never touches the network."""

import base64
import copy
import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from adapters.credentials import terms
from adapters.credentials.errors import RemoteContextError

CONTEXT_DIR = Path(__file__).parent / "contexts"

# Exactly the URLs we resolve; contexts/README.md says where each file comes from.
VENDORED_CONTEXTS: Mapping[str, str] = MappingProxyType(
    {
        terms.VC_V2_CONTEXT: "credentials-v2.jsonld",
        terms.OB3_CONTEXT: "ob-v3p0-context-3.0.3.json",
        terms.OB3_EXTENSIONS_CONTEXT: "ob-v3p0-extensions.json",
        terms.DATA_INTEGRITY_V2_CONTEXT: "data-integrity-v2.jsonld",
        terms.MULTIKEY_V1_CONTEXT: "multikey-v1.jsonld",
        terms.DID_V1_CONTEXT: "did-v1.jsonld",
        terms.BITSTRING_STATUS_LIST_CONTEXT: "vc-bitstring-status-list-v1.jsonld",
        terms.EU_MICROCREDENTIAL_CONTEXT: "eu-microcredential-v1.jsonld",
    }
)

_MAX_URL_IN_MESSAGE = 200


@functools.cache
def _vendored(filename: str) -> dict:
    return json.loads((CONTEXT_DIR / filename).read_text(encoding="utf-8"))


@functools.cache
def context_bytes(url: str) -> bytes:
    """The vendored file of a known context URL, byte for byte as it is published and served.

    Raises RemoteContextError for a URL not shipped here.
    """
    if url not in VENDORED_CONTEXTS:
        raise RemoteContextError(f"Remote contexts are not loaded: {url[:_MAX_URL_IN_MESSAGE]}")
    return (CONTEXT_DIR / VENDORED_CONTEXTS[url]).read_bytes()


def digest_sri(url: str) -> str:
    """The W3C Subresource Integrity digest (sha384) of a vendored context's bytes, which a
    credential pins in `relatedResource` (https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources)."""
    digest = hashlib.new(terms.DIGEST_SRI_ALGORITHM, context_bytes(url)).digest()
    return f"{terms.DIGEST_SRI_ALGORITHM}-{base64.b64encode(digest).decode('ascii')}"


class StaticDocumentLoader:
    """Resolves the known context URLs to local copies; refuses every other URL.

    Call it as pyld calls a loader: `loader(url, options) -> RemoteDocument`. Raises
    RemoteContextError for any URL it does not know, so nothing is ever fetched at run time.
    `extra` adds documents (URL -> parsed JSON), which tests use for the W3C example context.
    """

    def __init__(self, extra: Mapping[str, dict] | None = None):
        self._extra = {url: copy.deepcopy(document) for url, document in (extra or {}).items()}
        self.resolved_contexts = _KnownUrlCache(set(VENDORED_CONTEXTS) | set(self._extra))

    def knows(self, url: str) -> bool:
        """True when `url` is served from a local copy."""
        return url in VENDORED_CONTEXTS or url in self._extra

    def __call__(self, url: str, options: dict | None = None) -> dict:
        """The RemoteDocument pyld expects; raises RemoteContextError for an unknown URL."""
        if url in VENDORED_CONTEXTS:
            document = _vendored(VENDORED_CONTEXTS[url])
        elif url in self._extra:
            document = self._extra[url]
        else:
            shown = url if len(url) <= _MAX_URL_IN_MESSAGE else url[:_MAX_URL_IN_MESSAGE] + "…"
            raise RemoteContextError(f"Remote contexts are not loaded: {shown}")
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            # pyld rewrites context URLs in place, so it gets a copy, never the cached original.
            "document": copy.deepcopy(document),
            # "static" lets pyld keep the processed context in `resolved_contexts` below.
            "tag": "static",
        }

    def extended(self, extra: Mapping[str, dict]) -> "StaticDocumentLoader":
        """A new loader that also serves `extra` (URL -> parsed JSON document)."""
        return StaticDocumentLoader({**self._extra, **extra})


class _KnownUrlCache(dict):
    """pyld's resolved-context cache, holding only the known URLs.

    pyld also caches every inline context a document carries; keeping only known URLs bounds
    memory whatever documents are verified, and keeps pyld's process-wide cache (shared by every
    loader) from serving one loader's contexts to another.
    """

    def __init__(self, urls: set[str]):
        super().__init__()
        self._urls = frozenset(urls)

    def __setitem__(self, key, value):
        if key in self._urls:
            super().__setitem__(key, value)


DEFAULT_LOADER = StaticDocumentLoader()
