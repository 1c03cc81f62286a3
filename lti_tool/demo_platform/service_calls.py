"""What Moodle's services.php does around every LTI service call: the media type check, the
bearer token check, and its generic JSON error.

Follows mod/lti/services.php and mod/lti/classes/local/ltiservice/response.php; the error shape
is tests/vectors/moodle-5.1/11d-ags-no-token.json.
"""

from collections.abc import Iterable

from flask import Response, request

from lti_tool.demo_platform.errors import ServiceError
from lti_tool.demo_platform.platform import DemoMoodle
from lti_tool.demo_platform.web import json_response

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
}


def error_response(error: ServiceError) -> Response:
    """Moodle's JSON error: status, reason and an echo of the request."""
    echo: dict[str, str] = {"method": request.method, "url": _request_uri()}
    if "Accept" in request.headers:
        echo["accept"] = request.headers["Accept"]
    if request.content_type:
        echo["contentType"] = request.content_type.split(";", 1)[0]
    reason = error.message or _REASONS.get(error.status, "Bad Request")
    body = {"status": error.status, "reason": reason, "request": echo}
    return json_response(
        body, status=error.status, content_type="application/json; charset=utf-8", indent=4
    )


def check_media_type(formats: Iterable[str]) -> None:
    """Refuse (400) what no resource handles: a GET's Accept must be empty, contain */* or be
    one of `formats` exactly; a POST's or PUT's Content-Type must be one of them, exactly."""
    formats = tuple(formats)
    if request.method == "GET":
        accept = request.headers.get("Accept", "")
        if accept and "*/*" not in accept and accept not in formats:
            raise ServiceError(400)
    elif request.method != "DELETE" and request.headers.get("Content-Type", "") not in formats:
        raise ServiceError(400)


def required_type_id() -> str:
    """The `type_id` of the query, which Moodle puts on every AGS URL; 400 without it."""
    type_id = request.args.get("type_id")
    if not type_id:
        raise ServiceError(400, "Bad Request: no type_id in the query; keep Moodle's ?type_id=")
    return type_id


def require_token(
    platform: DemoMoodle, scopes: Iterable[str], *, type_id: str, status: int = 401
) -> None:
    """Refuse (`status`) a call whose bearer token is missing, unknown, expired, for another
    tool type, or grants none of `scopes`."""
    header = request.headers.get("Authorization", "")
    granted = frozenset()
    if header.startswith("Bearer ") and type_id == str(platform.type_id):
        granted = platform.tokens.scopes_of(header.removeprefix("Bearer ").strip())
    if not granted.intersection(scopes):
        raise ServiceError(status)


def require_course(platform: DemoMoodle, course_id: str) -> None:
    """Refuse (404) a course id that is not the demo course."""
    if course_id != str(platform.course.id):
        raise ServiceError(404, f"Not Found: Course {course_id} doesn't exist")


def int_param(name: str) -> int:
    """A query parameter as Moodle's PARAM_INT reads it: 0 when absent or not a number."""
    try:
        return int(request.args.get(name, "0"))
    except ValueError:
        return 0


def _request_uri() -> str:
    query = request.query_string.decode("latin-1")
    return request.script_root + request.path + (f"?{query}" if query else "")
