"""Whatever a verifier is given, it answers with a report of five failed-or-passed checks."""

import copy
import math

import pytest

from adapters.credentials.verifier import CHECKS

WRONG_VALUES = [None, 0, -1.5, True, "", "x" * 300, [], [{}], {}, {"id": 5}, ["a", None]]
TOP_LEVEL = ["@context", "id", "type", "name", "issuer", "validFrom", "credentialSubject", "proof"]
NESTED = [
    "issuer.id",
    "issuer.name",
    "credentialSubject.achievement",
    "credentialSubject.achievement.id",
    "credentialSubject.achievement.type",
    "credentialSubject.identifier",
    "proof.0.type",
    "proof.0.cryptosuite",
    "proof.0.verificationMethod",
    "proof.0.created",
    "proof.0.proofValue",
    "proof.0.proofPurpose",
]


def _deeply_nested(depth: int) -> dict:
    document: dict = {}
    for _ in range(depth):
        document = {"credentialSubject": document}
    return document


def _report_is_complete_and_not_verified(report) -> None:
    assert [check.name for check in report.checks] == list(CHECKS)
    assert not report.verified
    assert all(isinstance(check.message, str) and check.message for check in report.checks)
    assert all(isinstance(value, str) for value in report.summary.values())


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        "",
        "not json at all",
        "[1, 2, 3]",
        '{"@context": ',
        b"\xff\xfe",
        bytearray(b"{}"),
        5,
        math.nan,
        True,
        object(),
        {},
        {"@context": 5},
        {1: "integer key"},
        {("a", "tuple"): "key"},
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "name": math.inf},
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "name": {1, 2}},
        {"issuer": 5, "type": 5, "validFrom": 5, "credentialSubject": "x", "proof": 5},
        _deeply_nested(100_000),
        "[" * 100_000,
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "padding": "x" * 10_000_000},
        {f"key{i}": i for i in range(300_000)},
    ],
    ids=lambda value: type(value).__name__,
)
def test_garbage_gives_a_report_not_an_exception(verifier, document):
    _report_is_complete_and_not_verified(verifier.verify(document))


@pytest.mark.parametrize("field", TOP_LEVEL)
@pytest.mark.parametrize("value", WRONG_VALUES, ids=repr)
def test_a_wrong_type_in_any_top_level_field_gives_a_report(verifier, signed, field, value):
    _report_is_complete_and_not_verified(verifier.verify({**signed, field: value}))


@pytest.mark.parametrize("path", NESTED)
@pytest.mark.parametrize("value", WRONG_VALUES, ids=repr)
def test_a_wrong_type_in_any_nested_field_gives_a_report(verifier, signed, path, value):
    document = copy.deepcopy(signed)
    *parents, last = path.split(".")
    target = document
    for part in parents:
        target = target[int(part) if part.isdigit() else part]
    target[last] = value
    _report_is_complete_and_not_verified(verifier.verify(document))


def test_a_proof_list_of_two_gives_a_report(verifier, signed):
    report = verifier.verify({**signed, "proof": signed["proof"] * 2})
    _report_is_complete_and_not_verified(report)
    assert "several proofs" in report.checks[1].message


def test_a_single_proof_as_an_object_verifies_as_in_a_list(verifier, signed):
    assert isinstance(signed["proof"], list), "OB3's schema types proof as a list"
    assert verifier.verify(signed).verified
    assert verifier.verify({**signed, "proof": signed["proof"][0]}).verified


def test_a_large_document_is_refused_at_the_format_check(verifier, signed):
    report = verifier.verify({**signed, "padding": "x" * 2_000_000})
    assert report.checks[0].message == "The document is larger than 1000 kB."
