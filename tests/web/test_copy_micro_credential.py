"""Reuse: a teacher copies a micro-credential from another course of the same organisation,
every element and co-awarding body included, with its own endorsement; anything else is 404."""

from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import MicroCredentialRow
from tests.conftest import Moodle
from tests.html_forms import csrf_token_of, forms_of
from tests.web.test_walking_skeleton import define_micro_credential

CONTEXT = "https://purl.imsglobal.org/spec/lti/claim/context"


def _other_course(moodle):
    teacher, answer = moodle.launch_with_claims(
        Moodle.TEACHER, **{CONTEXT: {"id": "77", "label": "VET-202", "title": "VET-202 Welding"}}
    )
    assert answer.status_code == 302
    return teacher


def test_a_definition_is_copied_from_another_course_of_the_organisation(moodle, http):
    first = moodle.launch(Moodle.TEACHER)
    assert define_micro_credential(first, title="Safe welding").status_code == 302
    second = _other_course(moodle)

    page = second.get("/teacher/micro-credentials/copy").get_data(as_text=True)
    assert "Safe welding" in page and "VET-101" in page
    form = next(f for f in forms_of(page) if "/copy/" in f.action)
    answer = second.post(form.action, data=form.fields)
    assert answer.status_code == 302
    assert "Safe welding" in second.get("/teacher/").get_data(as_text=True)
    with moodle.app.app_context():
        rows = db.session.scalars(select(MicroCredentialRow).order_by(MicroCredentialRow.id)).all()
        original, copy = rows
        assert copy.course_id != original.course_id
        assert copy.to_domain() == original.to_domain()
        assert copy.co_awarding_bodies == original.co_awarding_bodies
        assert copy.endorsements and copy.rule is None


def test_nothing_to_copy_and_wrong_sources_are_explained(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    empty = teacher.get("/teacher/micro-credentials/copy").get_data(as_text=True)
    assert "No other course of your organisation has a micro-credential yet." in empty
    assert define_micro_credential(teacher).status_code == 302
    token = csrf_token_of(teacher.get("/teacher/").get_data(as_text=True))
    own = teacher.post("/teacher/micro-credentials/copy/1", data={"csrf_token": token})
    assert own.status_code == 404, "its own course's definition is not a source"
    unknown = teacher.post("/teacher/micro-credentials/copy/999", data={"csrf_token": token})
    assert unknown.status_code == 404
    sam = moodle.launch(4)
    assert sam.get("/teacher/micro-credentials/copy").status_code == 403
