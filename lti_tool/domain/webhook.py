"""Results an LMS or an automation pushes to POST /api/v1/results: the HMAC signature over the
timestamp and the raw body (the Stripe and GitHub webhook pattern), and the body read into
`Result`s and `Completion`s, each problem named by its JSON path."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from lti_tool.domain.errors import DomainError, InvalidInput
from lti_tool.domain.results import Completion, Result, ResultSource

SIGNATURE_SCHEME = "sha256="
# A signed request is accepted this long before and after its timestamp, so that a captured
# request cannot be replayed later; clocks of senders are kept by NTP.
TOLERANCE_SECONDS = 300
MAX_ENTRIES = 5000
# The columns results are kept in: Numeric(12, 4), String(1000) items, String(255) subjects
# and context ids, String(500) issuers, String(200) client IDs.
_PLACES = Decimal("0.0001")
_LARGEST = Decimal("99999999")
_ITEM_LENGTH = 1000
_SUBJECT_LENGTH = 255


class SignatureRefused(DomainError):
    """The request is not signed by a platform's webhook secret (HTTP 401); the message says
    what is wrong."""

    default_message = "The request is not signed with the platform's webhook secret."


class TooManyEntries(InvalidInput):
    """More grades and completions than one request may carry (HTTP 413)."""

    default_message = (
        f"Send at most {MAX_ENTRIES} grades and completions in one request; send the rest in "
        "another."
    )


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Microvet-Signature value: `sha256=` and the hex HMAC-SHA256, keyed by the secret's
    text, of `<timestamp>.<raw body>`."""
    message = f"{timestamp}.".encode("ascii") + body
    return SIGNATURE_SCHEME + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_timestamp(header: str | None, now: datetime) -> int:
    """The request's timestamp (Unix seconds); raises SignatureRefused when it is missing, not
    an integer, or more than TOLERANCE_SECONDS away from `now`."""
    if not header:
        raise SignatureRefused("The X-Microvet-Timestamp header (Unix seconds) is missing.")
    text = header.strip()
    if not (text.isascii() and text.isdecimal() and len(text) <= 12):
        raise SignatureRefused("X-Microvet-Timestamp must be the time in Unix seconds.")
    timestamp = int(text)
    if abs(now.timestamp() - timestamp) > TOLERANCE_SECONDS:
        raise SignatureRefused(
            f"X-Microvet-Timestamp is more than {TOLERANCE_SECONDS // 60} minutes away from "
            "the tool's clock: sign each request when it is sent, and keep the sender's clock "
            "right (NTP)."
        )
    return timestamp


def signature_digest(header: str | None) -> str:
    """The hex digest of an X-Microvet-Signature header; raises SignatureRefused when it is
    missing or not `sha256=` and 64 hex digits."""
    if not header:
        raise SignatureRefused("The X-Microvet-Signature header is missing.")
    scheme, digest = header[: len(SIGNATURE_SCHEME)], header[len(SIGNATURE_SCHEME) :].strip()
    is_hex = len(digest) == 64 and all(char in "0123456789abcdefABCDEF" for char in digest)
    if scheme.lower() != SIGNATURE_SCHEME or not is_hex:
        raise SignatureRefused(
            "X-Microvet-Signature must be sha256= and the 64 hex digits of the HMAC-SHA256 of "
            "'<timestamp>.<body>'."
        )
    return digest.lower()


def check_signature(secret: str, timestamp: int, digest: str, body: bytes) -> None:
    """Raise SignatureRefused unless `digest` is the body's signature by `secret`; compared in
    constant time, so that the time taken reveals nothing of the expected digest."""
    expected = sign(secret, timestamp, body)[len(SIGNATURE_SCHEME) :]
    if not hmac.compare_digest(expected.encode("ascii"), digest.encode("ascii")):
        raise SignatureRefused(
            "The signature does not match: sign '<timestamp>.<raw body>' with the platform's "
            "current webhook secret, byte for byte as sent."
        )


@dataclass(frozen=True)
class ResultsPush:
    """One request's results for one course of one platform."""

    course: str
    grades: tuple[Result, ...]
    completions: tuple[Completion, ...]


def decode_body(body: bytes) -> dict:
    """The JSON object of the body, numbers as Decimal; raises InvalidInput."""
    try:
        document = json.loads(body, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise InvalidInput("The body is not JSON (UTF-8, application/json).") from None
    if not isinstance(document, dict):
        raise InvalidInput("The body must be a JSON object.")
    return document


def platform_of(document: dict) -> tuple[str, str]:
    """The issuer and client ID the body names; raises InvalidInput."""
    platform = document.get("platform")
    if not isinstance(platform, dict):
        raise InvalidInput("platform must be an object with issuer and client_id.")
    return _text(platform, "issuer", "platform", 500), _text(platform, "client_id", "platform", 200)


def read_push(document: dict) -> ResultsPush:
    """The body's course, grades and completions, as results of the WEBHOOK source.

    Raises InvalidInput naming the first path that is wrong (`grades[3].score must be a
    number`), TooManyEntries. Scores are rounded to 4 decimal places, as they are kept.
    """
    grades, completions = _list(document, "grades"), _list(document, "completions")
    if len(grades) + len(completions) > MAX_ENTRIES:
        raise TooManyEntries()
    if not grades and not completions:
        raise InvalidInput("Send at least one grade or completion.")
    push = ResultsPush(
        course=_text(document, "course", ""),
        grades=tuple(_grade(entry, f"grades[{n}]") for n, entry in enumerate(grades)),
        completions=tuple(
            _completion(entry, f"completions[{n}]") for n, entry in enumerate(completions)
        ),
    )
    _refuse_repeats("grades", push.grades)
    _refuse_repeats("completions", push.completions)
    return push


def _grade(entry: object, path: str) -> Result:
    entry = _object(entry, path)
    score, maximum = _number(entry, "score", path), _number(entry, "maximum", path)
    if maximum <= 0:
        raise InvalidInput(f"{path}.maximum must be above 0.")
    if score < 0:
        raise InvalidInput(f"{path}.score cannot be negative.")
    return Result(
        learner=_text(entry, "learner", path, _SUBJECT_LENGTH),
        source=ResultSource.WEBHOOK,
        item=_text(entry, "item", path, _ITEM_LENGTH),
        score=score,
        maximum=maximum,
        recorded_at=_moment(entry, path),
    )


def _completion(entry: object, path: str) -> Completion:
    entry = _object(entry, path)
    completed, passed = entry.get("completed"), entry.get("passed")
    if not isinstance(completed, bool):
        raise InvalidInput(f"{path}.completed must be true or false.")
    if passed is not None and not isinstance(passed, bool):
        raise InvalidInput(f"{path}.passed must be true, false or null.")
    return Completion(
        learner=_text(entry, "learner", path, _SUBJECT_LENGTH),
        source=ResultSource.WEBHOOK,
        item=_text(entry, "item", path, _ITEM_LENGTH),
        completed=completed,
        passed=passed,
        recorded_at=_moment(entry, path),
    )


def _refuse_repeats(name: str, entries: tuple[Result, ...] | tuple[Completion, ...]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for n, entry in enumerate(entries):
        first = seen.setdefault((entry.learner, entry.item), n)
        if first != n:
            raise InvalidInput(f"{name}[{n}] repeats {name}[{first}]: the same learner and item.")


def _object(entry: object, path: str) -> dict:
    if not isinstance(entry, dict):
        raise InvalidInput(f"{path} must be an object.")
    return entry


def _list(document: dict, name: str) -> list:
    value = document.get(name, [])
    if not isinstance(value, list):
        raise InvalidInput(f"{name} must be an array.")
    return value


def _text(entry: dict, name: str, path: str, longest: int = 255) -> str:
    value, where = entry.get(name), f"{path}.{name}" if path else name
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{where} must be a non-empty string.")
    if len(value) > longest:
        raise InvalidInput(f"{where} must be at most {longest} characters.")
    return value


def _number(entry: dict, name: str, path: str) -> Decimal:
    value = entry.get(name)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidInput(f"{path}.{name} must be a number.")
    try:
        number = Decimal(value).quantize(_PLACES, rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        number = None
    if number is None or abs(number) > _LARGEST:
        raise InvalidInput(f"{path}.{name} must be at most {_LARGEST}.")
    return number


def _moment(entry: dict, path: str) -> datetime | None:
    value = entry.get("recorded_at")
    if value is None:
        return None
    where = f"{path}.recorded_at"
    if not isinstance(value, str):
        raise InvalidInput(f"{where} must be an ISO 8601 date and time, or null.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{where} must be an ISO 8601 date and time, or null.") from None
    if moment.tzinfo is None:
        raise InvalidInput(f"{where} needs a time zone, e.g. 2026-06-01T12:00:00Z.")
    return moment.astimezone(UTC)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
