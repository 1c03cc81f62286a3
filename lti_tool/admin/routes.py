"""Administrator views, reached by an LTI launch with a system or institution admin role."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from lti_tool import launch_session
from lti_tool.admin import bp
from lti_tool.admin.forms import PlatformForm
from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.launch import Role
from lti_tool.services import platforms
from lti_tool.services.registration import invite_registration_for_course

admin_only = launch_session.requires(Role.ADMIN)


@bp.get("/")
@admin_only
def registration(launch):
    return _page(PlatformForm())


@bp.post("/platforms")
@admin_only
def add_platform(launch):
    form = PlatformForm()
    if not form.validate_on_submit():
        return _page(form), 400
    try:
        created = platforms.register_platform_for_course(
            _spec(form), course_id=launch.course_id, uow=container().uow()
        )
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return _page(form), 400
    flash(
        gettext("Platform registered.") if created else gettext("Platform registration updated."),
        "success",
    )
    return redirect(url_for("admin.registration"))


@bp.post("/invitations")
@admin_only
def invite(launch):
    deps = container()
    token = invite_registration_for_course(launch.course_id, uow=deps.uow(), clock=deps.clock)
    invitation_url = deps.base_url + url_for("lti.register", invitation=token)
    return _page(PlatformForm(formdata=None), invitation_url=invitation_url)


def _spec(form: PlatformForm) -> platforms.PlatformSpec:
    values = {
        "name": form.name.data.strip(),
        "issuer": form.issuer.data.strip(),
        "client_id": form.client_id.data.strip(),
        "deployment_ids": form.deployments(),
    }
    urls = form.endpoint_urls()
    if form.is_moodle.data:
        moodle = platforms.PlatformSpec.for_moodle(**values)
        return platforms.PlatformSpec(
            **values,
            **{key: urls[key] or getattr(moodle, key) for key in urls},
        )
    return platforms.PlatformSpec(**values, **urls)


def _page(form: PlatformForm, invitation_url: str | None = None):
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
        form=form,
        invitation_url=invitation_url,
    )
