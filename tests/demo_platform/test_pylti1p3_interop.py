"""A standard LTI library (pylti1p3, which the tool builds on) works against the demo Moodle:
token, line items, results, scores and memberships, over HTTP routed into the Flask app."""

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector

from lti_tool.demo_platform import DemoMoodle
from lti_tool.demo_platform.keys import public_jwk
from tests.demo_platform.support import AGS_SCOPES, ISSUER, TOOL


class _UncachedConnector(ServiceConnector):
    def _get_cached_access_token(self, scope_key: str) -> None:
        return None

    def _cache_access_token(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def connector(client: FlaskClient, tool_key: rsa.RSAPrivateKey) -> Iterator[ServiceConnector]:
    """pylti1p3's service connector for the registered tool, its HTTP served by the test app."""

    def forward(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        answer = client.open(
            path, method=request.method, headers=dict(request.headers), data=request.body
        )
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
        return answer.status_code, headers, answer.get_data()

    pem = tool_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = tool_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    registration = (
        Registration()
        .set_issuer(ISSUER)
        .set_client_id(TOOL.client_id)
        .set_auth_token_url(ISSUER + "/mod/lti/token.php")
        .set_tool_private_key(pem)
        .set_tool_public_key(public_pem.decode())
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(TOOL.jwks_url, json={"keys": [public_jwk(tool_key, registration.get_kid())]})
        for method in (responses.GET, responses.POST, responses.PUT):
            mock.add_callback(method, re.compile(re.escape(ISSUER) + "/.*"), callback=forward)
        yield _UncachedConnector(registration, requests.Session())


def test_pylti1p3_reads_and_writes_grades(connector: ServiceConnector, platform: DemoMoodle):
    urls = platform.urls
    claim = {
        "scope": AGS_SCOPES,
        "lineitems": urls.lineitems + urls.type_query,
        "lineitem": urls.lineitem(3) + urls.type_query,
    }
    ags = AssignmentsGradesService(connector, claim)
    score = (
        Grade()
        .set_user_id("4")
        .set_score_given(9)
        .set_score_maximum(10)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp("2099-01-01T00:00:00+00:00")
    )
    wanted = LineItem().set_label("Welding safety").set_score_maximum(20).set_tag("mc-42")

    ags.put_grade(score)
    created = ags.find_or_create_lineitem(wanted)

    assert [item["label"] for item in ags.get_lineitems()] == [
        "Micro-credentials",
        "Welding safety",
    ]
    assert {g["userId"]: g["resultScore"] for g in ags.get_grades()} == {"4": 90, "5": 64, "6": 42}
    assert created.get_id() == urls.lineitem(4) + urls.type_query
    assert list(ags.get_grades(created)) == []


def test_pylti1p3_reads_the_members(connector: ServiceConnector, platform: DemoMoodle):
    claim = {"context_memberships_url": platform.urls.memberships, "service_versions": ["2.0"]}

    members = NamesRolesProvisioningService(connector, claim).get_members()

    assert [(m["user_id"], m["roles"]) for m in members] == [
        ("6", ["Learner"]),
        ("5", ["Learner"]),
        ("4", ["Learner"]),
        ("3", ["Instructor"]),
    ]
