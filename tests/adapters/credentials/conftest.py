"""Fixtures for the credentials adapter: a sealer, an issuer, a resolver of our own DIDs."""

from datetime import UTC, datetime

import pytest
import requests
import responses

from adapters.credentials.did import DidResolver, did_document
from adapters.credentials.issuer import Ob3CredentialIssuer
from adapters.credentials.verifier import Ob3CredentialVerifier
from adapters.sealing import KeySealer
from tests.factories import make_credential_content

ISSUED_AT = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


class HostedDidDocuments:
    """The DID documents this 'deployment' hosts: a dict the tests fill, as the database would."""

    def __init__(self):
        self.documents: dict[str, dict] = {}

    def publish(self, did: str, keys) -> dict:
        self.documents[did] = did_document(did, keys)
        return self.documents[did]

    def __call__(self, did: str) -> dict | None:
        return self.documents.get(did)


@pytest.fixture
def sealer():
    return KeySealer([KeySealer.derive_key("tests of the credentials adapter")])


@pytest.fixture
def issuer(sealer):
    return Ob3CredentialIssuer(sealer=sealer)


@pytest.fixture
def content():
    return make_credential_content(issued_at=ISSUED_AT)


@pytest.fixture
def key(issuer):
    return issuer.new_key("key-1", ISSUED_AT)


@pytest.fixture
def hosted(content, key):
    hosted = HostedDidDocuments()
    hosted.publish(content.issuer.did, [key])
    return hosted


@pytest.fixture
def http():
    """Outside HTTP: nothing answers unless a test registers it, so no test reaches the network."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def resolver(hosted, http):
    return DidResolver(local_documents=hosted, session=requests.Session())


@pytest.fixture
def verifier(resolver):
    return Ob3CredentialVerifier(resolver=resolver, now=lambda: LATER)


@pytest.fixture
def signed(issuer, content, key):
    return issuer.issue(content, key)
