"""Moodle's deep linking pages: contentitem.php, which the activity form's "Select content" button
opens, and contentitem_return.php, where the tool POSTs its response.

https://www.imsglobal.org/spec/lti-dl/v2p0/; compare with tests/vectors/moodle-5.1/13-*.json.
"""

import logging

from flask import Response, abort, render_template, request

from lti_tool.demo_platform.deep_linking import DeepLinkingError
from lti_tool.demo_platform.web import autosubmit_form, current_platform

logger = logging.getLogger(__name__)


def content_item():
    """contentitem.php?id=<type id>&course=<course id>&user=<user id>: the auto-submitted login
    initiation of a deep linking request, as `user` (standing for Moodle's session); `title`
    and `text` are the activity form's name and description. 404 for another tool type,
    course or user, 403 for a learner."""
    platform = current_platform()
    user = request.args.get("user", "")
    is_known = user.isdigit() and int(user) in platform.people
    if request.args.get("id") != str(platform.type_id) or not is_known:
        abort(404, description="No such tool type or user")
    if request.args.get("course") != str(platform.course.id):
        abort(404, description=f"No course {request.args.get('course')}")
    title, text = request.args.get("title", ""), request.args.get("text", "")
    try:
        fields = platform.deep_linking_initiation(int(user), title=title, text=text)
    except PermissionError:
        abort(403, description="Only the course's teachers may add content")
    return autosubmit_form(
        form_name="ltiInitiateLoginForm",
        action=platform.tool.initiate_login_url,
        fields=fields,
        title=platform.tool.name,
    )


def content_item_return():
    """contentitem_return.php: read the tool's response (form field `JWT`) and add what it
    selected; Moodle's return page, or 400 with a plain message for a response it refuses."""
    platform = current_platform()
    try:
        result = platform.receive_deep_linking_response(
            request.form.get("JWT", ""),
            type_id=request.args.get("id", ""),
            course_id=request.args.get("course", ""),
            sesskey=request.args.get("sesskey", ""),
        )
    except DeepLinkingError as error:
        logger.info("demo platform refused a deep linking response: %s", error.message)
        return Response(f"{error.message}\n", 400, mimetype="text/plain")
    logger.info("demo platform added activities %s", [a.cmid for a in result.activities])
    return render_template(
        "demo_platform/content_item_return.html",
        site=platform.site,
        course=platform.course,
        result=result,
        line_items={a.cmid: platform.line_item_of(a) for a in result.activities},
    )
