"""Teacher view of the awards waiting for approval: approve or reject, one or many at once."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.services import approvals
from lti_tool.teacher import bp
from lti_tool.teacher.routes import teacher_only


@bp.route("/approvals", methods=["GET", "POST"])
@teacher_only
def approvals_page(launch):
    deps = container()
    if request.method == "POST":
        approve = request.form.get("decision") == "approve"
        try:
            ids = [int(value) for value in request.form.getlist("award")]
            decided = approvals.decide(
                launch.course_id,
                ids,
                approve=approve,
                reason=request.form.get("reason", ""),
                teacher_id=launch.person_id,
                uow=deps.uow(),
                clock=deps.clock,
            )
        except ValueError:
            decided, error = 0, gettext("Choose awards from the list.")
        except InvalidInput as refused:
            decided, error = 0, refused.message
        else:
            message = (
                gettext("Approved %(n)d awards: the learners can claim them now.", n=decided)
                if approve
                else gettext("Rejected %(n)d awards.", n=decided)
            )
            flash(message, "success")
            return redirect(url_for("teacher.approvals_page"))
        pending = approvals.pending_awards(launch.course_id, uow=deps.uow())
        return render_template("teacher/approvals.html", pending=pending, error=error), 400
    pending = approvals.pending_awards(launch.course_id, uow=deps.uow())
    return render_template("teacher/approvals.html", pending=pending, error=None)
