"""Results pushed to POST /api/v1/results, signed per platform: an administrator creates the
secret (shown once, kept sealed), a signed push keeps results and grants awards once, and every
refusal answers JSON with its status and stores nothing."""

import json
import time

import pytest
from sqlalchemy import func, select

from lti_tool.domain.rules import AllOf, CourseCompleted, Rule
from lti_tool.domain.webhook import MAX_ENTRIES, sign
from lti_tool.extensions import db
from lti_tool.models import Award, AwardRule, CompletionRow, Course, Person, Platform
from lti_tool.models import Result as ResultRow
from tests.conftest import Moodle
from tests.web.test_walking_skeleton import define_micro_credential

URL = "/api/v1/results"


class Webhook:
    """The demo course with a micro-credential awarded on course completion, and a sender."""

    def __init__(self, moodle):
        self.app = moodle.app
        teacher = moodle.launch(Moodle.TEACHER)
        assert define_micro_credential(teacher).status_code == 302
        with self.app.app_context():
            rule = AwardRule(micro_credential_id=1)
            rule.set_domain(Rule(AllOf((CourseCompleted(),))))
            db.session.add(rule)
            platform = db.session.scalars(select(Platform)).one()
            self.issuer, self.client_id = platform.issuer, platform.client_id
            self.course = db.session.scalars(select(Course.context_id)).one()
            db.session.commit()
        self.client = self.app.test_client()

    def create_secret(self, **options):
        args = ["lti", "platform", "webhook-secret", "--issuer", self.issuer, "--client-id"]
        args.append(options.get("client_id", self.client_id))
        return self.app.test_cli_runner().invoke(args=args)

    def new_secret(self) -> str:
        result = self.create_secret()
        assert result.exit_code == 0, result.output
        return result.output.split("): ", 1)[1].split()[0]

    def body(self, **changes) -> dict:
        return {
            "platform": {"issuer": self.issuer, "client_id": self.client_id},
            "course": self.course,
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
                {
                    "learner": "4",
                    "item": "course",
                    "completed": True,
                    "passed": None,
                    "recorded_at": "2026-06-01T12:00:00Z",
                },
                {"learner": "5", "item": "course", "completed": False, "passed": None},
            ],
            **changes,
        }

    def push(self, secret: str, body=None, *, timestamp=None, headers=None, raw=None):
        raw = raw if raw is not None else json.dumps(body or self.body()).encode()
        timestamp = int(time.time()) if timestamp is None else timestamp
        sent = {
            "X-Microvet-Timestamp": str(timestamp),
            "X-Microvet-Signature": sign(secret, timestamp, raw),
            "Content-Type": "application/json",
        }
        sent.update(headers or {})
        sent = {name: value for name, value in sent.items() if value is not None}
        return self.client.post(URL, data=raw, headers=sent)

    def stored(self) -> tuple[int, int, int]:
        """Rows of results, completions and awards."""
        with self.app.app_context():
            return tuple(
                db.session.scalar(select(func.count()).select_from(model))
                for model in (ResultRow, CompletionRow, Award)
            )

    def awarded(self) -> set[str]:
        with self.app.app_context():
            return set(
                db.session.scalars(select(Person.subject).join(Award, Award.person_id == Person.id))
            )


@pytest.fixture
def hook(moodle, http):
    return Webhook(moodle)


def refusal(answer, status: int, words: str) -> None:
    assert answer.status_code == status, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert error["status"] == status
    assert words in error["message"], error["message"]


def test_an_administrator_creates_a_secret_shown_once_and_kept_sealed(hook):
    secret = hook.new_secret()
    assert len(secret) == 43  # 32 bytes, base64url without padding
    with hook.app.app_context():
        sealed = db.session.scalars(select(Platform.webhook_secret_sealed)).one()
    assert sealed and secret not in sealed
    refused = hook.create_secret(client_id="nobody")
    assert refused.exit_code == 1 and "No platform with this issuer" in refused.output


def test_a_signed_push_keeps_results_grants_once_and_changes_nothing_twice(hook):
    secret = hook.new_secret()
    answer = hook.push(secret)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json() == {
        "grades_read": 1,
        "completions_read": 2,
        "changed": 3,
        "awards_granted": 1,
    }
    assert hook.awarded() == {"4"}
    with hook.app.app_context():
        assert set(db.session.scalars(select(ResultRow.source))) == {"webhook"}
        assert db.session.scalars(select(ResultRow.score)).one() == 8.5
    again = hook.push(secret)
    assert again.get_json() == {
        "grades_read": 1,
        "completions_read": 2,
        "changed": 0,
        "awards_granted": 0,
    }
    assert hook.stored() == (1, 2, 1)


def test_a_later_result_replaces_the_earlier_one(hook):
    secret = hook.new_secret()
    hook.push(secret)
    done = {"learner": "5", "item": "course", "completed": True}
    answer = hook.push(secret, hook.body(grades=[], completions=[done]))
    assert answer.get_json()["changed"] == 1
    assert answer.get_json()["awards_granted"] == 1
    assert hook.awarded() == {"4", "5"}
    assert hook.stored() == (1, 2, 2)


def test_an_older_push_replayed_does_not_replace_a_newer_result(hook):
    secret = hook.new_secret()
    older = hook.body()
    newer = json.loads(json.dumps(older))
    newer["grades"][0] |= {"score": 3, "recorded_at": "2026-06-02T12:00:00Z"}
    assert hook.push(secret, newer).status_code == 200
    replayed = hook.push(secret, older)
    assert replayed.get_json()["changed"] == 0
    with hook.app.app_context():
        assert db.session.scalars(select(ResultRow.score)).one() == 3


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({"X-Microvet-Signature": None}, "X-Microvet-Signature header is missing"),
        ({"X-Microvet-Signature": "sha256=abc"}, "must be sha256= and the 64 hex digits"),
        ({"X-Microvet-Signature": "sha256=" + "0" * 64}, "The signature does not match"),
        ({"X-Microvet-Timestamp": None}, "X-Microvet-Timestamp header (Unix seconds) is missing"),
        ({"X-Microvet-Timestamp": "now"}, "must be the time in Unix seconds"),
    ],
)
def test_a_missing_malformed_or_wrong_signature_is_refused(hook, headers, words):
    secret = hook.new_secret()
    answer = hook.push(secret, headers=headers)
    refusal(answer, 401, words)
    assert answer.headers["WWW-Authenticate"].startswith("HMAC-SHA256")
    assert hook.stored() == (0, 0, 0)


@pytest.mark.parametrize("offset", [-301, 301, -86400])
def test_a_timestamp_outside_five_minutes_is_refused_even_correctly_signed(hook, offset):
    secret = hook.new_secret()
    refusal(hook.push(secret, timestamp=int(time.time()) + offset), 401, "5 minutes")
    assert hook.stored() == (0, 0, 0)


def test_an_unknown_platform_or_one_without_a_secret_is_refused(hook):
    refusal(hook.push("no secret yet"), 401, "flask lti platform webhook-secret")
    secret = hook.new_secret()
    stranger = hook.body(platform={"issuer": hook.issuer, "client_id": "someone-else"})
    refusal(hook.push(secret, stranger), 401, "No platform with this issuer and client ID")
    assert hook.stored() == (0, 0, 0)


def test_a_replaced_secret_no_longer_signs(hook):
    old = hook.new_secret()
    new = hook.new_secret()
    assert new != old
    refusal(hook.push(old), 401, "The signature does not match")
    assert hook.push(new).status_code == 200


def test_a_body_signed_for_another_body_is_refused(hook):
    secret = hook.new_secret()
    raw = json.dumps(hook.body()).encode()
    timestamp = int(time.time())
    forged = raw.replace(b"8.5", b"9.5")
    answer = hook.client.post(
        URL,
        data=forged,
        headers={
            "X-Microvet-Timestamp": str(timestamp),
            "X-Microvet-Signature": sign(secret, timestamp, raw),
        },
    )
    refusal(answer, 401, "The signature does not match")


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"grades": [{"learner": "4", "item": "x", "score": "8", "maximum": 10}]},
            "grades[0].score must be a number",
        ),
        (
            {"completions": [{"learner": "4", "item": "course", "completed": "yes"}]},
            "completions[0].completed must be true or false",
        ),
        ({"course": ""}, "course must be a non-empty string"),
    ],
)
def test_an_invalid_body_is_refused_naming_the_path_and_nothing_is_stored(hook, changes, words):
    secret = hook.new_secret()
    body = hook.body(**changes)
    refusal(hook.push(secret, body), 400, words)
    assert hook.stored() == (0, 0, 0)


def test_a_wrong_entry_after_good_ones_stores_none_of_them(hook):
    secret = hook.new_secret()
    good = hook.body()["grades"][0]
    bad = {**good, "learner": "5", "maximum": 0}
    refusal(hook.push(secret, hook.body(grades=[good, bad])), 400, "grades[1].maximum")
    assert hook.stored() == (0, 0, 0)


def test_a_body_that_is_not_json_or_names_no_platform_is_refused(hook):
    secret = hook.new_secret()
    refusal(hook.push(secret, raw=b"course=2"), 400, "The body is not JSON")
    refusal(hook.push(secret, raw=b'{"course": "2"}'), 400, "platform must be an object")


def test_an_unknown_course_is_not_found(hook):
    secret = hook.new_secret()
    refusal(hook.push(secret, hook.body(course="999999")), 404, "No course with the context id")
    assert hook.stored() == (0, 0, 0)


def test_a_course_of_another_platform_is_not_found(hook):
    with hook.app.app_context():
        course = db.session.scalars(select(Course)).one()
        other = Platform(
            name="Other",
            issuer="https://other.test",
            client_id="other",
            auth_login_url="https://other.test/login",
            auth_token_url="https://other.test/token",
            key_set_url="https://other.test/jwks",
            organisation_id=course.organisation_id,
        )
        db.session.add(other)
        db.session.commit()
    result = hook.app.test_cli_runner().invoke(
        args=[
            "lti",
            "platform",
            "webhook-secret",
            "--issuer",
            "https://other.test",
            "--client-id",
            "other",
        ]
    )
    secret = result.output.split("): ", 1)[1].split()[0]
    body = hook.body(platform={"issuer": "https://other.test", "client_id": "other"})
    refusal(hook.push(secret, body), 404, "No course with the context id")
    assert hook.stored() == (0, 0, 0)


def test_too_large_a_body_or_too_many_entries_is_refused(hook):
    secret = hook.new_secret()
    padding = hook.body(padding="x" * (1024 * 1024))
    assert hook.push(secret, padding).status_code == 413
    done = [{"learner": str(n), "item": "course", "completed": True} for n in range(MAX_ENTRIES)]
    refusal(hook.push(secret, hook.body(completions=done)), 413, "at most 5000")
    assert hook.stored() == (0, 0, 0)


def test_the_openapi_description_documents_the_endpoint(hook):
    spec = hook.client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/results"]["post"]
    headers = {parameter["name"] for parameter in operation["parameters"]}
    assert headers == {"X-Microvet-Timestamp", "X-Microvet-Signature"}
    assert {"200", "400", "401", "404", "413"} <= operation["responses"].keys()
    assert "openssl dgst -sha256 -hmac" in operation["description"]
