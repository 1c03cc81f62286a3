"""The teacher's designer: define a micro-credential, keep drafts, publish versions, preview it
as learners and employers will see it, give it a badge, export and import it as JSON."""

import json

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.services import definitions, micro_credentials
from lti_tool.teacher import bp
from lti_tool.teacher.forms import BadgeForm, DefinitionFileForm, MicroCredentialForm
from lti_tool.teacher.routes import teacher_only

DRAFT, PUBLISH = "draft", "publish"
_DRAFT_SAVED = _l(
    "Draft saved; credentials are issued from the published version until you publish it."
)


@bp.route("/micro-credentials/new", methods=["GET", "POST"])
@teacher_only
def new_micro_credential(launch):
    form = _form(launch)
    if not form.validate_on_submit():
        return _designer(launch, form, 400 if form.is_submitted() else 200)
    deps = container()
    try:
        if request.form.get("action") == DRAFT:
            mc_id = definitions.save_draft(
                launch.course_id,
                form.definition(),
                co_awarding_bodies=form.co_awarding_bodies.data,
                uow=deps.uow(),
            )
            flash(gettext("Draft saved. Publish it when it is ready."), "success")
            return redirect(url_for("teacher.edit_micro_credential", micro_credential_id=mc_id))
        micro_credentials.define_micro_credential(
            launch.course_id,
            form.definition(),
            co_awarding_bodies=form.co_awarding_bodies.data,
            teacher_id=launch.person_id,
            uow=deps.uow(),
            issuer=deps.issuer,
            dids=deps.dids,
            clock=deps.clock,
            base_url=deps.base_url,
        )
    except InvalidInput as refused:  # a value the form let through; nothing was saved
        return _designer(launch, form, 400, refusal=refused.message)
    flash(gettext("Micro-credential published. Now set the rule that earns it."), "success")
    return redirect(url_for("teacher.course"))


@bp.route("/micro-credentials/<int:micro_credential_id>/edit", methods=["GET", "POST"])
@teacher_only
def edit_micro_credential(launch, micro_credential_id: int):
    deps = container()
    copy = definitions.working_copy(micro_credential_id, course_id=launch.course_id, uow=deps.uow())
    form = _form(launch)
    if request.method == "GET":
        form.fill(copy.definition, copy.co_awarding_bodies)
        return _designer(launch, form, 200, copy=copy)
    if not form.validate_on_submit():
        return _designer(launch, form, 400, copy=copy)
    try:
        definitions.save_draft(
            launch.course_id,
            form.definition(),
            co_awarding_bodies=form.co_awarding_bodies.data,
            micro_credential_id=micro_credential_id,
            uow=deps.uow(),
        )
        if request.form.get("action") != PUBLISH:
            flash(str(_DRAFT_SAVED), "success")
            return redirect(request.path)
        number = definitions.publish(
            micro_credential_id,
            course_id=launch.course_id,
            teacher_id=launch.person_id,
            uow=deps.uow(),
            issuer=deps.issuer,
            dids=deps.dids,
            clock=deps.clock,
            base_url=deps.base_url,
        )
    except InvalidInput as refused:
        copy = definitions.working_copy(
            micro_credential_id, course_id=launch.course_id, uow=deps.uow()
        )
        return _designer(launch, form, 400, copy=copy, refusal=refused.message)
    flash(
        gettext(
            "Version %(number)d published: credentials issued from now on state it; those "
            "issued before stay as they are.",
            number=number,
        ),
        "success",
    )
    return redirect(request.path)


@bp.post("/micro-credentials/<int:micro_credential_id>/discard")
@teacher_only
def discard_draft(launch, micro_credential_id: int):
    definitions.discard_draft(
        micro_credential_id, course_id=launch.course_id, uow=container().uow()
    )
    flash(gettext("Your unpublished changes were discarded."), "success")
    return redirect(
        url_for("teacher.edit_micro_credential", micro_credential_id=micro_credential_id)
    )


@bp.post("/micro-credentials/preview")
@teacher_only
def preview(launch):
    """The live preview: the form as it stands, as learners and employers will read it."""
    form = _form(launch)
    if not form.validate():
        return render_template("teacher/_preview.html", mc=None, form=form)
    try:
        described = micro_credentials.preview(
            launch.course_id,
            form.definition(),
            co_awarding_bodies=form.co_awarding_bodies.data,
            uow=container().uow(),
        )
    except InvalidInput as refused:
        return render_template("teacher/_preview.html", mc=None, form=form, refusal=refused.message)
    return render_template("teacher/_preview.html", mc=described, form=form)


@bp.get("/micro-credentials/<int:micro_credential_id>/export.json")
@teacher_only
def export_definition(launch, micro_credential_id: int):
    document = definitions.export_definition(
        micro_credential_id, course_id=launch.course_id, uow=container().uow()
    )
    response = jsonify(document)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="micro-credential-{micro_credential_id}.json"'
    )
    return response


@bp.route("/micro-credentials/import", methods=["GET", "POST"])
@teacher_only
def import_definition(launch):
    form = DefinitionFileForm()
    if not form.validate_on_submit():
        return render_template("teacher/import_definition.html", form=form), (
            400 if form.is_submitted() else 200
        )
    try:
        document = json.loads(form.definition_file.data.read())
        mc_id = definitions.import_definition(launch.course_id, document, uow=container().uow())
    except (ValueError, UnicodeDecodeError):
        form.definition_file.errors = [
            gettext("The file is not JSON; choose a file exported from this tool.")
        ]
        return render_template("teacher/import_definition.html", form=form), 400
    except InvalidInput as refused:
        form.definition_file.errors = [refused.message]
        return render_template("teacher/import_definition.html", form=form), 400
    flash(gettext("Imported as a draft. Check it, then publish it."), "success")
    return redirect(url_for("teacher.edit_micro_credential", micro_credential_id=mc_id))


@bp.post("/micro-credentials/<int:micro_credential_id>/badge")
@teacher_only
def set_badge(launch, micro_credential_id: int):
    """Upload a badge image, or (the "generate" button) have one made from the logo and title."""
    deps = container()
    badge_form = BadgeForm()
    generate = request.form.get("action") == "generate"
    upload = badge_form.badge_file.data
    try:
        if not badge_form.validate_on_submit():
            raise InvalidInput(gettext("Reload the page and try again."))
        if not generate and not upload:
            raise InvalidInput(gettext("Choose a PNG or SVG file, or have a badge made."))
        definitions.set_badge(
            micro_credential_id,
            course_id=launch.course_id,
            upload=None if generate else upload.read(),
            uow=deps.uow(),
            badges=deps.badges,
        )
    except InvalidInput as refused:
        badge_form.badge_file.errors = [refused.message]
        copy = definitions.working_copy(
            micro_credential_id, course_id=launch.course_id, uow=deps.uow()
        )
        form = _form(launch)
        form.fill(copy.definition, copy.co_awarding_bodies)
        return _designer(launch, form, 400, copy=copy, badge_form=badge_form)
    flash(gettext("Badge saved. Credentials issued from now on show it."), "success")
    return redirect(
        url_for("teacher.edit_micro_credential", micro_credential_id=micro_credential_id)
    )


def _editing(micro_credential_id: int) -> str:
    return url_for("teacher.edit_micro_credential", micro_credential_id=micro_credential_id)


def _form(launch) -> MicroCredentialForm:
    form = MicroCredentialForm()
    form.co_awarding_bodies.choices = [
        (body.slug, body.name)
        for body in micro_credentials.co_awarding_candidates(
            launch.course_id, uow=container().uow()
        )
    ]
    return form


def _designer(
    launch,
    form: MicroCredentialForm,
    status: int,
    *,
    copy: definitions.WorkingCopy | None = None,
    refusal: str | None = None,
    badge_form: BadgeForm | None = None,
):
    deps = container()
    page = render_template(
        "teacher/design.html",
        form=form,
        copy=copy,
        versions=(
            definitions.versions(copy.id, course_id=launch.course_id, uow=deps.uow())
            if copy
            else []
        ),
        badge_url=(
            definitions.badge_url(deps.base_url, copy.badge_digest)
            if copy and copy.badge_digest
            else None
        ),
        badge_form=badge_form or BadgeForm(),
        refusal=refusal,
    )
    return page, status
