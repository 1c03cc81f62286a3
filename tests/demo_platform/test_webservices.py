"""The demo Moodle's REST web services, compared with Moodle 5.1 captures (20-26d), and read
end to end by the tool's own adapter."""

import re
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import requests
import responses
from flask.testing import FlaskClient

from adapters.lms.moodle_ws import GRADE_ITEMS, NEEDED_FUNCTIONS, MoodleSite, MoodleWebServices
from lti_tool.demo_platform import DemoMoodle, seed
from lti_tool.demo_platform.deep_linking import LineItemRequest, ResourceLinkItem
from lti_tool.demo_platform.ws_site import CRON_INTERVAL
from lti_tool.domain.errors import InvalidInput, NotAllowed, NotFound
from lti_tool.domain.launch import Role
from lti_tool.domain.results import COURSE_ITEM, Activity, Completion, Result, ResultSource
from lti_tool.domain.roster import Member
from tests.demo_platform.support import ISSUER, FakeClock, capture

SERVER = "/demo-platform/webservice/rest/server.php"
LIMITED_TOKEN = "token-of-a-service-without-grade-items"
SITE = MoodleSite(url=ISSUER, token=seed.WS_TOKEN)  # the site the adapter reads
# capture: the emulator's user whose state gives the captured case
CASES = {
    "20-ws-course-completion-complete.json": {"userid": "4"},  # 85: complete
    "20b-ws-course-completion-incomplete.json": {"userid": "6"},  # 42: below the pass grade
    "21-ws-activities-completion.json": {"userid": "4"},
    "22-ws-grade-items.json": {},
    "22b-ws-grade-items-user.json": {"userid": "4"},
    "23-ws-enrolled-users.json": {},
    "25-ws-site-info.json": {},
}
ERRORS = (
    "26-ws-error-invalid-token.json",
    "26b-ws-error-function-not-in-service.json",  # core_user_create_users
    "26c-ws-error-missing-parameter.json",
    "26d-ws-error-course-not-found.json",
)


def mismatch(actual: object, captured: object, path: str = "body") -> str | None:
    """Where `actual` leaves the structure of `captured` (same keys, same JSON types,
    recursively; each list member shaped as one of the captured members), or None."""
    if isinstance(captured, dict):
        if not isinstance(actual, dict) or actual.keys() != captured.keys():
            keys = sorted(actual) if isinstance(actual, dict) else actual
            return f"{path}: {keys} instead of keys {sorted(captured)}"
        found = (mismatch(actual[key], captured[key], f"{path}.{key}") for key in captured)
        return next((problem for problem in found if problem), None)
    if isinstance(captured, list):
        if not isinstance(actual, list):
            return f"{path}: {actual!r} is no list"
        for index, member in enumerate(actual):
            problems = [mismatch(member, model, f"{path}[{index}]") for model in captured]
            if captured and all(problems):
                return problems[0]
        return None
    if json_type(actual) != json_type(captured):
        return f"{path}: {json_type(actual)} instead of {json_type(captured)}"
    return None


def json_type(value: object) -> str:
    """The JSON type of a decoded value (a bool is no number)."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "boolean", False: "boolean"}[value]
    return "number" if isinstance(value, int | float) else type(value).__name__


def call(client: FlaskClient, function: str, token: str = seed.WS_TOKEN, **params: object):
    """A GET as the adapter sends it: token, function, JSON format, then the parameters."""
    query = {"wstoken": token, "wsfunction": function, "moodlewsrestformat": "json", **params}
    return client.get(SERVER, query_string=query)


def captured_call(client: FlaskClient, name: str, **changes: str):
    """The captured request (its token replaced by the emulator's), with `changes`."""
    params = {k: str(v) for k, v in capture(name)["request"]["params"].items()}
    return client.get(SERVER, query_string=params | {"wstoken": seed.WS_TOKEN} | changes)


def assert_answered_as(response, captured: dict) -> None:
    """HTTP 200, Moodle's headers, and the body in the captured structure."""
    assert response.status_code == captured["status"] == 200
    assert response.headers["Content-Type"] == captured["headers"]["Content-type"]
    assert response.headers["Cache-Control"] == captured["headers"]["Cache-Control"]
    assert mismatch(response.get_json(), captured["body"]) is None


def add_activity(platform: DemoMoodle, title: str) -> seed.Activity:
    """An LTI activity with its own column out of 10, as a deep linking response adds one."""
    column = LineItemRequest(label=title, score_maximum=10, resource_id="", tag="")
    link = ResourceLinkItem(title, "", "", {}, seed.REPLACE_MOODLE_WINDOW, column)
    return platform.activities.add(link, gradebook=platform.gradebook)


def at(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(int(epoch_seconds), UTC)


@pytest.mark.parametrize("name", CASES)
def test_each_function_answers_in_moodles_structure(client: FlaskClient, name: str):
    response = captured_call(client, name, **CASES[name])

    assert_answered_as(response, capture(name)["response"])


def test_an_ungraded_column_is_moodles_novalue_item(client: FlaskClient, platform: DemoMoodle):
    add_activity(platform, "Welding safety")

    response = captured_call(client, "22b-ws-grade-items-user.json")

    assert_answered_as(response, capture("22b-ws-grade-items-user.json")["response"])
    welding = response.get_json()["usergrades"][0]["gradeitems"][1]
    assert (welding["cmid"], welding["status"], welding["graderaw"]) == (3, "novalue", None)


@pytest.mark.parametrize("name", ERRORS)
def test_each_error_is_moodles_own(client: FlaskClient, name: str):
    captured = capture(name)
    if "request" in captured:
        response = captured_call(client, name)
    else:  # any call with a token the site does not know
        response = call(client, "core_webservice_get_site_info", token="not-a-token")

    assert_answered_as(response, captured["response"])
    assert response.get_json() == captured["response"]["body"]


def test_grades_are_the_gradebooks_and_course_completion_waits_for_the_cron(
    client: FlaskClient, platform: DemoMoodle, clock: FakeClock
):
    platform.set_grade(6, 90, comment="Resubmitted")
    graded_at = int(clock())

    grades = call(client, GRADE_ITEMS, courseid=2, userid=6).get_json()
    before = call(client, "core_completion_get_course_completion_status", courseid=2, userid=6)
    clock.advance(CRON_INTERVAL)
    after = call(client, "core_completion_get_course_completion_status", courseid=2, userid=6)

    activity, total = grades["usergrades"][0]["gradeitems"]
    assert (activity["graderaw"], activity["gradedategraded"]) == (90, graded_at)
    assert (activity["feedback"], activity["percentageformatted"]) == ("Resubmitted", "90.00 %")
    assert activity["gradeformatted"].endswith(
        'title="Pass" role="img" aria-label="Pass"></i>90.00'
    )
    assert (total["graderaw"], total["grademax"]) == (90, 100)
    status = before.get_json()["completionstatus"]
    assert not status["completed"]
    assert status["completions"][1]["details"]["status"] == "90.00"
    status = after.get_json()["completionstatus"]
    assert status["completed"]
    assert [c["timecompleted"] for c in status["completions"]] == [int(clock())] * 2


def test_the_cron_runs_on_demand_and_never_unmarks_a_completion(
    client: FlaskClient, platform: DemoMoodle
):
    platform.set_grade(6, 50)
    platform.webservices.run_cron()
    platform.set_grade(4, 10)
    platform.webservices.run_cron()

    for user_id in (6, 4):
        answer = call(
            client, "core_completion_get_course_completion_status", courseid=2, userid=user_id
        )
        assert answer.get_json()["completionstatus"]["completed"]


def test_activity_completion_follows_receive_a_grade_and_the_pass_grade(
    client: FlaskClient, platform: DemoMoodle
):
    add_activity(platform, "Welding safety")  # no grade to pass
    platform.gradebook.set_grade(4, 4, 7, timestamp=1)

    def states(user_id: int) -> list[tuple[int, int, bool]]:
        answer = call(
            client, "core_completion_get_activities_completion_status", courseid=2, userid=user_id
        )
        return [(s["cmid"], s["state"], s["istrackeduser"]) for s in answer.get_json()["statuses"]]

    assert states(4) == [(2, 2, True), (3, 1, True)]  # 85 of a 50 to pass; graded
    assert states(6) == [(2, 3, True), (3, 0, True)]  # 42 of a 50 to pass; ungraded
    assert states(3) == [(2, 0, False), (3, 0, False)]  # the teacher is not tracked


def test_enrolled_users_are_the_courses_people_by_id(client: FlaskClient):
    users = call(client, "core_enrol_get_enrolled_users", courseid=2).get_json()

    assert [(u["id"], u["fullname"], [r["shortname"] for r in u["roles"]]) for u in users] == [
        (3, "Tess Teacher", ["editingteacher"]),
        (4, "Sam Student", ["student"]),
        (5, "Ana Andromeda", ["student"]),
        (6, "Bo Brouwer", ["student"]),
    ]


def test_all_grades_list_the_learners_by_name(client: FlaskClient):
    grades = call(client, GRADE_ITEMS, courseid=2).get_json()["usergrades"]

    assert [(g["userid"], g["gradeitems"][0]["graderaw"]) for g in grades] == [
        (5, 64),
        (6, 42),
        (4, 85),
    ]


def test_a_token_configured_without_a_function_is_refused_it(
    client: FlaskClient, platform: DemoMoodle
):
    platform.webservices.add_token(LIMITED_TOKEN, set(NEEDED_FUNCTIONS) - {GRADE_ITEMS})

    refused = call(client, GRADE_ITEMS, token=LIMITED_TOKEN, courseid=2).get_json()
    info = call(client, "core_webservice_get_site_info", token=LIMITED_TOKEN).get_json()

    assert refused["errorcode"] == "accessexception"
    assert refused["debuginfo"].startswith(f"Access to the function {GRADE_ITEMS}() is not")
    assert GRADE_ITEMS not in {f["name"] for f in info["functions"]}
    assert (info["siteurl"], info["release"]) == (ISSUER, seed.SITE.release)


@pytest.mark.parametrize(
    ("params", "errorcode", "debuginfo"),
    [
        ({"courseid": "VET-101", "userid": "4"}, "invalidparameter", 'the value is "VET-101"'),
        ({"courseid": "2", "userid": "99"}, "invalidrecord", "{user} WHERE id = ?"),
        ({"courseid": "2", "userid": "3"}, "nottracked", None),
    ],
)
def test_parameters_and_records_are_refused_as_moodle_refuses_them(
    client: FlaskClient, params: dict[str, str], errorcode: str, debuginfo: str | None
):
    body = call(client, "core_completion_get_course_completion_status", **params).get_json()

    assert body["errorcode"] == errorcode
    assert debuginfo is None or debuginfo in body["debuginfo"]


def test_parameters_may_come_in_a_form_body(client: FlaskClient):
    form = {"wstoken": seed.WS_TOKEN, "wsfunction": "core_enrol_get_enrolled_users", "courseid": 2}

    response = client.post(SERVER + "?moodlewsrestformat=json", data=form)

    assert [user["id"] for user in response.get_json()] == [3, 4, 5, 6]


# End to end: the tool's adapter reading the emulator over (in-process) HTTP.


@pytest.fixture
def wire(client: FlaskClient):
    """Requests to the emulated site, answered by its Flask test client."""

    def answer(request: requests.PreparedRequest):
        parts = urlsplit(request.url)
        reply = client.open(
            parts.path,
            method=request.method,
            query_string=parts.query,
            data=request.body,
            headers=dict(request.headers),
        )
        return reply.status_code, dict(reply.headers), reply.get_data()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in (responses.GET, responses.POST):
            mock.add_callback(method, re.compile(re.escape(ISSUER) + "/.*"), answer)
        yield mock


@pytest.fixture
def ws(wire) -> MoodleWebServices:
    return MoodleWebServices(session=requests.Session())


def test_the_adapter_reads_the_gradebook(ws: MoodleWebServices, platform: DemoMoodle):
    report = ws.grade_items(SITE, course_id=2)

    graded = {grade.user_id: grade for grade in platform.gradebook.results(seed.LINE_ITEM_ID)}
    expected = [
        Result(str(u), ResultSource.MOODLE, item, Decimal(graded[u].score), Decimal(100), at(t))
        for u in (5, 6, 4)
        for item, t in (("2", graded[u].timestamp), (COURSE_ITEM, graded[u].timestamp))
    ]
    assert list(report.results) == expected
    assert report.activities == (Activity("2", "Micro-credentials", "lti"),)


def test_the_adapter_reads_completions(
    ws: MoodleWebServices, platform: DemoMoodle, clock: FakeClock
):
    started = int(clock())
    (grade,) = platform.gradebook.results(seed.LINE_ITEM_ID, user_id=6)

    sam = ws.course_completion(SITE, course_id=2, user_id="4")
    bo = ws.course_completion(SITE, course_id=2, user_id="6")
    activities = ws.activities_completion(SITE, course_id=2, user_id="6")

    assert sam == Completion("4", ResultSource.MOODLE, COURSE_ITEM, True, recorded_at=at(started))
    assert bo == Completion("6", ResultSource.MOODLE, COURSE_ITEM, False)
    assert activities == [
        Completion(
            "6", ResultSource.MOODLE, "2", True, passed=False, recorded_at=at(grade.timestamp)
        )
    ]


def test_the_adapter_reads_members_and_site_info(ws: MoodleWebServices):
    members = ws.enrolled_users(SITE, course_id=2)
    info = ws.site_info(SITE)

    assert members == [
        Member("3", "Tess Teacher", Role.TEACHER),
        Member("4", "Sam Student", Role.LEARNER),
        Member("5", "Ana Andromeda", Role.LEARNER),
        Member("6", "Bo Brouwer", Role.LEARNER),
    ]
    assert (info.name, info.user_id, info.username) == ("Demo Moodle", "7", "wsuser")
    assert info.missing == ()


def test_each_error_maps_to_the_adapters_domain_error(ws: MoodleWebServices, platform: DemoMoodle):
    platform.webservices.add_token(LIMITED_TOKEN, set(NEEDED_FUNCTIONS) - {GRADE_ITEMS})
    limited = MoodleSite(url=ISSUER, token=LIMITED_TOKEN)

    with pytest.raises(NotAllowed, match="invalidtoken"):
        ws.site_info(MoodleSite(url=ISSUER, token="not-a-token"))
    with pytest.raises(NotAllowed, match="accessexception"):
        ws.grade_items(limited, course_id=2)
    with pytest.raises(NotFound, match="invalidrecord"):
        ws.course_completion(SITE, course_id=999, user_id="4")
    with pytest.raises(InvalidInput, match="invalidparameter"):
        ws.enrolled_users(SITE, course_id="VET-101")  # a shortname where the id belongs
    assert ws.site_info(limited).missing == (GRADE_ITEMS,)
