"""Moodle's web services as Moodle 5.1 answers them (20-26d), and every way they can fail."""

import copy
import json
import traceback
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import requests
import responses
from responses import matchers

from adapters.http import make_session
from adapters.lms.moodle_ws import (
    ENROLLED_USERS,
    GRADE_ITEMS,
    SITE_INFO,
    MoodleSite,
    MoodleWebServices,
)
from lti_tool.domain.errors import InvalidInput, NotAllowed, NotFound, ServiceUnavailable
from lti_tool.domain.launch import Role
from lti_tool.domain.results import COURSE_ITEM, Activity, Completion, Result, ResultSource
from lti_tool.domain.roster import Member
from tests.adapters.lms.support import ISSUER, UNREACHABLE, UNREADABLE, capture

TOKEN = "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
SITE = MoodleSite(url=ISSUER + "/", token=TOKEN)
ENDPOINT = f"{ISSUER}/webservice/rest/server.php"
GRADED = datetime(2026, 11, 22, 22, 41, 37, tzinfo=UTC)  # 1795387297, student1's grade
LTI_GRADED = datetime(2026, 11, 22, 23, 27, tzinfo=UTC)  # 1795390020, student2's LTI score
LTI_TOTALLED = datetime(2026, 11, 22, 23, 27, 1, tzinfo=UTC)  # 1795390021, their course total
# capture: the call that sends its request
CALLS = {
    "20-ws-course-completion-complete.json": lambda ws: ws.course_completion(
        SITE, course_id=2, user_id="4"
    ),
    "20b-ws-course-completion-incomplete.json": lambda ws: ws.course_completion(
        SITE, course_id=2, user_id="5"
    ),
    "21-ws-activities-completion.json": lambda ws: ws.activities_completion(
        SITE, course_id=2, user_id="4"
    ),
    "22-ws-grade-items.json": lambda ws: ws.grade_items(SITE, course_id=2),
    "22b-ws-grade-items-user.json": lambda ws: ws.grade_items(SITE, course_id=2, user_id="4"),
    "23-ws-enrolled-users.json": lambda ws: ws.enrolled_users(SITE, course_id=2),
    "25-ws-site-info.json": lambda ws: ws.site_info(SITE),
}


@pytest.fixture
def moodle():
    """Moodle's REST server; every answer added must be asked for."""
    with responses.RequestsMock() as mock:
        yield mock


@pytest.fixture
def ws() -> MoodleWebServices:
    return MoodleWebServices(session=make_session(timeout=5, retries=0))


def answer(moodle: responses.RequestsMock, name: str, body: object | None = None) -> None:
    """Moodle answering as in capture `name` (or with `body`), only to the request captured."""
    captured = capture(name)
    sent = {key: str(value) for key, value in captured["request"]["params"].items()}
    moodle.get(
        ENDPOINT,
        json=captured["response"]["body"] if body is None else body,
        match=[matchers.query_param_matcher(sent | {"wstoken": TOKEN})],
    )


def answer_any(moodle: responses.RequestsMock, **answer) -> None:
    moodle.get(ENDPOINT, **answer)


def body_of(name: str) -> object:
    return copy.deepcopy(capture(name)["response"]["body"])


def assert_no_token(error: BaseException) -> None:
    """Neither the message nor anything on the exception chain shows the token."""
    assert TOKEN not in "".join(traceback.format_exception(error))


@pytest.mark.parametrize("name", CALLS)
def test_each_call_sends_what_moodle_was_sent(ws, moodle, name):
    answer(moodle, name)

    CALLS[name](ws)

    assert len(moodle.calls) == 1


def test_site_info_says_who_the_token_is_and_what_it_may_call(ws, moodle):
    answer(moodle, "25-ws-site-info.json")

    info = ws.site_info(SITE)

    assert (info.name, info.user_id, info.username) == ("Holdout Moodle", "6", "wsuser")
    assert info.release == "5.1+ (Build: 20251017)"
    assert len(info.functions) == 12
    assert info.missing == ()


def test_site_info_names_the_functions_the_service_lacks(ws, moodle):
    body = body_of("25-ws-site-info.json")
    body["functions"] = [f for f in body["functions"] if f["name"] != GRADE_ITEMS]
    answer(moodle, "25-ws-site-info.json", body)

    assert ws.site_info(SITE).missing == (GRADE_ITEMS,)


def test_a_completed_course_is_recorded_when_its_last_criterion_was_met(ws, moodle):
    answer(moodle, "20-ws-course-completion-complete.json")

    completion = ws.course_completion(SITE, course_id=2, user_id="4")

    assert completion == Completion(
        learner="4",
        source=ResultSource.MOODLE,
        item=COURSE_ITEM,
        completed=True,
        recorded_at=GRADED,
    )


def test_a_course_not_completed_yet_has_no_time(ws, moodle):
    answer(moodle, "20b-ws-course-completion-incomplete.json")

    completion = ws.course_completion(SITE, course_id=2, user_id="5")

    assert (completion.learner, completion.completed, completion.recorded_at) == ("5", False, None)


def test_activities_completion_gives_each_course_modules_state(ws, moodle):
    answer(moodle, "21-ws-activities-completion.json")

    completions = ws.activities_completion(SITE, course_id=2, user_id="4")

    assert completions == [
        Completion("4", ResultSource.MOODLE, "1", completed=True, passed=True, recorded_at=GRADED),
        Completion("4", ResultSource.MOODLE, "2", completed=False),
    ]


@pytest.mark.parametrize(
    ("state", "completed", "passed"),
    [(0, False, None), (1, True, None), (2, True, True), (3, True, False)],
)
def test_activity_completion_states_are_moodles(ws, moodle, state, completed, passed):
    body = body_of("21-ws-activities-completion.json")
    body["statuses"][0]["state"] = state
    answer(moodle, "21-ws-activities-completion.json", body)

    first = ws.activities_completion(SITE, course_id=2, user_id="4")[0]

    assert (first.completed, first.passed) == (completed, passed)
    assert first.recorded_at == (GRADED if completed else None)


def test_grade_items_give_each_learners_grades_and_course_total(ws, moodle):
    answer(moodle, "22-ws-grade-items.json")

    report = ws.grade_items(SITE, course_id=2)

    hundred = Decimal(100)
    assert report.results == (
        Result("5", ResultSource.MOODLE, "2", Decimal(64), hundred, LTI_GRADED),
        Result("5", ResultSource.MOODLE, COURSE_ITEM, Decimal(64), hundred, LTI_TOTALLED),
        Result("4", ResultSource.MOODLE, "1", Decimal(85), hundred, GRADED),
        Result("4", ResultSource.MOODLE, COURSE_ITEM, Decimal(85), hundred, GRADED),
    )
    assert report.activities == (
        Activity(item="1", name="VET-101 Assessment 1", kind="assign"),
        Activity(item="2", name="Holdout LTI Activity", kind="lti"),
    )


def test_one_learners_grade_items_keep_the_activities_not_graded_yet(ws, moodle):
    answer(moodle, "22b-ws-grade-items-user.json")

    report = ws.grade_items(SITE, course_id=2, user_id="4")

    assert [(r.learner, r.item, r.score) for r in report.results] == [
        ("4", "1", 85),
        ("4", COURSE_ITEM, 85),
    ]
    assert [a.item for a in report.activities] == ["1", "2"]


def test_an_activitys_second_grade_is_its_own_item_and_totals_of_categories_are_left_out(
    ws, moodle
):
    body = body_of("22b-ws-grade-items-user.json")
    items = body["usergrades"][0]["gradeitems"]
    workshop = items[0] | {"cmid": 7, "itemnumber": 1, "itemmodule": "workshop", "graderaw": 8.5}
    category = items[2] | {"itemtype": "category", "graderaw": 50}
    body["usergrades"][0]["gradeitems"] = [workshop, category]
    answer(moodle, "22b-ws-grade-items-user.json", body)

    report = ws.grade_items(SITE, course_id=2, user_id="4")

    assert [(r.item, r.score) for r in report.results] == [("7/1", Decimal("8.5"))]
    assert [(a.item, a.kind) for a in report.activities] == [("7/1", "workshop")]


def test_enrolled_users_become_members_with_their_roles(ws, moodle):
    answer(moodle, "23-ws-enrolled-users.json")

    members = ws.enrolled_users(SITE, course_id=2)

    assert members == [
        Member(subject="3", name="Tina Teacher", role=Role.TEACHER),
        Member(subject="4", name="Sam Student", role=Role.LEARNER),
        Member(subject="5", name="Sally Student", role=Role.LEARNER),
    ]


@pytest.mark.parametrize(
    ("shortnames", "role"),
    [
        (["student", "teacher"], Role.TEACHER),
        (["manager"], Role.TEACHER),
        (["student"], Role.LEARNER),
        (["guest"], Role.OTHER),
        ([], Role.OTHER),
    ],
)
def test_the_highest_moodle_role_decides(ws, moodle, shortnames, role):
    body = body_of("23-ws-enrolled-users.json")[:1]
    body[0]["roles"] = [{"roleid": 9, "shortname": name} for name in shortnames]
    answer(moodle, "23-ws-enrolled-users.json", body)

    (member,) = ws.enrolled_users(SITE, course_id=2)

    assert member.role == role


def course_999(ws):
    return ws.course_completion(SITE, course_id=999, user_id="4")


# capture: the call answered with it, the domain error, and words of its message (what to do,
# and Moodle's errorcode)
MOODLE_ERRORS = {
    "26-ws-error-invalid-token.json": (
        lambda ws: ws.site_info(SITE),
        NotAllowed,
        ["Create a new token", "Manage tokens", "(invalidtoken)"],
    ),
    "26b-ws-error-function-not-in-service.json": (
        lambda ws: ws.grade_items(SITE, course_id=2),
        NotAllowed,
        [f"Add {GRADE_ITEMS} to the token's external service", "(accessexception)"],
    ),
    "26c-ws-error-missing-parameter.json": (
        course_999,
        InvalidInput,
        ["Missing required key in single structure: userid", "(invalidparameter)"],
    ),
    "26d-ws-error-course-not-found.json": (
        course_999,
        NotFound,
        ["course 999", "database table course", "(invalidrecord)", "course id"],
    ),
}


@pytest.mark.parametrize("name", MOODLE_ERRORS)
def test_moodles_errors_say_what_to_do_without_the_token(ws, moodle, name):
    call, kind, words = MOODLE_ERRORS[name]
    answer_any(moodle, json=capture(name)["response"]["body"])

    with pytest.raises(kind) as raised:
        call(ws)

    for word in words:
        assert word in raised.value.message
    assert_no_token(raised.value)


def test_a_moodle_error_the_tool_does_not_know_keeps_moodles_words(ws, moodle):
    error = {"exception": "moodle_exception", "errorcode": "sitemaintenance", "message": "Down"}
    answer_any(moodle, json=error)

    with pytest.raises(ServiceUnavailable, match=r"could not answer .*: Down \(sitemaintenance\)"):
        ws.enrolled_users(SITE, course_id=2)


def test_a_token_moodle_repeats_is_masked(ws, moodle):
    error = {"exception": "x", "errorcode": "nopermissions", "message": f"No ({TOKEN})"}
    answer_any(moodle, json=error)

    with pytest.raises(NotAllowed, match="Give that user a role") as raised:
        ws.grade_items(SITE, course_id=2)

    assert_no_token(raised.value)


def test_an_unreachable_moodle_is_unavailable_and_its_error_keeps_no_token(ws, moodle):
    failure = requests.ConnectionError(f"Max retries exceeded with url: /?wstoken={TOKEN}")
    answer_any(moodle, body=failure)

    with pytest.raises(ServiceUnavailable, match=UNREACHABLE) as raised:
        ws.site_info(SITE)

    assert ISSUER in raised.value.message
    assert "<token>" in str(raised.value.__cause__)
    assert_no_token(raised.value)


@pytest.mark.parametrize("status", [500, 503, 404])
def test_an_http_error_is_unavailable(ws, moodle, status):
    answer_any(moodle, status=status, body="<html>Error</html>")

    with pytest.raises(ServiceUnavailable, match=f"answered HTTP {status}") as raised:
        ws.enrolled_users(SITE, course_id=2)

    assert_no_token(raised.value)


def test_a_moodle_with_rest_disabled_says_to_enable_it(ws, moodle):
    answer_any(moodle, status=403, body="")

    with pytest.raises(NotAllowed, match="REST protocol"):
        ws.site_info(SITE)


def test_an_answer_that_is_not_json_cannot_be_read(ws, moodle):
    answer_any(moodle, body="<b>Notice</b>: Undefined index", content_type="text/html")

    with pytest.raises(ServiceUnavailable, match=UNREADABLE) as raised:
        ws.site_info(SITE)

    assert_no_token(raised.value)


def spoil(name: str, change) -> object:
    body = body_of(name)
    change(body)
    return body


def first_grade(body: dict) -> dict:
    return body["usergrades"][0]["gradeitems"][0]


# a call, its answer with a wrong shape, and what the message names
SHAPES = {
    "statuses not a list": (
        lambda ws: ws.activities_completion(SITE, course_id=2, user_id="4"),
        {"statuses": {"cmid": 1}, "warnings": []},
        "`statuses` is not list",
    ),
    "an unknown completion state": (
        lambda ws: ws.activities_completion(SITE, course_id=2, user_id="4"),
        spoil("21-ws-activities-completion.json", lambda b: b["statuses"][0].update(state=7)),
        "`state` 7",
    ),
    "completed as text": (
        lambda ws: ws.course_completion(SITE, course_id=2, user_id="4"),
        spoil(
            "20-ws-course-completion-complete.json",
            lambda b: b["completionstatus"].update(completed="yes"),
        ),
        "`completed` is not bool",
    ),
    "a time out of range": (
        lambda ws: ws.course_completion(SITE, course_id=2, user_id="4"),
        spoil(
            "20-ws-course-completion-complete.json",
            lambda b: b["completionstatus"]["completions"][0].update(timecompleted=10**20),
        ),
        "`timecompleted` is not a time",
    ),
    "a grade as text": (
        lambda ws: ws.grade_items(SITE, course_id=2),
        spoil("22-ws-grade-items.json", lambda b: first_grade(b).update(graderaw="85")),
        "`graderaw` is not int or float or null",
    ),
    "a grade that is no number": (
        lambda ws: ws.grade_items(SITE, course_id=2),
        spoil("22-ws-grade-items.json", lambda b: first_grade(b).update(graderaw=float("nan"))),
        "`graderaw` is not a number",
    ),
    "a maximum of 0": (
        lambda ws: ws.grade_items(SITE, course_id=2),
        spoil("22-ws-grade-items.json", lambda b: first_grade(b).update(graderaw=1, grademax=0)),
        "maximum must be above 0",
    ),
    "a learner without id": (
        lambda ws: ws.grade_items(SITE, course_id=2),
        spoil("22-ws-grade-items.json", lambda b: b["usergrades"][0].pop("userid")),
        "`userid` is missing",
    ),
    "users not a list": (
        lambda ws: ws.enrolled_users(SITE, course_id=2),
        {"users": []},
        "the users is not list",
    ),
    "a role without shortname": (
        lambda ws: ws.enrolled_users(SITE, course_id=2),
        spoil("23-ws-enrolled-users.json", lambda b: b[0]["roles"][0].pop("shortname")),
        "`shortname` is missing",
    ),
    "functions as names": (
        lambda ws: ws.site_info(SITE),
        spoil("25-ws-site-info.json", lambda b: b.update(functions=[SITE_INFO])),
        "`name` is missing",
    ),
    "null": (lambda ws: ws.site_info(SITE), None, "`functions` is missing"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_an_answer_of_the_wrong_shape_cannot_be_read(ws, moodle, shape):
    call, body, named = SHAPES[shape]
    answer_any(moodle, body=json.dumps(body), content_type="application/json")

    with pytest.raises(ServiceUnavailable, match=UNREADABLE) as raised:
        call(ws)

    assert named in raised.value.message
    assert_no_token(raised.value)


def test_the_function_that_answered_is_named_when_it_cannot_be_read(ws, moodle):
    answer_any(moodle, json={})

    with pytest.raises(ServiceUnavailable, match=f"answered {ENROLLED_USERS} with data"):
        ws.enrolled_users(SITE, course_id=2)


@pytest.mark.parametrize("user_id", ["", "4a", "-4", "٤"])
def test_a_user_id_that_is_not_moodles_is_refused_before_asking(ws, moodle, user_id):
    with pytest.raises(InvalidInput, match="A Moodle user id is a number"):
        ws.course_completion(SITE, course_id=2, user_id=user_id)

    assert not moodle.calls


def test_the_token_is_not_in_the_sites_repr():
    assert TOKEN not in repr(SITE)
