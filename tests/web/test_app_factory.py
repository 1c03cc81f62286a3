"""The app factory builds the tool from settings alone; migrations build exactly the models."""

import io

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from lti_tool.extensions import db
from tests.html_forms import csrf_token_of


def test_without_demo_mode_there_is_no_demo_platform(settings, app_factory):
    app = app_factory(settings.with_changes(demo_mode=False))
    client = app.test_client()
    assert client.get("/demo-platform/").status_code == 404
    assert "Launch as teacher" not in client.get("/").get_data(as_text=True)
    assert "demo_platform" not in app.extensions


def test_the_migrations_create_exactly_the_models(settings, app_factory):
    app = app_factory(settings, create_tables=False)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_a_credential_file_can_be_uploaded_to_the_verify_page(app):
    client = app.test_client()
    token = csrf_token_of(client.get("/verify").get_data(as_text=True))
    upload = (io.BytesIO(b'\xef\xbb\xbf{"type": ["VerifiableCredential"]}'), "credential.json")
    page = client.post(
        "/verify",
        data={"csrf_token": token, "credential_file": upload},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Not verified" in page
    assert "format" in page


def test_an_upload_that_is_not_text_is_reported_not_crashed(app):
    client = app.test_client()
    token = csrf_token_of(client.get("/verify").get_data(as_text=True))
    upload = (io.BytesIO(bytes(range(256))), "badge.png")
    answer = client.post(
        "/verify",
        data={"csrf_token": token, "credential_file": upload},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200
    assert "not JSON" in answer.get_data(as_text=True)
