"""The `flask` commands an administrator uses to register organisations and platforms."""

import pytest
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Organisation
from tests.conftest import Moodle
from tests.jobs import counts_of, run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=list(args))

    return run


def add_school(cli, tmp_path, **overrides):
    logo = tmp_path / "logo.png"
    logo.write_bytes(overrides.pop("logo", PNG))
    options = {"name": "Colegio Exemplo", "country": "PT", "url": "https://exemplo.example"}
    options.update(overrides)
    args = ["org", "add", "colegio-exemplo", "--logo", str(logo)]
    for name, value in options.items():
        args += [f"--{name}", value]
    return cli(*args)


def test_an_organisation_is_added_once_with_its_logo_and_key(cli, tmp_path, app):
    assert add_school(cli, tmp_path).output.startswith("Added organisation colegio-exemplo")
    assert "Kept the existing" in add_school(cli, tmp_path).output
    client = app.test_client()
    assert client.get("/orgs/colegio-exemplo/logo").mimetype == "image/png"
    assert client.get("/orgs/colegio-exemplo/did.json").get_json()["verificationMethod"]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"logo": b"MZ\x90\x00 not an image"}, "PNG or SVG"),
        ({"country": "Portugal"}, "two-letter ISO 3166"),
        ({"url": "exemplo.example"}, "http(s) URL"),
    ],
)
def test_a_bad_organisation_is_refused_with_the_reason(cli, tmp_path, app, overrides, reason):
    result = add_school(cli, tmp_path, **overrides)
    assert result.exit_code == 1
    assert reason in result.output
    assert app.test_client().get("/orgs/colegio-exemplo/did.json").status_code == 404


def test_a_moodle_site_is_registered_from_its_issuer_and_updated_when_added_again(cli, tmp_path):
    add_school(cli, tmp_path)
    base = [
        "lti",
        "platform",
        "add",
        "--name",
        "Exemplo Moodle",
        "--moodle",
        "--issuer",
        "https://moodle.exemplo.example",
        "--client-id",
        "Ab12Cd34Ef56Gh7",
        "--organisation",
        "colegio-exemplo",
    ]
    first = cli(*base, "--deployment-id", "2")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Registered Exemplo Moodle")
    again = cli(*base, "--deployment-id", "2", "--deployment-id", "3")
    assert again.output.startswith("Updated")
    listing = cli("lti", "platform", "list").output
    assert listing.count("Exemplo Moodle") == 1
    assert "deployments 2, 3, for Colegio Exemplo" in listing


def test_a_platform_without_its_urls_is_a_usage_error(cli):
    result = cli(
        "lti",
        "platform",
        "add",
        "--name",
        "LMS",
        "--issuer",
        "https://lms.example",
        "--client-id",
        "c",
        "--deployment-id",
        "1",
        "--organisation",
        "x",
    )
    assert result.exit_code == 2
    assert "--auth-login-url" in result.output and "--moodle" in result.output


def test_a_platform_for_an_unknown_organisation_is_refused(cli):
    result = cli(
        "lti",
        "platform",
        "add",
        "--name",
        "LMS",
        "--moodle",
        "--issuer",
        "https://lms.example",
        "--client-id",
        "c",
        "--deployment-id",
        "1",
        "--organisation",
        "nobody",
    )
    assert result.exit_code == 1
    assert "No organisation is called 'nobody'" in result.output


def test_a_platform_with_a_bad_issuer_is_refused(cli, tmp_path):
    add_school(cli, tmp_path)
    result = cli(
        "lti",
        "platform",
        "add",
        "--name",
        "LMS",
        "--moodle",
        "--issuer",
        "moodle",
        "--client-id",
        "c",
        "--deployment-id",
        "1",
        "--organisation",
        "colegio-exemplo",
    )
    assert result.exit_code == 1
    assert "The issuer must be an http(s) URL" in result.output


def test_a_platform_whose_courses_hold_awards_cannot_be_removed(moodle, http):
    moodle.launch(Moodle.TEACHER)  # the course now exists
    runner = moodle.app.test_cli_runner()
    args = [
        "lti",
        "platform",
        "remove",
        "--issuer",
        moodle.platform.issuer,
        "--client-id",
        "demo-tool-client",
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "cannot be removed" in result.output


def test_an_unused_platform_is_removed(cli, tmp_path):
    add_school(cli, tmp_path)
    cli(
        "lti",
        "platform",
        "add",
        "--name",
        "LMS",
        "--moodle",
        "--issuer",
        "https://lms.example",
        "--client-id",
        "c",
        "--deployment-id",
        "1",
        "--organisation",
        "colegio-exemplo",
    )
    removed = cli(
        "lti", "platform", "remove", "--issuer", "https://lms.example", "--client-id", "c"
    )
    assert removed.exit_code == 0
    assert "No platform is registered yet." in cli("lti", "platform", "list").output
    again = cli("lti", "platform", "remove", "--issuer", "https://lms.example", "--client-id", "c")
    assert again.exit_code == 1 and "No platform" in again.output


def test_the_tool_urls_to_enter_in_the_lms_are_printed(cli):
    output = cli("lti", "urls").output
    assert "Initiate login URL: http://tool.test/lti/login" in output
    assert "Public keyset URL: http://tool.test/lti/jwks.json" in output


def test_after_a_rotation_both_keys_are_published_and_the_old_one_still_signs(moodle, http):
    runner = moodle.app.test_cli_runner()
    client = moodle.app.test_client()
    (old_kid,) = [k["kid"] for k in client.get("/lti/jwks.json").get_json()["keys"]]
    rotated = runner.invoke(args=["lti", "keys", "rotate"])
    assert rotated.exit_code == 0 and "signs from" in rotated.output
    kids = [k["kid"] for k in client.get("/lti/jwks.json").get_json()["keys"]]
    assert len(kids) == 2 and old_kid in kids

    teacher = moodle.launch(Moodle.TEACHER)  # the platform still accepts the old key's token
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    assert counts_of(run_job(teacher, "/teacher/sync"))["Awards granted"] == 2


def test_an_organisation_website_with_a_no_break_space_is_refused(app):
    result = app.test_cli_runner().invoke(
        args=[
            "org",
            "add",
            "nbsp-school",
            "--name",
            "NBSP School",
            "--country",
            "NL",
            "--url",
            "https://school.example/a\u00a0b",
        ]
    )
    assert result.exit_code != 0
    assert "without spaces" in result.output


def test_an_organisation_is_added_with_its_registration_numbers(app):
    result = app.test_cli_runner().invoke(
        args=[
            "org",
            "add",
            "brin-school",
            "--name",
            "BRIN School",
            "--country",
            "NL",
            "--url",
            "https://brin-school.example",
            "--identifier",
            "ext:BRIN=25PX",
        ]
    )
    assert result.exit_code == 0, result.output
    did_page = app.test_client().get("/orgs/brin-school/did.json")
    assert did_page.status_code == 200
    with app.app_context():
        row = db.session.scalars(
            select(Organisation).where(Organisation.slug == "brin-school")
        ).one()
        assert row.identifiers == [{"type": "ext:BRIN", "value": "25PX"}]


@pytest.mark.parametrize("identifier", ["BRIN=25PX", "ext:BRIN=", "ext:=1"])
def test_an_identifier_of_no_known_kind_or_without_value_is_refused(app, identifier):
    result = app.test_cli_runner().invoke(
        args=[
            "org",
            "add",
            "odd-school",
            "--name",
            "Odd",
            "--country",
            "NL",
            "--url",
            "https://odd.example",
            "--identifier",
            identifier,
        ]
    )
    assert result.exit_code != 0
    assert "identifier" in result.output
