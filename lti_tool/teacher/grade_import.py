"""Teacher views for importing a grade file: upload, map the columns, import."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.services import grade_import
from lti_tool.teacher import bp
from lti_tool.teacher.forms import GradeFileForm
from lti_tool.teacher.grade_import_choices import KEYS, choices_from
from lti_tool.teacher.routes import teacher_only


@bp.route("/grades/import", methods=["GET", "POST"])
@teacher_only
def upload_grades(launch):
    form = GradeFileForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("teacher/import_upload.html", form=form), status
    deps = container()
    upload = form.grade_file.data
    try:
        upload_id = grade_import.upload_grade_file(
            launch.course_id,
            upload.filename or "",
            upload.read(),
            uow=deps.uow(),
            files=deps.grade_files,
            clock=deps.clock,
        )
    except InvalidInput as error:
        form.grade_file.errors = [error.message]
        return render_template("teacher/import_upload.html", form=form), 400
    return redirect(url_for("teacher.map_grades", upload_id=upload_id))


@bp.route("/grades/import/<int:upload_id>", methods=["GET", "POST"])
@teacher_only
def map_grades(launch, upload_id: int):
    deps = container()
    page = grade_import.mapping_page(
        launch.course_id, upload_id, uow=deps.uow(), files=deps.grade_files
    )
    if request.method == "GET":
        return _mapping(page, {})
    try:
        summary = grade_import.import_grade_file(
            launch.course_id,
            upload_id,
            choices_from(request.form, page.headers),
            uow=deps.uow(),
            files=deps.grade_files,
            roster=deps.roster,
            clock=deps.clock,
        )
    except InvalidInput as error:
        return _mapping(page, request.form, error=error.message), 400
    flash(
        gettext(
            "Imported %(scores)d scores of %(learners)d learners (%(changed)d new or changed); "
            "granted %(granted)d awards.",
            scores=summary.scores,
            learners=summary.learners,
            changed=summary.changed,
            granted=summary.awards_granted,
        ),
        "success",
    )
    return redirect(url_for("teacher.course"))


def _mapping(page, posted, *, error: str | None = None):
    suggested = page.suggestion
    grades = {column.header: column for column in suggested.grades} if suggested else {}
    return render_template(
        "teacher/import_map.html",
        page=page,
        posted=posted,
        error=error,
        keys=KEYS,
        suggested=suggested,
        suggested_grades=grades,
    )
