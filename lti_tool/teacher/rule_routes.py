"""Teacher view of a micro-credential's award rule: conditions, who qualifies, save."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.services import award_rules
from lti_tool.teacher import bp
from lti_tool.teacher.routes import teacher_only
from lti_tool.teacher.rule_builder import KINDS, ROWS, fields_of, rule_from


@bp.route("/micro-credentials/<int:micro_credential_id>/conditions", methods=["GET", "POST"])
@teacher_only
def edit_rule(launch, micro_credential_id: int):
    deps = container()
    page = award_rules.rule_page(micro_credential_id, course_id=launch.course_id, uow=deps.uow())
    if request.method == "GET":
        return _page(page, fields_of(page.rule))
    try:
        rule = rule_from(request.form, page.activities)
        if request.form.get("action") == "preview":
            qualifiers = award_rules.who_qualifies(
                micro_credential_id, rule, course_id=launch.course_id, uow=deps.uow()
            )
            return _page(page, request.form, qualifiers=qualifiers)
        granted = award_rules.save_rule(
            micro_credential_id, rule, course_id=launch.course_id, uow=deps.uow(), clock=deps.clock
        )
    except InvalidInput as error:
        return _page(page, request.form, error=error.message), 400
    flash(
        gettext("Rule saved; %(n)d awards granted from the results received so far.", n=granted),
        "success",
    )
    return redirect(url_for("teacher.course"))


def _page(page, fields, *, qualifiers=None, error: str | None = None):
    return render_template(
        "teacher/rule.html",
        page=page,
        fields=fields,
        rows=range(ROWS),
        kinds=KINDS,
        qualifiers=qualifiers,
        error=error,
    )
