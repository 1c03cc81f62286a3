"""Moodle's LTI Dynamic Registration pages: the platform configuration, the administrator's
start page, and the registration endpoint.

https://www.imsglobal.org/spec/lti-dr/v1p0/; compare with tests/vectors/moodle-5.1/30-32.
"""

import json
import logging

from flask import Response, redirect, request

from lti_tool.demo_platform.errors import RegistrationError
from lti_tool.demo_platform.web import current_platform, json_response

logger = logging.getLogger(__name__)

_JSON = "application/json; charset=utf-8"
# openid-registration.php sends its refusals as a bare message with PHP's default type.
_REFUSAL = "text/html; charset=utf-8"


def openid_configuration():
    """The platform configuration, pretty-printed as Moodle prints it; no token needed."""
    return json_response(current_platform().configuration(), content_type=_JSON, indent=4)


def start_registration():
    """startltiadvregistration.php: redirect (302) to the tool's registration URL (`url`)
    with the configuration URL and a new registration token. Anyone counts as the site
    administrator here; a missing or non-http(s) `url` answers 400."""
    try:
        location = current_platform().start_registration(request.args.get("url", ""))
    except ValueError as error:
        return Response(f"{error}\n", 400, mimetype="text/plain")
    return redirect(location, 302)


def register():
    """openid-registration.php: register the tool whose request comes with a registration
    token as Bearer; 200 and Moodle's JSON answer, or a status and a plain message."""
    platform = current_platform()
    header = request.headers.get("Authorization", "")
    try:
        if not header.startswith("Bearer "):
            raise RegistrationError(401, "missing_registration_token")
        registered = platform.register(header.removeprefix("Bearer ").strip(), _json_body())
    except RegistrationError as error:
        logger.info("demo platform refused a registration: %s", error.message)
        return Response(error.message, error.status, content_type=_REFUSAL)
    logger.info("demo platform registered tool type %s (pending)", registered.type_id)
    # PHP's json_encode: compact, no spaces.
    body = json.dumps(registered.response, separators=(",", ":"), ensure_ascii=False)
    return Response(body, 200, content_type=_JSON)


def _json_body() -> object:
    try:
        return json.loads(request.get_data(as_text=True))
    except ValueError:
        return None
