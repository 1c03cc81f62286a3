"""Teacher views: parse, call one service, render or redirect.

CSRFProtect checks the token of every POST, so a plain button form needs no form class.
"""

from urllib.parse import urlsplit

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext

from lti_tool import launch_session
from lti_tool.container import container
from lti_tool.domain.errors import NotFound
from lti_tool.domain.launch import Role
from lti_tool.domain.status import StatusAction
from lti_tool.security_headers import content_security_policy
from lti_tool.services import (
    audit,
    deep_linking,
    jobs,
    micro_credentials,
    revocation,
)
from lti_tool.teacher import bp
from lti_tool.teacher.forms import RuleForm
from lti_tool.teacher.job_labels import KIND_TITLES, STATE_LABELS

teacher_only = launch_session.requires(Role.TEACHER)


@bp.get("/")
@teacher_only
def course(launch):
    return _course_page(launch, RuleForm())


@bp.post("/micro-credentials/<int:micro_credential_id>/rule")
@teacher_only
def set_rule(launch, micro_credential_id: int):
    form = RuleForm()
    if not form.validate_on_submit():
        return _course_page(launch, form, invalid_rule_for=micro_credential_id), 400
    micro_credentials.set_pass_mark_rule(
        micro_credential_id,
        course_id=launch.course_id,
        threshold_percent=form.threshold_percent.data,
        uow=container().uow(),
    )
    flash(gettext("Rule saved. Sync results to grant the awards it earns."), "success")
    return redirect(url_for("teacher.course"))


def _course_page(launch, rule_form: RuleForm, invalid_rule_for: int | None = None) -> str:
    overview = micro_credentials.course_overview(launch.course_id, uow=container().uow())
    recent = jobs.recent_jobs(launch.course_id, uow=container().uow())
    return render_template(
        "teacher/course.html",
        overview=overview,
        recent_jobs=recent,
        job_titles=KIND_TITLES,
        job_states=STATE_LABELS,
        rule_form=rule_form,
        invalid_rule_for=invalid_rule_for,
    )


@bp.get("/deep-link")
@teacher_only
def deep_link(launch):
    """The LMS's activity chooser: pick the micro-credential to place in the course."""
    if launch_session.deep_link_origin() is None:
        raise NotFound(gettext("There is no content request from your platform to answer."))
    overview = micro_credentials.course_overview(launch.course_id, uow=container().uow())
    return render_template("teacher/deep_link.html", overview=overview)


@bp.post("/deep-link/<int:micro_credential_id>")
@teacher_only
def place(launch, micro_credential_id: int):
    origin = launch_session.deep_link_origin()
    if origin is None:
        raise NotFound(gettext("There is no content request from your platform to answer."))
    deps = container()
    answer = deep_linking.place_micro_credential(
        micro_credential_id,
        course_id=launch.course_id,
        origin=origin,
        uow=deps.uow(),
        responder=deps.deep_links,
        launch_url=deps.base_url + url_for("lti.launch"),
    )
    launch_session.forget_deep_link()
    response = make_response(render_template("lti/deep_link_return.html", answer=answer))
    return_origin = "{0.scheme}://{0.netloc}".format(urlsplit(answer.return_url))
    response.headers["Content-Security-Policy"] = content_security_policy(
        form_action=f"'self' {return_origin}"
    )
    return response


@bp.get("/credentials")
@teacher_only
def credentials(launch):
    """The course's issued credentials, each with its status and what may be done to it."""
    found = revocation.course_credentials(launch.course_id, uow=container().uow())
    return render_template("teacher/credentials.html", credentials=found)


@bp.get("/credentials/<int:award_id>/<action>")
@teacher_only
def confirm_status_change(launch, award_id: int, action: str):
    """Ask the teacher to confirm; the form posts back to the same address."""
    chosen = _status_action_or_404(action)
    found = revocation.course_credential(
        award_id, course_id=launch.course_id, uow=container().uow()
    )
    return render_template("teacher/confirm_status.html", credential=found, action=chosen.value)


@bp.post("/credentials/<int:award_id>/<action>")
@teacher_only
def change_status(launch, award_id: int, action: str):
    chosen = _status_action_or_404(action)
    deps = container()
    revocation.change_award_status(
        award_id,
        chosen,
        course_id=launch.course_id,
        teacher_id=launch.person_id,
        reason=request.form.get("reason", ""),
        uow=deps.uow(),
        status_lists=deps.status_lists,
        dids=deps.dids,
        clock=deps.clock,
        base_url=deps.base_url,
    )
    flash(_status_changed_message(chosen), "success")
    return redirect(url_for("teacher.credentials"))


@bp.get("/log")
@teacher_only
def audit_log(launch):
    lines = audit.course_log(launch.course_id, uow=container().uow())
    return render_template("teacher/log.html", lines=lines)


def _status_action_or_404(action: str) -> StatusAction:
    try:
        return StatusAction(action)
    except ValueError:
        abort(404)


def _status_changed_message(action: StatusAction) -> str:
    if action == StatusAction.REVOKE:
        return gettext("The credential is revoked. Verifiers see this within five minutes.")
    if action == StatusAction.SUSPEND:
        return gettext("The credential is suspended. Verifiers see this within five minutes.")
    return gettext("The credential is reinstated. Verifiers see this within five minutes.")


@bp.get("/micro-credentials/copy")
@teacher_only
def copy_page(launch):
    candidates = micro_credentials.copy_candidates(launch.course_id, uow=container().uow())
    return render_template("teacher/copy.html", candidates=candidates)


@bp.post("/micro-credentials/copy/<int:source_id>")
@teacher_only
def copy_micro_credential(launch, source_id: int):
    deps = container()
    micro_credentials.copy_micro_credential(
        source_id,
        course_id=launch.course_id,
        uow=deps.uow(),
        issuer=deps.issuer,
        dids=deps.dids,
        clock=deps.clock,
        base_url=deps.base_url,
    )
    flash(gettext("Micro-credential copied. Now set the rule that earns it here."), "success")
    return redirect(url_for("teacher.course"))
