"""Moodle's OIDC endpoints: the authentication request (auth.php) and the key set (certs.php).

https://www.imsglobal.org/spec/security/v1p0/#openid_connect_launch_flow
"""

import logging

from flask import Response, request

from lti_tool.demo_platform.errors import AuthRequestError
from lti_tool.demo_platform.web import autosubmit_form, current_platform, json_response

logger = logging.getLogger(__name__)


def auth():
    """Answer the tool's authentication request with an auto-submitted id_token form.

    A refused request answers 400 with a plain message naming the problem.
    """
    platform = current_platform()
    try:
        answer = platform.authenticate(request.values.to_dict())
    except AuthRequestError as error:
        logger.info("demo platform refused an authentication request: %s", error.code)
        return Response(f"{error.code}: {error.message}\n", 400, mimetype="text/plain")
    logger.info("demo platform launch for user %s", request.values.get("login_hint"))
    return autosubmit_form(
        form_name="ltiAuthForm",
        action=answer.redirect_uri,
        fields=answer.fields,
        title=platform.activity.title,
    )


def certs():
    """The platform's public key set, as Moodle's certs.php serves it."""
    return json_response(current_platform().jwks(), content_type="application/json; charset=utf-8")
