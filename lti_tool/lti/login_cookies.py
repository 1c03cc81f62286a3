"""The login cookie that binds a launch to the browser that started its login (decision 8).

One cookie per login, named after its state, holding the browser secret for as long as the
state lives, sent to /lti/ only. It carries the session cookie's attributes (`app.py`): inside
the LMS's iframe it is third-party, so behind TLS it is SameSite=None, Secure and Partitioned;
on plain http (development) browsers refuse that, and it is Lax.
"""

import posixpath

from flask import Response, after_this_request, current_app, request, url_for

from lti_tool.domain.browser_binding import LOGIN_COOKIE_PREFIX, LoginStart, login_cookie_name


def hand_over(response: Response, start: LoginStart) -> Response:
    """Set the login's cookie on `response`, which must not be cached: it holds the secret."""
    response.set_cookie(
        start.cookie_name,
        start.browser_secret,
        max_age=start.lifetime_seconds,
        path=_path(),
        httponly=True,
        **_cross_site_attributes(),
    )
    response.cache_control.no_store = True
    return response


def forget_after_this_request(state: str | None) -> None:
    """Delete this state's login cookie with whatever the launch answers: it is used once."""
    name = login_cookie_name(state or "")
    if name not in request.cookies:
        return

    @after_this_request
    def delete(response: Response) -> Response:
        response.delete_cookie(name, path=_path(), httponly=True, **_cross_site_attributes())
        return response


def of_request() -> dict[str, str]:
    """The login cookies the request carries, by name; no other cookie."""
    return {
        name: value
        for name, value in request.cookies.items()
        if name.startswith(LOGIN_COOKIE_PREFIX)
    }


def _path() -> str:
    return posixpath.dirname(url_for("lti.launch")) + "/"


def _cross_site_attributes() -> dict:
    config = current_app.config
    return {
        "secure": config["SESSION_COOKIE_SECURE"],
        "samesite": config["SESSION_COOKIE_SAMESITE"],
        "partitioned": config["SESSION_COOKIE_PARTITIONED"],
    }
