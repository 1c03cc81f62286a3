"""The course page of the demo Moodle and the page that starts a launch of one of its LTI
activities."""

from dataclasses import dataclass

from flask import abort, render_template, request

from lti_tool.demo_platform import seed
from lti_tool.demo_platform.platform import DemoMoodle
from lti_tool.demo_platform.web import autosubmit_form, current_platform


@dataclass(frozen=True)
class GradeRow:
    """One learner's line in the course page's gradebook: a grade or None per line item."""

    name: str
    grades: tuple[float | None, ...]


def course_page():
    """The course with its LTI activity, a launch button per person, the teacher's "Select
    content" button with the activities deep linking added, the gradebook, and the site
    administrator's "Add LTI Advantage" form with the tools registered so far.

    Moodle's return.php lands here too, showing the tool's `lti_msg` or `lti_errormsg`.
    """
    platform = current_platform()
    message = request.args.get("lti_errormsg") or request.args.get("lti_msg")
    return render_template(
        "demo_platform/course.html",
        site=platform.site,
        course=platform.course,
        activity=platform.activity,
        users=platform.launchable_users(),
        added_activities=platform.activities.all()[1:],
        select_content_url=platform.urls.content_item(seed.TEACHER.id),
        line_items=platform.gradebook.line_items(),
        grade_rows=_grade_rows(platform),
        registered_tools=list(platform.registered_tools.values()),
        message=message,
    )


def launch(user_id: int):
    """Moodle's auto-submitted ltiInitiateLoginForm: the OIDC login initiation, as `user_id`,
    of the seeded activity or of the one whose course module id is the `cmid` query parameter.

    Fine as an iframe src: the form POSTs within the frame, as Moodle's embedded launches do.
    """
    platform = current_platform()
    if user_id not in platform.people:
        abort(404, description=f"No user {user_id} in course {platform.course.shortname}")
    cmid = request.args.get("cmid", str(platform.activity.cmid))
    try:
        activity = platform.activities.get(int(cmid))
    except (KeyError, ValueError):
        abort(404, description=f"No activity {cmid} in course {platform.course.shortname}")
    return autosubmit_form(
        form_name="ltiInitiateLoginForm",
        action=platform.tool.initiate_login_url,
        fields=platform.login_initiation(user_id, cmid=activity.cmid),
        title=activity.title,
    )


def view():
    """mod/lti/view.php: the activity's page with the tool embedded in an iframe, launched as
    the `user` query parameter (Moodle's session stands behind it there).

    When the platform offers storage, the page holds the frame that answers LTI Platform
    Storage messages (or answers them itself, for "_parent"), loaded before the tool.
    """
    platform = current_platform()
    user_id, cmid = request.args.get("user", ""), request.args.get("id", "")
    if not user_id.isdigit() or int(user_id) not in platform.people:
        abort(404, description=f"No user {user_id} in course {platform.course.shortname}")
    try:
        activity = platform.activities.get(int(cmid))
    except (KeyError, ValueError):
        abort(404, description=f"No activity {cmid} in course {platform.course.shortname}")
    return render_template(
        "demo_platform/view.html",
        site=platform.site,
        activity=activity,
        launch_url=platform.urls.launch(int(user_id), activity.cmid),
        storage_target=platform.storage_target,
        storage_frame_url=platform.urls.storage_frame,
    )


def _grade_rows(platform: DemoMoodle) -> list[GradeRow]:
    items = platform.gradebook.line_items()
    by_item = {
        item.id: {grade.user_id: grade.score for grade in platform.gradebook.results(item.id)}
        for item in items
    }
    return [
        GradeRow(person.name, tuple(by_item[item.id].get(person.id) for item in items))
        for person in platform.people.values()
        if not person.is_teacher
    ]
