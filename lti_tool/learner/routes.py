"""Learner views: each loads only the learner's own awards (NotFound for anyone else's)."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext

from lti_tool import launch_session
from lti_tool.container import container
from lti_tool.domain.launch import Role
from lti_tool.learner import bp
from lti_tool.services import awards

learner_only = launch_session.requires(Role.LEARNER)


@bp.get("/")
@learner_only
def awards_page(launch):
    found = awards.learner_awards(launch.person_id, launch.course_id, uow=container().uow())
    return render_template("learner/awards.html", awards=found, course_title=launch.course_title)


@bp.post("/awards/<int:award_id>/claim")
@learner_only
def claim(launch, award_id: int):
    deps = container()
    awards.claim_award(
        award_id,
        person_id=launch.person_id,
        uow=deps.uow(),
        issuer=deps.issuer,
        status_lists=deps.status_lists,
        dids=deps.dids,
        clock=deps.clock,
        base_url=deps.base_url,
        scores=deps.scores,
    )
    flash(gettext("Your micro-credential is issued. Download it and keep it safe."), "success")
    return redirect(url_for("learner.awards_page"))


@bp.get("/awards/<int:award_id>/credential.json")
@learner_only
def download(launch, award_id: int):
    issued = awards.issued_document(award_id, person_id=launch.person_id, uow=container().uow())
    return Response(
        json.dumps(issued.document, indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{issued.filename}"'},
    )
