"""Moodle's REST web service server, webservice/rest/server.php under the site URL: the token
first, then whether its external service holds the function, then the function itself.

Every answer is JSON with HTTP 200, errors included (`{exception, errorcode, message,
debuginfo?}`), as tests/vectors/moodle-5.1/20-26d show. Parameters come from the query or a
form body, as Moodle's REST server takes either.
"""

from flask import Response, request

from lti_tool.demo_platform.platform import DemoMoodle
from lti_tool.demo_platform.web import current_platform, json_response
from lti_tool.demo_platform.ws_functions import FUNCTIONS, Params, WebServiceError

_HEADERS = {"Cache-Control": "private, must-revalidate, pre-check=0, post-check=0, max-age=0"}
# Moodle's explanation of an access exception (webservice_access_exception), word for word.
_ACCESS_DEBUGINFO = """Access to the function {function}() is not allowed.
                     There could be multiple reasons for this:
                     1. The service linked to the user token does not contain the function.
                     2. The service is user-restricted and the user is not listed.
                     3. The service is IP-restricted and the user IP is not listed.
                     4. The service is time-restricted and the time has expired.
                     5. The token is time-restricted and the time has expired.
                     6. The service requires a specific capability which the user does not have.
                     7. The function is called with username/password (no user token is sent)
                     and none of the services has the function to allow the user.
                     These settings can be found in Administration > Site administration
                     > Server > Web services > External services and Manage tokens."""


def server() -> Response:
    """One web service call: the function's answer, or Moodle's error, as JSON."""
    try:
        body = _call(current_platform(), request.values)
    except WebServiceError as error:
        body = error.body
    return json_response(body, content_type="application/json", headers=_HEADERS)


def _call(platform: DemoMoodle, params: Params) -> object:
    functions = platform.webservices.functions(params.get("wstoken", ""))
    if functions is None:
        raise WebServiceError(
            "core\\exception\\moodle_exception", "invalidtoken", "Invalid token - token not found"
        )
    name = params.get("wsfunction", "")
    if name not in functions:
        raise WebServiceError(
            "webservice_access_exception",
            "accessexception",
            "Access control exception",
            _ACCESS_DEBUGINFO.format(function=name),
        )
    return FUNCTIONS[name](platform, params, functions)
