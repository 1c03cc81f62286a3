"""The static document loader: the vendored contexts only, never the network."""

import hashlib
import re

import pytest

from adapters.credentials import terms
from adapters.credentials.document_loader import (
    CONTEXT_DIR,
    DEFAULT_LOADER,
    VENDORED_CONTEXTS,
)
from adapters.credentials.errors import RemoteContextError


def _readme_hashes() -> dict[str, str]:
    readme = (CONTEXT_DIR / "README.md").read_text(encoding="utf-8")
    return dict(
        re.findall(r"^\| `[^`]+` \| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", readme, re.MULTILINE)
    )


@pytest.mark.parametrize("url", sorted(VENDORED_CONTEXTS))
def test_each_known_url_is_served_from_its_vendored_file(url):
    remote = DEFAULT_LOADER(url, {})
    assert remote["documentUrl"] == url
    assert "@context" in remote["document"]


def test_vendored_files_are_the_ones_the_readme_lists_byte_for_byte():
    hashes = _readme_hashes()
    assert set(hashes) == set(VENDORED_CONTEXTS.values())
    for filename, expected in hashes.items():
        assert hashlib.sha256((CONTEXT_DIR / filename).read_bytes()).hexdigest() == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "http://www.w3.org/ns/credentials/v2",
        "https://example.org/contexts/eu-microcredential/v1.jsonld",
        "relative.jsonld",
    ],
)
def test_any_other_url_is_refused_and_named(url):
    with pytest.raises(
        RemoteContextError, match=f"Remote contexts are not loaded: {re.escape(url)}"
    ):
        DEFAULT_LOADER(url, {})


def test_a_very_long_url_is_shortened_in_the_message():
    with pytest.raises(RemoteContextError) as refused:
        DEFAULT_LOADER("https://example.org/" + "x" * 10_000, {})
    assert len(refused.value.message) < 300


def test_the_served_document_is_a_copy_so_callers_cannot_change_the_cache():
    first = DEFAULT_LOADER(terms.VC_V2_CONTEXT, {})["document"]
    first["@context"]["name"] = "changed"
    assert DEFAULT_LOADER(terms.VC_V2_CONTEXT, {})["document"]["@context"]["name"] != "changed"


def test_an_extended_loader_serves_more_and_the_default_loader_does_not():
    extra = {"https://example.org/ctx": {"@context": {"x": "https://example.org/x"}}}
    loader = DEFAULT_LOADER.extended(extra)
    assert loader.knows("https://example.org/ctx")
    assert loader(terms.OB3_CONTEXT, {})["documentUrl"] == terms.OB3_CONTEXT
    assert not DEFAULT_LOADER.knows("https://example.org/ctx")
    with pytest.raises(RemoteContextError):
        DEFAULT_LOADER("https://example.org/ctx", {})
