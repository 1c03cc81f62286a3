"""The credentials the tool issues against the OB3 data model's required properties and types.

tests/schemas/ob3-achievement-credential.schema.json is this project's own JSON Schema, written
from the Open Badges 3.0 data model (1EdTech's official schema may not be shipped: its licence
forbids it; conformance to it is checked separately).
"""

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from adapters.credentials.canonical import canonize
from adapters.credentials.ob3 import build_credential
from lti_tool.domain.organisations import OrganisationIdentifier
from tests.adapters.credentials.demo_content import demo_content
from tests.factories import make_organisation

SCHEMA = json.loads(
    (
        Path(__file__).parents[3]
        / "adapters"
        / "credentials"
        / "schemas"
        / "ob3-achievement-credential.schema.json"
    ).read_text()
)
SIGNED = Path(__file__).parents[2] / "vectors" / "ob3-eddsa-rdfc-2022" / "signed-credential.json"
VALIDATOR = Draft202012Validator(SCHEMA)


def problems(document: dict) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_the_demo_credential_has_every_required_property_of_its_type():
    assert problems(build_credential(demo_content())) == []


def test_a_signed_credential_with_its_endorsement_and_status_fits_the_data_model():
    assert problems(json.loads(SIGNED.read_text())) == []


@pytest.mark.parametrize(
    "path",
    [
        ("name",),
        ("issuer", "id"),
        ("validFrom",),
        ("credentialSubject", "achievement", "criteria"),
        ("credentialSubject", "achievement", "description"),
        ("credentialSubject", "identifier", 0, "hashed"),
        ("credentialSubject", "achievement", "alignment", 0, "targetUrl"),
    ],
)
def test_a_credential_without_a_required_property_does_not_fit(path):
    document = build_credential(demo_content())
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    assert problems(document)


def test_a_learner_named_by_neither_id_nor_identifier_does_not_fit():
    document = build_credential(demo_content())
    del document["credentialSubject"]["identifier"]
    assert problems(document)


def test_a_number_given_as_text_does_not_fit():
    document = copy.deepcopy(build_credential(demo_content()))
    document["credentialSubject"]["achievement"]["creditsAvailable"] = "3"
    assert problems(document)


def test_an_issuers_registration_numbers_are_otheridentifiers_of_its_profile():
    school = make_organisation(
        identifiers=(
            OrganisationIdentifier("ext:BRIN", "25PX"),
            OrganisationIdentifier("identifier", "KvK 41150032"),
        )
    )
    document = build_credential(demo_content(issuer=school))
    assert document["issuer"]["otherIdentifier"] == [
        {"type": "IdentifierEntry", "identifier": "25PX", "identifierType": "ext:BRIN"},
        {"type": "IdentifierEntry", "identifier": "KvK 41150032", "identifierType": "identifier"},
    ]
    assert problems(document) == []
    nquads = canonize(document)  # every term defined: nothing left out of the signature
    assert 'vocab.html#identifierType> "ext:BRIN" .' in nquads
