"""Moodle's REST web services (Moodle 4.x and 5.x): a course's grades, completions and members,
read with a token that an administrator stored.

https://moodledev.io/docs/apis/subsystems/external — Moodle answers its own errors with HTTP 200
and `{exception, errorcode, message, debuginfo?}`, and its cron aggregates course completion, so
a fresh grade shows in the grade items before the course counts as completed
(tests/vectors/moodle-5.1/20-26d). Moodle's REST server takes the token in the query string; it
never enters a message of ours nor the exception chain we raise.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from types import NoneType
from typing import Any
from urllib.parse import quote

import requests

from adapters.errors import AdapterError
from lti_tool.domain.errors import (
    DomainError,
    InvalidInput,
    NotAllowed,
    NotFound,
    ServiceUnavailable,
)
from lti_tool.domain.launch import Role
from lti_tool.domain.results import COURSE_ITEM, Activity, Completion, Result, ResultSource
from lti_tool.domain.roster import Member

SITE_INFO = "core_webservice_get_site_info"
COURSE_COMPLETION = "core_completion_get_course_completion_status"
ACTIVITIES_COMPLETION = "core_completion_get_activities_completion_status"
GRADE_ITEMS = "gradereport_user_get_grade_items"
ENROLLED_USERS = "core_enrol_get_enrolled_users"
# What the external service of the token must hold for the tool to read a course.
NEEDED_FUNCTIONS = (
    SITE_INFO,
    COURSE_COMPLETION,
    ACTIVITIES_COMPLETION,
    GRADE_ITEMS,
    ENROLLED_USERS,
)

_UNREACHABLE = "Moodle at {url} could not be reached; try again in a moment."
_HTTP_FAILED = (
    "Moodle at {url} answered HTTP {status} instead of web service data. If this lasts, check "
    "that the address is the Moodle site's and that web services are enabled there."
)
_REST_DISABLED = (
    "Moodle at {url} refused web service calls (HTTP 403). Enable web services (Site "
    "administration › General › Advanced features) and the REST protocol (Site administration "
    "› Server › Web services › Manage protocols)."
)
_UNREADABLE = "Moodle answered {function} with data the tool cannot read ({detail})."
_MOODLE_ERRORS: dict[str, tuple[type[DomainError], str]] = {
    "invalidtoken": (
        NotAllowed,
        "Moodle refused the web service token: it is wrong, expired or its user was suspended "
        "({code}). Create a new token (Site administration › Server › Web services › Manage "
        "tokens) and store it again.",
    ),
    "accessexception": (
        NotAllowed,
        "Moodle did not let the token call {function} ({code}). Add {function} to the token's "
        "external service (Site administration › Server › Web services › External services › "
        "Functions), and check the service's user, IP and time restrictions.",
    ),
    "nopermissions": (
        NotAllowed,
        "Moodle did not let the token's user call {function}: {said} ({code}). Give that user "
        "a role with the capability it names.",
    ),
    "invalidrecord": (
        NotFound,
        "Moodle could not find a record it needed in {where}: {said} ({code}). Check that the "
        "course id stored for the course is right and that the course and its learners are "
        "still in Moodle.",
    ),
    "invalidparameter": (
        InvalidInput,
        "Moodle refused what the tool sent to {function}: {detail} ({code}). Check that the "
        "Moodle version is one the tool supports, and report this message if it is.",
    ),
}
_MOODLE_FAILED = "Moodle could not answer {function}: {said} ({code})."
# Moodle's activity completion states: (completed, passed).
_STATES = {0: (False, None), 1: (True, None), 2: (True, True), 3: (True, False)}
# Moodle's standard role archetypes; custom roles count as other.
_TEACHING = {"manager", "editingteacher", "teacher"}
_LEARNING = {"student"}


@dataclass(frozen=True)
class MoodleSite:
    """A Moodle site and the web service token an administrator stored for it."""

    url: str  # the site's base address, e.g. http://127.0.0.1:8400
    token: str = field(repr=False)  # never logged, never in a message

    @property
    def endpoint(self) -> str:
        return self.url.rstrip("/") + "/webservice/rest/server.php"


@dataclass(frozen=True)
class SiteInfo:
    """Who the token acts as and what it may call: what "test the connection" shows."""

    name: str
    user_id: str
    username: str
    release: str
    functions: frozenset[str]

    @property
    def missing(self) -> tuple[str, ...]:
        """The functions the tool needs that the token's external service lacks."""
        return tuple(name for name in NEEDED_FUNCTIONS if name not in self.functions)


@dataclass(frozen=True)
class GradeReport:
    """A course's grades: one result per learner per graded item, the course total as
    COURSE_ITEM, and every graded activity, whether graded yet or not."""

    results: tuple[Result, ...]
    activities: tuple[Activity, ...]


class MoodleWebServices:
    """Reads a course's results from Moodle's web services.

    Every method raises NotAllowed when Moodle refuses the token or the call, NotFound when it
    lacks the course, InvalidInput when it refuses the parameters (or `user_id` is no Moodle id),
    and ServiceUnavailable when it cannot be reached, fails or answers what the tool cannot
    read. Each message says what an administrator can do and never holds the token.
    """

    def __init__(self, *, session: requests.Session):
        self._session = session

    def site_info(self, site: MoodleSite) -> SiteInfo:
        """The site's name and release, the token's user and the functions it may call."""
        body = self._call(site, SITE_INFO)
        with _reading(SITE_INFO):
            functions = _field(body, "functions", list)
            return SiteInfo(
                name=_field(body, "sitename", str),
                user_id=str(_field(body, "userid", int)),
                username=_field(body, "username", str),
                release=_field(body, "release", str),
                functions=frozenset(_field(function, "name", str) for function in functions),
            )

    def course_completion(self, site: MoodleSite, *, course_id: int, user_id: str) -> Completion:
        """Whether the learner completed the course, as of Moodle's last cron run; recorded_at
        is when the last criterion was met."""
        moodle_user = _moodle_id(user_id)
        body = self._call(site, COURSE_COMPLETION, courseid=course_id, userid=moodle_user)
        with _reading(COURSE_COMPLETION):
            status = _field(body, "completionstatus", dict)
            completed = _field(status, "completed", bool)
            met = [_moment(c, "timecompleted") for c in _field(status, "completions", list)]
            return Completion(
                learner=str(moodle_user),
                source=ResultSource.MOODLE,
                item=COURSE_ITEM,
                completed=completed,
                recorded_at=max(filter(None, met), default=None) if completed else None,
            )

    def activities_completion(
        self, site: MoodleSite, *, course_id: int, user_id: str
    ) -> list[Completion]:
        """The learner's completion of each tracked activity (item: the course module id)."""
        moodle_user = _moodle_id(user_id)
        body = self._call(site, ACTIVITIES_COMPLETION, courseid=course_id, userid=moodle_user)
        with _reading(ACTIVITIES_COMPLETION):
            statuses = _field(body, "statuses", list)
            return [_activity_completion(str(moodle_user), status) for status in statuses]

    def grade_items(
        self, site: MoodleSite, *, course_id: int, user_id: str | None = None
    ) -> GradeReport:
        """Every learner's grades in the course, or only `user_id`'s; ungraded items give no
        result."""
        params = {"courseid": course_id}
        if user_id is not None:
            params["userid"] = _moodle_id(user_id)
        body = self._call(site, GRADE_ITEMS, **params)
        with _reading(GRADE_ITEMS):
            return _grade_report(_field(body, "usergrades", list))

    def enrolled_users(self, site: MoodleSite, *, course_id: int) -> list[Member]:
        """Everyone enrolled in the course; only ids, names and roles are kept (least data)."""
        body = self._call(site, ENROLLED_USERS, courseid=course_id)
        with _reading(ENROLLED_USERS):
            return [_member(user) for user in _of_type(body, "the users", list)]

    def _call(self, site: MoodleSite, function: str, **params: int) -> object:
        """The JSON Moodle answered `function` with, when it is not one of Moodle's errors."""
        query = {"wstoken": site.token, "wsfunction": function, "moodlewsrestformat": "json"}
        try:
            response = self._session.get(site.endpoint, params=query | params)
        except requests.RequestException as error:
            # The error's text holds the URL, token included: only a redacted copy is chained.
            detail = AdapterError(_without_token(str(error), site.token))
            raise ServiceUnavailable(_UNREACHABLE.format(url=site.url)) from detail
        body = _json_of(response, site, function)
        if isinstance(body, dict) and "exception" in body:
            raise _moodle_error(site, function, body, course_id=params.get("courseid"))
        return body


def _json_of(response: requests.Response, site: MoodleSite, function: str) -> object:
    """The answer's JSON. Raises NotAllowed for HTTP 403 (Moodle's answer while its REST
    protocol is disabled), ServiceUnavailable for another status or a body that is not JSON."""
    if response.status_code == 403:
        raise NotAllowed(_REST_DISABLED.format(url=site.url))
    if response.status_code != 200:
        raise ServiceUnavailable(_HTTP_FAILED.format(url=site.url, status=response.status_code))
    with _reading(function):
        try:
            return response.json()
        except ValueError as error:
            raise _Unreadable("not JSON") from error


def _moodle_error(
    site: MoodleSite, function: str, body: dict, *, course_id: int | None
) -> DomainError:
    """The domain error for one of Moodle's errors, saying what the administrator can do."""
    code = _text(body.get("errorcode")) or "no error code"
    kind, template = _MOODLE_ERRORS.get(code, (ServiceUnavailable, _MOODLE_FAILED))
    said = _text(body.get("message"))
    message = template.format(
        function=function,
        code=code,
        said=said,
        detail=_text(body.get("debuginfo")) or said,
        where="this site" if course_id is None else f"course {course_id}",
    )
    return kind(_without_token(message, site.token))


def _without_token(text: str, token: str) -> str:
    for form in {token, quote(token, safe="")} - {""}:
        text = text.replace(form, "<token>")
    return text


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _moodle_id(user_id: str) -> int:
    if not (user_id.isascii() and user_id.isdecimal()):
        raise InvalidInput(f"A Moodle user id is a number, not {user_id!r}.")
    return int(user_id)


class _Unreadable(Exception):
    """A part of Moodle's answer is missing or not what Moodle documents; the text names it."""


@contextlib.contextmanager
def _reading(function: str) -> Iterator[None]:
    """Turns an unreadable part of the answer to `function` into ServiceUnavailable."""
    try:
        yield
    except _Unreadable as error:
        message = _UNREADABLE.format(function=function, detail=error)
        raise ServiceUnavailable(message) from error


def _of_type(value: object, what: str, *kinds: type) -> Any:
    """`value` when it is exactly of one of JSON's `kinds` (so that True is no int)."""
    if type(value) not in kinds:
        names = " or ".join("null" if kind is NoneType else kind.__name__ for kind in kinds)
        raise _Unreadable(f"{what} is not {names}")
    return value


def _field(record: object, name: str, *kinds: type) -> Any:
    if not isinstance(record, dict) or name not in record:
        raise _Unreadable(f"`{name}` is missing")
    return _of_type(record[name], f"`{name}`", *kinds)


def _number(record: object, name: str) -> Decimal:
    number = Decimal(str(_field(record, name, int, float)))
    if not number.is_finite():
        raise _Unreadable(f"`{name}` is not a number")
    return number


def _moment(record: object, name: str) -> datetime | None:
    """A Unix time of Moodle's as a datetime; Moodle writes null or 0 for never."""
    seconds = _field(record, name, int, NoneType)
    try:
        return datetime.fromtimestamp(seconds, UTC) if seconds else None
    except (OverflowError, OSError, ValueError) as error:
        raise _Unreadable(f"`{name}` is not a time") from error


def _activity_completion(learner: str, status: object) -> Completion:
    state = _field(status, "state", int)
    if state not in _STATES:
        raise _Unreadable(f"`state` {state} is not a completion state")
    completed, passed = _STATES[state]
    return Completion(
        learner=learner,
        source=ResultSource.MOODLE,
        item=str(_field(status, "cmid", int)),
        completed=completed,
        passed=passed,
        recorded_at=_moment(status, "timecompleted") if completed else None,
    )


def _grade_report(users: list) -> GradeReport:
    results: list[Result] = []
    activities: dict[str, Activity] = {}
    for user in users:
        learner = str(_field(user, "userid", int))
        for grade in _field(user, "gradeitems", list):
            item = _item_of(grade)
            if item is None:
                continue
            if item != COURSE_ITEM:
                activities.setdefault(item, _activity(item, grade))
            if _field(grade, "graderaw", int, float, NoneType) is not None:
                results.append(_result(learner, item, grade))
    return GradeReport(results=tuple(results), activities=tuple(activities.values()))


def _item_of(grade: object) -> str | None:
    """The course module id of an activity's grade (with the item number after a slash for
    an activity's second grade, e.g. a workshop's), COURSE_ITEM for the course total, None
    for category totals and manual items, which no activity stands for."""
    kind = _field(grade, "itemtype", str)
    if kind == "course":
        return COURSE_ITEM
    if kind != "mod":
        return None
    module, number = _field(grade, "cmid", int), _field(grade, "itemnumber", int)
    return str(module) if number == 0 else f"{module}/{number}"


def _activity(item: str, grade: object) -> Activity:
    name = _field(grade, "itemname", str)
    return Activity(item=item, name=name, kind=_field(grade, "itemmodule", str))


def _result(learner: str, item: str, grade: object) -> Result:
    try:
        return Result(
            learner=learner,
            source=ResultSource.MOODLE,
            item=item,
            score=_number(grade, "graderaw"),
            maximum=_number(grade, "grademax"),
            recorded_at=_moment(grade, "gradedategraded"),
        )
    except InvalidInput as error:  # a negative grade, or a maximum of 0
        raise _Unreadable(error.message) from error


def _member(user: object) -> Member:
    roles = {_field(role, "shortname", str) for role in _field(user, "roles", list)}
    return Member(
        subject=str(_field(user, "id", int)),
        name=_field(user, "fullname", str),
        role=_role_of(roles),
    )


def _role_of(shortnames: set[str]) -> Role:
    """The highest of the roles, as a launch would give it: Moodle launches a course manager
    as an Instructor."""
    if shortnames & _TEACHING:
        return Role.TEACHER
    if shortnames & _LEARNING:
        return Role.LEARNER
    return Role.OTHER
