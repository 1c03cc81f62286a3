"""DIDs: did:web names both ways, our DID documents, and resolution (ours, did:web, did:key)."""

import json
from datetime import UTC, datetime

import pytest
import requests

from adapters.credentials.canonical import canonize
from adapters.credentials.did import (
    MAX_DID_DOCUMENT_BYTES,
    DidResolver,
    assertion_method,
    did_document,
    did_web_document_url,
    did_web_for,
)
from adapters.credentials.did_hosting import HostedDids
from adapters.credentials.errors import DidResolutionError
from adapters.credentials.keys import new_signing_key

REMOTE_DID = "did:web:school.example:orgs:far-away-college"
REMOTE_URL = "https://school.example/orgs/far-away-college/did.json"
DID_KEY = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"


@pytest.mark.parametrize(
    ("base_url", "path", "did"),
    [
        (
            "http://127.0.0.1:5000",
            ("orgs", "demo-vet-school"),
            "did:web:127.0.0.1%3A5000:orgs:demo-vet-school",
        ),
        ("https://tool.example.org", (), "did:web:tool.example.org"),
        ("https://Tool.Example.org/", ("orgs", "a"), "did:web:tool.example.org:orgs:a"),
        ("https://example.org/lti-tool", ("orgs", "a"), "did:web:example.org:lti-tool:orgs:a"),
        ("https://example.org", ("orgs", "a b"), "did:web:example.org:orgs:a%20b"),
    ],
)
def test_did_web_names_a_path_under_the_base_url(base_url, path, did):
    assert did_web_for(base_url, *path) == did


@pytest.mark.parametrize(
    ("did", "url"),
    [
        (
            "did:web:127.0.0.1%3A5000:orgs:demo-vet-school",
            "https://127.0.0.1:5000/orgs/demo-vet-school/did.json",
        ),
        ("did:web:tool.example.org", "https://tool.example.org/.well-known/did.json"),
        ("did:web:example.com%3A8443", "https://example.com:8443/.well-known/did.json"),
        ("did:web:example.org:orgs:a%20b", "https://example.org/orgs/a%20b/did.json"),
    ],
)
def test_a_did_web_maps_to_the_https_url_of_its_document(did, url):
    assert did_web_document_url(did) == url


def test_mapping_a_base_url_to_a_did_and_back_gives_the_https_url():
    did = did_web_for("http://127.0.0.1:5000", "orgs", "demo-vet-school")
    assert did_web_document_url(did) == "https://127.0.0.1:5000/orgs/demo-vet-school/did.json"


@pytest.mark.parametrize(
    "did",
    [
        "did:key:z6Mk",
        "did:web:",
        "did:web:example.org%2Fevil",
        "did:web:user%40example.org",
        "did:web:example.org:orgs::a",
        "did:web:example.org:..:secret",
        "did:web:example.org#key-1",
        "did:web:example.org/path",
        "did:web:" + "a" * 3000,
    ],
)
def test_a_malformed_did_web_is_refused(did):
    with pytest.raises(DidResolutionError):
        did_web_document_url(did)


def test_the_did_document_lists_every_key_for_assertions_and_authentication(sealer):
    created = datetime(2026, 1, 1, tzinfo=UTC)
    keys = [new_signing_key(sealer=sealer, key_id=f"key-{n}", created_at=created) for n in (1, 2)]
    did = "did:web:tool.example:orgs:school"
    document = did_document(did, keys)
    assert document["id"] == did
    assert [m["id"] for m in document["verificationMethod"]] == [f"{did}#key-1", f"{did}#key-2"]
    assert document["assertionMethod"] == [f"{did}#key-1", f"{did}#key-2"]
    assert document["authentication"] == document["assertionMethod"]
    for method, key in zip(document["verificationMethod"], keys, strict=True):
        assert method["type"] == "Multikey"
        assert method["controller"] == did
        assert method["publicKeyMultibase"] == key.public_key_multibase
    assert assertion_method(document, f"{did}#key-2")["publicKeyMultibase"] == (
        keys[1].public_key_multibase
    )


def test_the_did_document_uses_only_defined_terms(key):
    nquads = canonize(did_document("did:web:tool.example:orgs:school", [key]))
    assert "<https://w3id.org/security#publicKeyMultibase>" in nquads
    assert "<https://w3id.org/security#assertionMethod>" in nquads


def test_hosted_dids_name_organisations_under_orgs(key):
    dids = HostedDids("http://127.0.0.1:5000")
    assert dids.did_for("demo-vet-school") == "did:web:127.0.0.1%3A5000:orgs:demo-vet-school"
    assert dids.document("did:web:x", [key])["verificationMethod"][0]["id"] == "did:web:x#key-1"


def test_a_method_not_listed_for_assertions_is_refused(key):
    document = did_document("did:web:x", [key])
    document["assertionMethod"] = []
    with pytest.raises(DidResolutionError, match="not listed"):
        assertion_method(document, "did:web:x#key-1")


def _resolver(local=None):
    return DidResolver(
        local_documents=lambda did: (local or {}).get(did), session=requests.Session()
    )


def test_our_own_dids_are_resolved_without_http(http, key):
    document = did_document("did:web:127.0.0.1%3A5000:orgs:school", [key])
    resolver = _resolver({document["id"]: document})
    assert resolver.resolve(document["id"]) is document
    assert len(http.calls) == 0


def test_a_remote_did_web_is_fetched_over_https(http, key):
    document = did_document(REMOTE_DID, [key])
    http.get(REMOTE_URL, json=document)
    assert _resolver().resolve(REMOTE_DID) == document
    assert http.calls[0].request.headers["Accept"].startswith("application/did+json")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"status": 404, "json": {}}, "HTTP 404"),
        ({"status": 301, "headers": {"Location": "https://elsewhere.example/"}}, "HTTP 301"),
        ({"body": "<html>not json</html>"}, "not JSON"),
        ({"json": ["a", "list"]}, "not the issuer's"),
        ({"json": {"id": "did:web:someone-else.example"}}, "not the issuer's"),
        ({"body": b"{" + b" " * MAX_DID_DOCUMENT_BYTES + b"}"}, "larger than 100 kB"),
        ({"body": requests.ConnectionError("refused")}, "could not be reached"),
        ({"body": requests.Timeout("slow")}, "could not be reached"),
    ],
)
def test_a_remote_did_web_that_answers_badly_is_refused_with_the_reason(http, answer, reason):
    http.get(REMOTE_URL, **answer)
    with pytest.raises(DidResolutionError, match=reason):
        _resolver().resolve(REMOTE_DID)


@pytest.mark.parametrize(
    "did", ["did:web:localhost:orgs:a", "did:web:10.0.0.8", "did:web:169.254.169.254"]
)
def test_a_did_web_on_an_internal_address_is_not_fetched(http, did):
    with pytest.raises(DidResolutionError, match=r"computer|private"):
        _resolver().resolve(did)
    assert len(http.calls) == 0


def test_a_did_key_is_resolved_without_network(http):
    document = _resolver().resolve(DID_KEY)
    method_id = f"{DID_KEY}#{DID_KEY.removeprefix('did:key:')}"
    assert assertion_method(document, method_id)["controller"] == DID_KEY
    assert len(http.calls) == 0


@pytest.mark.parametrize(
    ("did", "reason"),
    [
        ("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", "not an Ed25519 key"),
        ("did:ebsi:zvHWX359A3CvfJnCYaAiAde", "'ebsi' cannot be resolved"),
        ("https://school.example/issuer", "not identified by a DID"),
        (None, "not identified by a DID"),
        ("did:web:" + "a" * 5000, "not identified by a DID"),
    ],
)
def test_dids_that_cannot_be_resolved_say_why(http, did, reason):
    with pytest.raises(DidResolutionError, match=reason):
        _resolver().resolve(did)


def test_the_remote_document_is_read_as_json_whatever_its_content_type(http, key):
    document = did_document(REMOTE_DID, [key])
    http.get(REMOTE_URL, body=json.dumps(document), content_type="application/did+json")
    assert _resolver().resolve(REMOTE_DID)["id"] == REMOTE_DID


def test_a_base_url_without_host_has_no_did_web():
    with pytest.raises(ValueError, match="no host"):
        did_web_for("not a url", "orgs", "a")


def test_a_method_listed_but_not_described_is_refused(key):
    document = did_document("did:web:x", [key])
    document["verificationMethod"] = []
    with pytest.raises(DidResolutionError, match="not described"):
        assertion_method(document, "did:web:x#key-1")


def test_a_method_embedded_in_assertion_method_is_found(key):
    document = did_document("did:web:x", [key])
    document["assertionMethod"] = document.pop("verificationMethod")
    assert assertion_method(document, "did:web:x#key-1")["type"] == "Multikey"


@pytest.mark.parametrize(
    ("did", "slug"),
    [
        ("did:web:127.0.0.1%3A5000:orgs:demo-vet-school", "demo-vet-school"),
        ("did:web:127.0.0.1%3A5000:orgs:", None),
        ("did:web:127.0.0.1%3A5000:orgs:a:b", None),
        ("did:web:127.0.0.1%3A5000", None),
        ("did:web:elsewhere.example:orgs:demo-vet-school", None),
        ("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", None),
    ],
)
def test_hosted_dids_know_the_slug_of_their_own_dids_only(did, slug):
    assert HostedDids("http://127.0.0.1:5000").slug_for(did) == slug
