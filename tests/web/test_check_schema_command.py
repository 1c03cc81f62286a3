"""`flask credentials check-schema`: the issued credentials against schema files an operator
gives, e.g. 1EdTech's official OB3 schema, which the project may not ship."""

import json
from pathlib import Path

import pytest

from tests.adapters.credentials.test_schema_conformance import ONE_STATUS_OBJECT, STATUS_DEFINITION
from tests.web.test_revocation import Issued

OURS = (
    Path(__file__).parents[2]
    / "adapters/credentials/schemas/ob3-achievement-credential.schema.json"
)


@pytest.fixture
def schema_files(tmp_path):
    files = []
    for name, schema in (
        ("credential.json", ONE_STATUS_OBJECT),
        ("status.json", STATUS_DEFINITION),
    ):
        path = tmp_path / name
        path.write_text(json.dumps(schema))
        files.append(str(path))
    return files


def _check(app, *files):
    return app.test_cli_runner().invoke(args=["credentials", "check-schema", *files])


def test_issued_credentials_conform_to_our_schema_and_a_one_status_schema(
    moodle, http, schema_files
):
    issued = Issued(moodle)
    result = _check(moodle.app, str(OURS))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Checked 1 issued credentials against ")
    assert "1 conform, 0 do not." in result.output
    result = _check(moodle.app, *schema_files)
    assert result.exit_code == 0, result.output
    assert issued.credential["id"] not in result.output


def test_a_credential_with_two_status_entries_is_listed_with_where_it_departs(
    moodle, http, schema_files
):
    issued = Issued(moodle, suspendable=True)
    result = _check(moodle.app, *schema_files)
    assert result.exit_code == 1
    assert "0 conform, 1 do not." in result.output
    assert f"{issued.credential['id']}:\n  - credentialStatus: [" in result.output
    assert "is not of type 'object'" in result.output


def test_with_nothing_issued_there_is_nothing_to_fail(moodle):
    result = _check(moodle.app, str(OURS))
    assert result.exit_code == 0
    assert "Checked 0 issued credentials" in result.output


def test_a_file_that_is_not_a_schema_is_refused_with_why(moodle, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = _check(moodle.app, str(broken))
    assert result.exit_code == 1
    assert "Schema file 1 is not JSON" in result.output
    missing = _check(moodle.app, str(tmp_path / "missing.json"))
    assert missing.exit_code == 2 and "does not exist" in missing.output
