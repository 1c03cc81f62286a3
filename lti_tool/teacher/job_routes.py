"""Teacher views of background jobs: start a sync or the issuing of a cohort, and follow it on a
page whose progress bar polls the job's state."""

from flask import jsonify, redirect, render_template, url_for
from flask_babel import gettext

from lti_tool.container import container
from lti_tool.domain.jobs import JobKind, JobProgress
from lti_tool.services import jobs
from lti_tool.teacher import bp
from lti_tool.teacher.job_labels import COUNT_LABELS, KIND_TITLES, STATE_LABELS
from lti_tool.teacher.routes import teacher_only


@bp.post("/sync")
@teacher_only
def sync(launch):
    return _start(launch, JobKind.SYNC_AGS)


@bp.post("/sync-moodle")
@teacher_only
def sync_moodle(launch):
    return _start(launch, JobKind.SYNC_MOODLE)


@bp.post("/issue")
@teacher_only
def issue_cohort(launch):
    return _start(launch, JobKind.ISSUE)


@bp.get("/jobs/<int:job_id>")
@teacher_only
def job_page(launch, job_id: int):
    job = jobs.job_progress(job_id, course_id=launch.course_id, uow=container().uow())
    return render_template("teacher/job.html", job=job, view=_view(job))


@bp.get("/jobs/<int:job_id>/progress")
@teacher_only
def job_progress(launch, job_id: int):
    job = jobs.job_progress(job_id, course_id=launch.course_id, uow=container().uow())
    return jsonify(_view(job))


def _start(launch, kind: JobKind):
    deps = container()
    job_id = jobs.start_job(
        kind,
        launch.course_id,
        requested_by=launch.person_id,
        uow=deps.uow(),
        queue=deps.jobs,
        clock=deps.clock,
    )
    return redirect(url_for("teacher.job_page", job_id=job_id))


def _view(job: JobProgress) -> dict:
    """The job as its page and its polling script show it, every label translated."""
    return {
        "id": job.id,
        "title": str(KIND_TITLES[job.kind]),
        "state": job.state.value,
        "state_label": str(STATE_LABELS[job.state.value]),
        "finished": job.state.finished,
        "percent": job.percent,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "progress_label": gettext(
            "%(done)d of %(total)d done, %(failed)d failed",
            done=job.done,
            total=job.total,
            failed=job.failed,
        ),
        "counts": [
            {"label": str(COUNT_LABELS.get(name, name)), "value": value}
            for name, value in job.counts.items()
        ],
        "errors": [{"learner": e.learner, "message": e.message} for e in job.errors],
        "message": job.message,
    }
