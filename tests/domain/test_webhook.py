"""The results webhook's pure logic: the signature over timestamp and body, the replay window,
and the body read into results with each problem named by its path."""

import hashlib
import hmac
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.results import ResultSource
from lti_tool.domain.webhook import (
    MAX_ENTRIES,
    SignatureRefused,
    TooManyEntries,
    check_signature,
    decode_body,
    platform_of,
    read_push,
    sign,
    signature_digest,
    signed_timestamp,
)

SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
STAMP = int(NOW.timestamp())


def digest_of(header: str) -> str:
    return signature_digest(header)


def test_the_signature_is_the_hex_hmac_sha256_of_timestamp_dot_body():
    body = b'{"course":"2"}'
    expected = hmac.new(SECRET.encode(), b"%d.%s" % (STAMP, body), hashlib.sha256).hexdigest()
    assert sign(SECRET, STAMP, body) == f"sha256={expected}"


@given(secret=st.text(min_size=1), body=st.binary(), timestamp=st.integers(0, 2**40))
def test_a_signed_body_is_accepted_and_any_change_to_it_is_refused(secret, body, timestamp):
    digest = digest_of(sign(secret, timestamp, body))
    check_signature(secret, timestamp, digest, body)
    with pytest.raises(SignatureRefused):
        check_signature(secret, timestamp, digest, body + b" ")
    with pytest.raises(SignatureRefused):
        check_signature(secret, timestamp + 1, digest, body)
    with pytest.raises(SignatureRefused):
        check_signature(secret + "x", timestamp, digest, body)


def test_uppercase_hex_and_scheme_are_accepted():
    header = sign(SECRET, STAMP, b"{}").upper()
    check_signature(SECRET, STAMP, signature_digest(header), b"{}")


@pytest.mark.parametrize(
    "header",
    [None, "", "sha256=", "sha1=" + "0" * 40, "sha256=" + "g" * 64, "0" * 64, "sha256=" + "0" * 63],
)
def test_a_missing_or_malformed_signature_header_is_refused(header):
    with pytest.raises(SignatureRefused):
        signature_digest(header)


@given(offset=st.integers(-300, 300))
def test_a_timestamp_within_five_minutes_is_accepted(offset):
    assert signed_timestamp(str(STAMP + offset), NOW) == STAMP + offset


@given(offset=st.integers(301, 10**9), sign_=st.sampled_from([1, -1]))
def test_a_timestamp_further_than_five_minutes_is_refused(offset, sign_):
    with pytest.raises(SignatureRefused, match="5 minutes"):
        signed_timestamp(str(max(STAMP + sign_ * offset, 0)), NOW)


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "1.5", "1e9", "9" * 20])
def test_a_missing_or_malformed_timestamp_is_refused(header):
    with pytest.raises(SignatureRefused):
        signed_timestamp(header, NOW)


def body(**changes) -> dict:
    document = {
        "platform": {"issuer": "https://moodle.test", "client_id": "abc"},
        "course": "2",
        "grades": [
            {
                "learner": "4",
                "item": "course",
                "score": 8.5,
                "maximum": 10,
                "recorded_at": "2026-06-01T12:00:00Z",
            }
        ],
        "completions": [
            {"learner": "4", "item": "course", "completed": True, "passed": None},
        ],
    }
    document.update(changes)
    return decode_body(json.dumps(document).encode())


def test_a_body_becomes_webhook_results():
    document = body()
    assert platform_of(document) == ("https://moodle.test", "abc")
    push = read_push(document)
    assert push.course == "2"
    (grade,) = push.grades
    assert (grade.source, grade.learner, grade.score, grade.maximum) == (
        ResultSource.WEBHOOK,
        "4",
        Decimal("8.5"),
        Decimal("10"),
    )
    assert grade.recorded_at == NOW
    (done,) = push.completions
    assert done.completed and done.passed is None and done.recorded_at is None


@pytest.mark.parametrize(
    ("grade", "message"),
    [
        ({"score": "8"}, "grades[0].score must be a number"),
        ({"score": True}, "grades[0].score must be a number"),
        ({"score": -1}, "grades[0].score cannot be negative"),
        ({"maximum": 0}, "grades[0].maximum must be above 0"),
        ({"maximum": 1e12}, "grades[0].maximum must be at most"),
        ({"learner": ""}, "grades[0].learner must be a non-empty string"),
        ({"item": 5}, "grades[0].item must be a non-empty string"),
        ({"recorded_at": "yesterday"}, "grades[0].recorded_at must be an ISO 8601"),
        ({"recorded_at": "2026-06-01T12:00:00"}, "grades[0].recorded_at needs a time zone"),
    ],
)
def test_a_wrong_grade_is_named_by_its_path(grade, message):
    entry = {"learner": "4", "item": "course", "score": 8, "maximum": 10, **grade}
    with pytest.raises(InvalidInput, match=message.replace(".", r"\.").replace("[", r"\[")):
        read_push(body(grades=[entry]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"completions": [{"learner": "4", "item": "x", "completed": 1}]}, "completed must be"),
        (
            {"completions": [{"learner": "4", "item": "x", "completed": True, "passed": "y"}]},
            "passed",
        ),
        ({"completions": ["done"]}, r"completions\[0\] must be an object"),
        ({"grades": {}}, "grades must be an array"),
        ({"grades": [], "completions": []}, "at least one"),
        ({"course": None}, "course must be a non-empty string"),
    ],
)
def test_other_wrong_bodies_are_named(changes, message):
    with pytest.raises(InvalidInput, match=message):
        read_push(body(**changes))


def test_the_same_learner_and_item_twice_is_refused():
    done = {"learner": "4", "item": "course", "completed": True}
    with pytest.raises(InvalidInput, match=r"completions\[1\] repeats completions\[0\]"):
        read_push(body(completions=[done, done]))


def test_more_entries_than_allowed_are_refused():
    grades = [
        {"learner": str(n), "item": "i", "score": 1, "maximum": 1} for n in range(MAX_ENTRIES)
    ]
    done = {"learner": "4", "item": "course", "completed": True}
    with pytest.raises(TooManyEntries):
        read_push(body(grades=grades, completions=[done]))


@pytest.mark.parametrize("raw", [b"not json", b"[1]", b'{"a": NaN}', b"\xff"])
def test_a_body_that_is_no_json_object_is_refused(raw):
    with pytest.raises(InvalidInput):
        decode_body(raw)


@pytest.mark.parametrize("platform", [None, "x", {"issuer": "i"}, {"client_id": "c"}])
def test_the_platform_must_name_issuer_and_client_id(platform):
    with pytest.raises(InvalidInput, match="platform"):
        platform_of({"platform": platform})


def test_scores_are_kept_to_four_decimal_places():
    entry = {"learner": "4", "item": "course", "score": 8.123456, "maximum": 10}
    assert read_push(body(grades=[entry])).grades[0].score == Decimal("8.1235")
