"""The demo Moodle's blueprint: Moodle's paths under the issuer, each mapped to its view.

Register it with `url_prefix="/demo-platform"` (the issuer's path) and put the DemoMoodle in
`app.extensions["demo_platform"]`.
"""

from flask import Blueprint

from lti_tool.demo_platform import (
    ags,
    course,
    deep_linking_pages,
    nrps,
    oauth,
    oidc,
    platform_storage,
    registration,
    webservices,
)
from lti_tool.demo_platform.errors import ServiceError
from lti_tool.demo_platform.service_calls import error_response

bp = Blueprint("demo_platform", __name__, template_folder="templates")

_SERVICES = "/mod/lti/services.php"
_LINEITEM = _SERVICES + "/<course_id>/lineitems/<item_id>/lineitem"

bp.add_url_rule("/", "course", course.course_page)
bp.add_url_rule("/course/view.php", "course_view", course.course_page)
bp.add_url_rule("/mod/lti/return.php", "lti_return", course.course_page)
bp.add_url_rule("/launch/<int:user_id>", "launch", course.launch)
bp.add_url_rule("/mod/lti/view.php", "view", course.view)
bp.add_url_rule("/post_message_forwarding", "storage_frame", platform_storage.storage_frame)
bp.add_url_rule("/mod/lti/auth.php", "auth", oidc.auth, methods=["GET", "POST"])
bp.add_url_rule("/mod/lti/certs.php", "certs", oidc.certs)
bp.add_url_rule("/mod/lti/contentitem.php", "content_item", deep_linking_pages.content_item)
bp.add_url_rule(
    "/mod/lti/contentitem_return.php",
    "content_item_return",
    deep_linking_pages.content_item_return,
    methods=["POST"],
)
bp.add_url_rule("/mod/lti/token.php", "token", oauth.token, methods=["POST"])
bp.add_url_rule(
    "/mod/lti/openid-configuration.php", "openid_configuration", registration.openid_configuration
)
bp.add_url_rule(
    "/mod/lti/startltiadvregistration.php", "start_registration", registration.start_registration
)
bp.add_url_rule(
    "/mod/lti/openid-registration.php", "registration", registration.register, methods=["POST"]
)
bp.add_url_rule(
    _SERVICES + "/<course_id>/lineitems", "lineitems", ags.lineitems, methods=["GET", "POST"]
)
bp.add_url_rule(_LINEITEM, "lineitem", ags.lineitem, methods=["GET", "PUT", "DELETE"])
bp.add_url_rule(_LINEITEM + "/results", "results", ags.results)
bp.add_url_rule(_LINEITEM + "/scores", "scores", ags.scores, methods=["POST"])
bp.add_url_rule(
    _SERVICES + "/CourseSection/<course_id>/bindings/<type_id>/memberships",
    "memberships",
    nrps.memberships,
)
bp.add_url_rule(
    "/webservice/rest/server.php", "webservice", webservices.server, methods=["GET", "POST"]
)
bp.register_error_handler(ServiceError, error_response)
