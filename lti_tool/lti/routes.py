"""The only views that read an LTI request: they copy it into a plain LaunchRequest."""

from flask import jsonify, make_response, redirect, render_template, request, url_for

from lti_tool import launch_session
from lti_tool.container import container
from lti_tool.domain.browser_binding import SECRET_FIELD, BrowserSecretNeeded
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.launch import LaunchRequest, Role
from lti_tool.domain.platforms import ToolDescription
from lti_tool.lti import bp, login_cookies
from lti_tool.services import launch as launch_service
from lti_tool.services import registration, tool_keys

_REGISTRATION_PARAMS = ("invitation", "openid_configuration", "registration_token")
_PAGES = {
    Role.TEACHER: "teacher.course",
    Role.LEARNER: "learner.awards_page",
    Role.ADMIN: "admin.registration",
}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """OIDC third-party login initiation: send the browser on to the platform's auth endpoint,
    with the login's browser secret in a cookie, and first in the platform's storage when the
    platform offers it (a page whose script stores it, then goes on)."""
    deps = container()
    # The redirect URI must be the one registered in the LMS: the public BASE_URL, whatever
    # host name the request arrived under.
    launch_url = deps.base_url + url_for("lti.launch")
    start = launch_service.start_login(_launch_request(), lti=deps.lti, launch_url=launch_url)
    if start.storage is None:
        response = redirect(start.redirect_url)
    else:
        response = make_response(render_template("lti/login_storage.html", start=start))
    return login_cookies.hand_over(response, start)


@bp.post("/launch")
def launch():
    """The platform POSTs the id_token here; a valid launch opens the page for the role.

    A launch whose secret is in the platform's storage gets a page that fetches it and posts
    the launch again with it."""
    deps, launch_request = container(), _launch_request()
    login_cookies.forget_after_this_request(launch_request.params.get("state"))
    session = launch_service.complete_launch(launch_request, lti=deps.lti, uow=deps.uow())
    if isinstance(session, BrowserSecretNeeded):
        return _fetch_secret_page(session)
    launch_session.remember(session)
    if session.deep_link is not None and session.role == Role.TEACHER:
        return redirect(url_for("teacher.deep_link"))
    if session.deep_link is not None or session.role not in _PAGES:
        return render_template("lti/no_role.html"), 403
    return redirect(url_for(_PAGES[session.role]))


@bp.get("/register")
def register():
    """LTI Dynamic Registration, started by the LMS with an administrator's invitation."""
    missing = [name for name in _REGISTRATION_PARAMS if not request.args.get(name)]
    if missing:
        raise InvalidInput(
            f"The registration link lacks {', '.join(missing)}. Start the registration from "
            "your platform with the link the tool's administrator gave you."
        )
    deps = container()
    registered = registration.register_with_invitation(
        request.args["invitation"],
        openid_configuration=request.args["openid_configuration"],
        registration_token=request.args["registration_token"],
        tool=tool_description(deps.base_url),
        registrar=deps.registrar,
        make_uow=deps.make_uow,
        clock=deps.clock,
    )
    return render_template("lti/registered.html", registered=registered)


def tool_description(base_url: str) -> ToolDescription:
    """How the tool introduces itself to a platform it registers with."""
    return ToolDescription(
        name="microVET micro-credentials",
        initiate_login_uri=base_url + url_for("lti.login"),
        launch_uri=base_url + url_for("lti.launch"),
        jwks_uri=base_url + url_for("lti.jwks"),
    )


@bp.get("/jwks.json")
def jwks():
    deps = container()
    response = jsonify(
        tool_keys.published_jwks(uow=deps.uow(), tool_keys=deps.tool_keys, clock=deps.clock)
    )
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


def _launch_request() -> LaunchRequest:
    params = {**request.args.to_dict(), **request.form.to_dict()}
    return LaunchRequest(
        params=params, is_secure=request.is_secure, login_cookies=login_cookies.of_request()
    )


def _fetch_secret_page(needed: BrowserSecretNeeded):
    """The page whose script reads the secret from the platform's storage and posts again."""
    page = render_template(
        "lti/launch_storage.html",
        needed=needed,
        id_token=request.form.get("id_token", ""),
        secret_field=SECRET_FIELD,
    )
    response = make_response(page)
    response.cache_control.no_store = True
    return response
