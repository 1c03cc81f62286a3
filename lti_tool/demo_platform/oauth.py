"""Moodle's OAuth 2 token endpoint (token.php): client credentials with a signed JWT assertion.

It answers JSON labelled `Content-type: text/html`, like Moodle; errors are 400 {"error": ...}.
"""

from flask import request

from lti_tool.demo_platform.errors import TokenRequestError
from lti_tool.demo_platform.web import current_platform, json_response

_MOODLE_CONTENT_TYPE = "text/html; charset=utf-8"


def token():
    """Grant the registered tool a bearer token for the scopes Moodle allows it."""
    platform = current_platform()
    try:
        body = platform.tokens.grant(request.form, content_type=request.content_type or "")
    except TokenRequestError as error:
        failure = {"error": error.code, "error_description": error.message}
        return json_response(failure, status=400, content_type=_MOODLE_CONTENT_TYPE, indent=2)
    return json_response(body, content_type=_MOODLE_CONTENT_TYPE, indent=2)
