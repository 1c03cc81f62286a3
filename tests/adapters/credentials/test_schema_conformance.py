"""Checking credentials against JSON Schema files given at run time (`flask credentials
check-schema`): 1EdTech's official OB3 schema may not ship, so an operator supplies it."""

import json
from pathlib import Path

import pytest

from adapters.credentials.ob3 import build_credential
from adapters.credentials.schema_conformance import JsonSchemaCheck
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.status import PURPOSES, StatusEntry, StatusPurpose
from tests.adapters.credentials.demo_content import demo_content

SCHEMAS = Path(__file__).parents[3] / "adapters" / "credentials" / "schemas"
OURS = (SCHEMAS / "ob3-achievement-credential.schema.json").read_bytes()
LIST_URL = "https://tool.test/orgs/demo-vet-school/status"

# As 1EdTech's schema has it: credentialStatus is one object (OB3's CredentialStatus [0..1]),
# with its definition in a second file, as a split schema would have it.
STATUS_DEFINITION = {
    "$schema": "https://json-schema.org/draft/2019-09/schema#",
    "$id": "https://schemas.test/credential-status.json",
    "type": "object",
    "required": ["id", "type"],
}
ONE_STATUS_OBJECT = {
    "$schema": "https://json-schema.org/draft/2019-09/schema#",
    "$id": "https://schemas.test/achievement-credential.json",
    "type": "object",
    "required": ["id", "validFrom"],
    "properties": {
        "validFrom": {"type": "string", "format": "date-time"},
        "credentialStatus": {"$ref": "https://schemas.test/credential-status.json"},
    },
}


def _texts(*schemas: dict) -> list[bytes]:
    return [json.dumps(schema).encode() for schema in schemas]


def _credential(purposes) -> dict:
    entries = tuple(StatusEntry(p, f"{LIST_URL}/{p.value}/1", 7) for p in purposes)
    return build_credential(demo_content(status_entries=entries))


def test_the_credentials_we_issue_conform_to_our_own_schema():
    check = JsonSchemaCheck([OURS])
    assert check.problems(_credential((StatusPurpose.REVOCATION,))) == []
    assert check.problems(_credential(PURPOSES)) == []
    assert check.name.endswith("ob3-achievement-credential.schema.json")


def test_one_status_entry_conforms_where_the_schema_wants_an_object_and_two_do_not():
    check = JsonSchemaCheck(_texts(ONE_STATUS_OBJECT, STATUS_DEFINITION))
    assert check.name == "https://schemas.test/achievement-credential.json"
    assert check.problems(_credential((StatusPurpose.REVOCATION,))) == []
    (problem,) = check.problems(_credential(PURPOSES))
    assert problem.startswith("credentialStatus: [")
    assert problem.endswith("is not of type 'object'")


def test_problems_name_where_they_are_and_dates_are_checked():
    check = JsonSchemaCheck(_texts(ONE_STATUS_OBJECT, STATUS_DEFINITION))
    document = _credential((StatusPurpose.REVOCATION,))
    document["validFrom"] = "yesterday"
    del document["id"]
    del document["credentialStatus"]["id"]
    assert check.problems(document) == [
        "the credential lacks 'id'",
        "credentialStatus lacks 'id'",
        "validFrom: 'yesterday' is not a 'date-time'",
    ]


def test_a_reference_to_a_file_not_given_is_a_problem_not_a_fetch():
    check = JsonSchemaCheck(_texts(ONE_STATUS_OBJECT))
    assert check.problems(_credential((StatusPurpose.REVOCATION,))) == [
        "the schema refers to https://schemas.test/credential-status.json, "
        "which is not among the files given"
    ]


@pytest.mark.parametrize(
    "texts, message",
    [
        ([], "Give at least one JSON Schema file."),
        ([b"{not json"], "Schema file 1 is not JSON"),
        ([b"[]"], "Schema file 1 is not a JSON Schema object."),
        ([OURS, b"\xff"], "Schema file 2 is not JSON"),
        ([b'{"type": 5}'], "The first file is not a valid JSON Schema: 5 is not valid"),
    ],
)
def test_a_file_that_is_not_a_schema_is_refused_with_why(texts, message):
    with pytest.raises(InvalidInput) as refused:
        JsonSchemaCheck(texts)
    assert refused.value.message.startswith(message)
