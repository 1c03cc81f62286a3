"""Administrator views, reached by an LTI launch with a system or institution admin role."""

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l

from lti_tool import launch_session
from lti_tool.admin import bp
from lti_tool.container import container
from lti_tool.domain.launch import Role
from lti_tool.services import platforms


@bp.get("/")
@launch_session.requires(Role.ADMIN)
def registration(launch):
    base = container().base_url
    tool_urls = {
        _l("Tool URL"): base + url_for("lti.launch"),
        _l("Initiate login URL"): base + url_for("lti.login"),
        _l("Redirection URI(s)"): base + url_for("lti.launch"),
        _l("Public keyset URL"): base + url_for("lti.jwks"),
    }
    return render_template(
        "admin/registration.html",
        tool_urls=tool_urls,
        platforms=platforms.registered_platforms(uow=container().uow()),
    )
