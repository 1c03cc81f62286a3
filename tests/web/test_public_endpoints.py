"""The public interfaces other systems rely on: health, keys, DID documents, logos, verify API."""

import json

import jwt

from tests.conftest import Moodle
from tests.html_forms import csrf_token_of


def test_healthz_reports_the_database(app):
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok", "checks": {"database": "ok"}}


def test_the_tool_publishes_the_key_its_service_tokens_are_signed_with(moodle, http):
    jwks = moodle.app.test_client().get("/lti/jwks.json").get_json()
    assert len(jwks["keys"]) == 1
    key = jwks["keys"][0]
    assert {"kty", "n", "e", "kid", "alg", "use"} <= key.keys()
    assert "d" not in key  # never the private half
    public_key = jwt.PyJWK(key).key
    assert public_key.key_size == 2048


def test_an_organisations_did_document_lists_its_signing_key(moodle):
    answer = moodle.app.test_client().get("/orgs/demo-vet-school/did.json")
    assert answer.status_code == 200
    assert answer.mimetype == "application/did+json"
    document = answer.get_json()
    assert document["id"] == "did:web:tool.test:orgs:demo-vet-school"
    method = document["verificationMethod"][0]
    assert method["controller"] == document["id"]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert method["id"] in document["assertionMethod"]


def test_an_unknown_micro_credential_page_is_a_404(app):
    answer = app.test_client().get("/micro-credentials/999")
    assert answer.status_code == 404
    assert "No micro-credential has this address." in answer.get_data(as_text=True)


def test_an_unknown_organisation_is_a_404(app):
    answer = app.test_client().get("/orgs/nobody/did.json")
    assert answer.status_code == 404
    assert "nobody" in answer.get_data(as_text=True)


def test_logos_are_served_and_cannot_run_script(moodle):
    answer = moodle.app.test_client().get("/orgs/demo-vet-school/logo")
    assert answer.status_code == 200
    assert answer.mimetype == "image/svg+xml"
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]


def test_pages_carry_strict_headers(app):
    answer = app.test_client().get("/verify")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    csp = answer.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors" in csp and "unsafe" not in csp


def test_the_start_page_offers_demo_launches(moodle):
    page = moodle.app.test_client().get("/").get_data(as_text=True)
    assert "Launch as teacher" in page and "Launch as learner" in page
    assert "/demo-platform/launch/3" in page


def test_the_verify_api_refuses_a_body_that_is_not_json(app):
    answer = app.test_client().post("/api/v1/verify", data="hello", content_type="text/plain")
    assert answer.status_code == 400
    assert "Content-Type: application/json" in answer.get_json()["error"]["message"]


def test_the_verify_api_reports_malformed_json_as_not_verified(app):
    answer = app.test_client().post(
        "/api/v1/verify", data="{not json", content_type="application/json"
    )
    assert answer.status_code == 200
    report = answer.get_json()
    assert report["verified"] is False
    assert report["checks"][0]["name"] == "format"
    assert "not JSON" in report["checks"][0]["message"]


def test_the_verify_api_reports_a_json_value_that_is_no_credential(app):
    report = app.test_client().post("/api/v1/verify", json=[1, 2, 3]).get_json()
    assert report["verified"] is False
    assert report["checks"][0]["name"] == "format"


def test_a_body_over_the_limit_is_refused_with_413(app):
    big = json.dumps({"padding": "x" * (1024 * 1024 + 1)})
    answer = app.test_client().post("/api/v1/verify", data=big, content_type="application/json")
    assert answer.status_code == 413
    assert "too large" in answer.get_json()["error"]["message"]


def test_api_errors_answer_json(app):
    answer = app.test_client().get("/api/v1/nothing-here")
    assert answer.status_code == 404
    assert answer.get_json()["error"]["status"] == 404


def test_the_openapi_description_names_the_verify_endpoint(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/verify" in spec["paths"]


def test_the_verify_page_without_a_credential_says_what_to_do(app):
    client = app.test_client()
    token = csrf_token_of(client.get("/verify").get_data(as_text=True))
    answer = client.post("/verify", data={"csrf_token": token})
    assert answer.status_code == 400
    assert "Paste the credential or choose its file." in answer.get_data(as_text=True)


def test_the_verify_page_shows_why_garbage_is_not_verified(app):
    client = app.test_client()
    token = csrf_token_of(client.get("/verify").get_data(as_text=True))
    page = client.post(
        "/verify", data={"csrf_token": token, "credential_json": "not a credential"}
    ).get_data(as_text=True)
    assert "Not verified" in page and "not JSON" in page


def test_a_form_without_its_csrf_token_is_refused(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = teacher.post("/teacher/sync")
    assert answer.status_code == 400
    assert "Reload the page" in answer.get_data(as_text=True)
