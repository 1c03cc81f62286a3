"""The web service functions the emulated Moodle answers, built from its own state, in the
shapes of tests/vectors/moodle-5.1/20-25, and the errors their parameters and records give
(26c, 26d).

Course completion follows ws_site (the cron's criteria: the seeded activity complete, and a
course total of at least seed.COURSE_PASS_GRADE); activity completion and grades follow
ws_grades.
"""

from collections.abc import Callable, Mapping
from typing import Any

from lti_tool.demo_platform import seed
from lti_tool.demo_platform.gradebook import Grade, LineItem
from lti_tool.demo_platform.platform import DemoMoodle
from lti_tool.demo_platform.ws_grade_report import column, course_total_item
from lti_tool.demo_platform.ws_grades import (
    INCOMPLETE,
    completion_state,
    course_total,
    grade_of,
)
from lti_tool.demo_platform.ws_site import ACTIVITY_CRITERION, GRADE_CRITERION

Params = Mapping[str, str]
_ROLES = {"Instructor": (3, "editingteacher"), "Learner": (5, "student")}
_THEME_REVISION = 1  # the theme revision in Moodle's image URLs


class WebServiceError(Exception):
    """One of Moodle's web service errors, answered with HTTP 200 (26-26d)."""

    def __init__(self, exception: str, errorcode: str, message: str, debuginfo: str = "") -> None:
        super().__init__(message)
        self.body: dict[str, str] = {
            "exception": exception,
            "errorcode": errorcode,
            "message": message,
        }
        if debuginfo:
            self.body["debuginfo"] = debuginfo


def site_info(platform: DemoMoodle, params: Params, functions: frozenset[str]) -> object:
    """core_webservice_get_site_info: the site, the token's user and its service's functions."""
    user, site = seed.WS_USER, platform.site
    return {
        "sitename": site.fullname,
        "username": user.username,
        "firstname": user.given_name,
        "lastname": user.family_name,
        "fullname": user.name,
        "lang": "en",
        "userid": user.id,
        "siteurl": platform.issuer,
        "userpictureurl": _picture(platform, "f1"),
        "functions": [
            {"name": name, "version": _version_of(name, site.version)} for name in sorted(functions)
        ],
        "downloadfiles": 0,
        "uploadfiles": 0,
        "release": site.release,
        "version": site.version,
        "mobilecssurl": "",
        "advancedfeatures": [{"name": "enablecompletion", "value": 1}],
        "usercanmanageownfiles": True,
        "userquota": 104857600,
        "usermaxuploadfilesize": 67108864,
        "userhomepage": 1,
        "userprivateaccesskey": "",
        "siteid": 1,
        "sitecalendartype": "gregorian",
        "usercalendartype": "gregorian",
        "userissiteadmin": False,
        "theme": "boost",
        "limitconcurrentlogins": 0,
        "policyagreed": 0,
    }


def course_completion(platform: DemoMoodle, params: Params, _: frozenset[str]) -> object:
    """core_completion_get_course_completion_status: the criteria as the cron last saw them,
    each detail showing the current gradebook (so a fresh grade shows before completion)."""
    course_id, user_id = _int(params, "courseid"), _int(params, "userid")
    _require_course(platform, course_id)
    person = _require_user(platform, user_id)
    if person.role != "Learner":
        raise WebServiceError(
            "moodle_exception",
            "nottracked",
            "You are currently not being tracked by completion in this course",
        )
    met = platform.webservices.criteria_met(user_id)
    completions = [_activity_criterion(platform, met), _grade_criterion(platform, user_id, met)]
    return {
        "completionstatus": {
            "completed": all(entry["complete"] for entry in completions),
            "aggregation": 1,
            "completions": completions,
        },
        "warnings": [],
    }


def activities_completion(platform: DemoMoodle, params: Params, _: frozenset[str]) -> object:
    """core_completion_get_activities_completion_status: the tracked activities (those with a
    grade column) by "Receive a grade"; nobody but a learner is tracked."""
    course_id, user_id = _int(params, "courseid"), _int(params, "userid")
    _require_course(platform, course_id)
    person = _require_user(platform, user_id)
    tracked = person.role == "Learner"
    statuses = [
        _activity_status(activity, item, grade_of(platform.gradebook, item.id, user_id), tracked)
        for activity, item in _graded_activities(platform)
    ]
    return {"statuses": statuses, "warnings": []}


def grade_items(platform: DemoMoodle, params: Params, _: frozenset[str]) -> object:
    """gradereport_user_get_grade_items: every column and the course total, for each learner
    (by family then given name, as Moodle sorts) or for `userid`."""
    course_id, user_id = _int(params, "courseid"), _int(params, "userid", default=0)
    _require_course(platform, course_id)
    if user_id:
        people = [_require_user(platform, user_id)]
    else:
        people = sorted(platform.learners, key=lambda p: (p.family_name, p.given_name))
    return {"usergrades": [_user_grades(platform, person) for person in people], "warnings": []}


def enrolled_users(platform: DemoMoodle, params: Params, _: frozenset[str]) -> object:
    """core_enrol_get_enrolled_users: the course's people by id (the site administrator is not
    enrolled). The emulator keeps no access times: they are 0, as for someone never seen."""
    course_id = _int(params, "courseid")
    _require_course(platform, course_id)
    people = sorted(
        (p for p in platform.people.values() if not p.is_site_admin), key=lambda p: p.id
    )
    return [_user(platform, person) for person in people]


FUNCTIONS: dict[str, Callable[[DemoMoodle, Params, frozenset[str]], object]] = {
    "core_webservice_get_site_info": site_info,
    "core_completion_get_course_completion_status": course_completion,
    "core_completion_get_activities_completion_status": activities_completion,
    "gradereport_user_get_grade_items": grade_items,
    "core_enrol_get_enrolled_users": enrolled_users,
}


def _int(params: Params, name: str, *, default: int | None = None) -> int:
    """An integer parameter, refused as external_api::validate_parameters refuses it."""
    value = params.get(name)
    if value is None:
        if default is not None:
            return default
        raise _invalid_parameter(f"Missing required key in single structure: {name}")
    if not value.removeprefix("-").isdecimal():
        raise _invalid_parameter(
            f"{name} => Invalid parameter value detected (Invalid external api parameter: "
            f'the value is "{value}", the server was expecting "int" type)'
        )
    return int(value)


def _invalid_parameter(debuginfo: str) -> WebServiceError:
    return WebServiceError(
        "core\\exception\\invalid_parameter_exception",
        "invalidparameter",
        "Invalid parameter value detected",
        debuginfo,
    )


def _missing_record(table: str, record_id: int) -> WebServiceError:
    return WebServiceError(
        "dml_missing_record_exception",
        "invalidrecord",
        f"Can't find data record in database table {table}.",
        # Moodle's own debug text, echoed, never run.
        f"SELECT * FROM {{{table}}} WHERE id = ?\n[array (\n  0 => {record_id},\n)]",  # noqa: S608
    )


def _require_course(platform: DemoMoodle, course_id: int) -> None:
    if course_id != platform.course.id:
        raise _missing_record("course", course_id)


def _require_user(platform: DemoMoodle, user_id: int) -> seed.Person:
    if user_id not in platform.people:
        raise _missing_record("user", user_id)
    return platform.people[user_id]


def _version_of(function: str, site_version: str) -> str:
    """Core functions carry the site's version; a plugin's (gradereport_…) its own."""
    return site_version if function.startswith("core_") else site_version.split(".")[0]


def _picture(platform: DemoMoodle, size: str) -> str:
    return f"{platform.issuer}/theme/image.php/boost/core/{_THEME_REVISION}/u/{size}"


def _graded_activities(platform: DemoMoodle) -> list[tuple[seed.Activity, LineItem]]:
    """Each activity with its own grade column, in course module order."""
    columns = {
        item.resource_link_id: item
        for item in platform.gradebook.line_items()
        if item.is_activity_item
    }
    return [
        (activity, columns[str(activity.instance_id)])
        for activity in platform.activities.all()
        if str(activity.instance_id) in columns
    ]


def _activity_link(platform: DemoMoodle, activity: seed.Activity) -> str:
    url = f"{platform.issuer}/mod/lti/view.php?id={activity.cmid}"
    return f'<a href="{url}">{activity.title}</a>'


def _activity_criterion(platform: DemoMoodle, met: dict[str, int]) -> dict[str, Any]:
    done = ACTIVITY_CRITERION in met
    return {
        "type": 4,
        "title": "Activity completion",
        "status": "Yes" if done else "No",
        "complete": done,
        "timecompleted": met.get(ACTIVITY_CRITERION),
        "details": {
            "type": "Activity completion",
            "criteria": _activity_link(platform, platform.activity),
            "requirement": "Achieving grade",
            "status": "",
        },
    }


def _grade_criterion(platform: DemoMoodle, user_id: int, met: dict[str, int]) -> dict[str, Any]:
    total = course_total(platform.gradebook, user_id).score
    required = f"{seed.COURSE_PASS_GRADE:.2f}"
    shown = "No grade" if total is None else f"{total:.2f}"
    return {
        "type": 6,
        "title": "Course grade",
        "status": f"{shown} ({required} required)",
        "complete": GRADE_CRITERION in met,
        "timecompleted": met.get(GRADE_CRITERION),
        "details": {
            "type": "Course grade",
            "criteria": "Required course grade",
            "requirement": required,
            "status": "" if total is None else shown,
        },
    }


def _activity_status(
    activity: seed.Activity, item: LineItem, grade: Grade | None, tracked: bool
) -> dict[str, Any]:
    state = completion_state(item, grade) if tracked else INCOMPLETE
    return {
        "cmid": activity.cmid,
        "modname": "lti",
        "instance": activity.instance_id,
        "state": state,
        "timecompleted": grade.timestamp if state and grade is not None else 0,
        "tracking": 2,
        "overrideby": None,
        "valueused": False,
        "hascompletion": True,
        "isautomatic": True,
        "istrackeduser": tracked,
        "uservisible": True,
        "details": [
            {
                "rulename": "completionusegrade",
                "rulevalue": {"status": state, "description": "Receive a grade"},
            }
        ],
        "isoverallcomplete": state != INCOMPLETE,
    }


def _user_grades(platform: DemoMoodle, person: seed.Person) -> dict[str, Any]:
    gradebook = platform.gradebook
    total = course_total(gradebook, person.id)
    cmids = {str(a.instance_id): a.cmid for a, _ in _graded_activities(platform)}
    items = [
        column(item, grade_of(gradebook, item.id, person.id), total, cmids)
        for item in gradebook.line_items()
    ]
    return {
        "courseid": platform.course.id,
        "courseidnumber": platform.course.shortname,
        "userid": person.id,
        "userfullname": person.name,
        "useridnumber": "",
        "maxdepth": 2,
        "gradeitems": [*items, course_total_item(total)],
    }


def _user(platform: DemoMoodle, person: seed.Person) -> dict[str, Any]:
    role_id, shortname = _ROLES[person.role]
    course = platform.course
    return {
        "id": person.id,
        "username": person.username,
        "firstname": person.given_name,
        "lastname": person.family_name,
        "fullname": person.name,
        "email": person.email,
        "department": "",
        "firstaccess": 0,
        "lastaccess": 0,
        "lastcourseaccess": 0,
        "profileimageurlsmall": _picture(platform, "f2"),
        "profileimageurl": _picture(platform, "f1"),
        "roles": [{"roleid": role_id, "name": "", "shortname": shortname, "sortorder": 0}],
        "enrolledcourses": [
            {"id": course.id, "fullname": course.fullname, "shortname": course.shortname}
        ],
    }
