"""The teacher's designer: drafts, published versions that later edits do not change, the live
preview, JSON export and import, and badge images, each with its refusals."""

import io
import json

import pytest
from PIL import Image
from sqlalchemy import select

from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.extensions import db
from lti_tool.models import IssuedCredential, MicroCredentialRow
from lti_tool.services import definitions
from tests.conftest import Moodle
from tests.html_forms import csrf_token_of, forms_of
from tests.jobs import run_job
from tests.web.test_walking_skeleton import (
    DEFINITION_FORM,
    define_micro_credential,
    post_form,
    submit,
)

EDIT = "/teacher/micro-credentials/1/edit"


def _edit(teacher, action: str, **changes):
    """Post the designer's form, filled in as DEFINITION_FORM with `changes`."""
    token = csrf_token_of(teacher.get(EDIT).get_data(as_text=True))
    fields = {**DEFINITION_FORM, **changes, "action": action, "csrf_token": token}
    return teacher.post(EDIT, data=fields)


def _claim(learner) -> None:
    """The learner presses "Claim" on their page."""
    answer, _ = submit(learner, "/learner/", "/claim")
    assert answer.status_code == 302, answer.get_data(as_text=True)


def _press(teacher, address: str, **fields):
    token = csrf_token_of(teacher.get(EDIT).get_data(as_text=True))
    return teacher.post(address, data={"csrf_token": token, **fields})


def _credential_titles(app) -> list[str]:
    with app.app_context():
        return [
            doc["credentialSubject"]["achievement"]["name"]
            for doc in db.session.scalars(
                select(IssuedCredential.document).order_by(IssuedCredential.id)
            )
        ]


@pytest.fixture
def teacher(moodle, http):
    return moodle.launch(Moodle.TEACHER)


def _graded(teacher) -> None:
    """A pass mark of 60 %, and the gradebook synced: Sam and Ana qualify."""
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    run_job(teacher, "/teacher/sync")


def test_a_draft_is_kept_unpublished_and_earns_nothing_until_published(moodle, teacher):
    answer = define_micro_credential(teacher, action="draft")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(EDIT)
    assert "Draft: not published yet" in teacher.get("/teacher/").get_data(as_text=True)
    assert teacher.get("/micro-credentials/1").status_code == 404  # no public page yet
    _graded(teacher)
    assert "0 granted" in teacher.get("/teacher/").get_data(as_text=True)

    published = _edit(teacher, "publish")
    assert published.status_code == 302
    page = teacher.get(EDIT).get_data(as_text=True)
    assert "Published: version 1" in page and "Version 1 published" in page
    assert teacher.get("/micro-credentials/1").status_code == 200
    run_job(teacher, "/teacher/sync")
    assert "2 granted" in teacher.get("/teacher/").get_data(as_text=True)


def test_edits_make_a_new_version_and_leave_issued_credentials_alone(moodle, teacher):
    define_micro_credential(teacher)
    _graded(teacher)
    _claim(moodle.launch(4))
    assert _credential_titles(moodle.app) == ["Digital content for the workplace"]

    assert _edit(teacher, "draft", title="Digital content at work").status_code == 302
    page = teacher.get(EDIT).get_data(as_text=True)
    assert "Unpublished changes" in page and 'value="Digital content at work"' in page
    public = teacher.get("/micro-credentials/1").get_data(as_text=True)
    assert "Digital content for the workplace" in public  # the draft is not published
    _claim(moodle.launch(5))
    assert _credential_titles(moodle.app)[1] == "Digital content for the workplace"

    assert _edit(teacher, "publish", title="Digital content at work").status_code == 302
    page = teacher.get(EDIT).get_data(as_text=True)
    assert "Published: version 2" in page and "Unpublished changes" not in page
    assert "Version 2" in page and "Version 1" in page  # the published versions
    assert "Digital content at work" in teacher.get("/micro-credentials/1").get_data(as_text=True)
    assert _credential_titles(moodle.app) == ["Digital content for the workplace"] * 2
    with moodle.app.app_context():
        row = db.session.get(MicroCredentialRow, 1)
        assert [v.definition["title"] for v in row.versions] == [
            "Digital content for the workplace",
            "Digital content at work",
        ]


def test_unpublished_changes_can_be_discarded(moodle, teacher):
    define_micro_credential(teacher)
    _edit(teacher, "draft", title="A title not meant")
    page = teacher.get(EDIT).get_data(as_text=True)
    discard = next(f for f in forms_of(page) if f.action.endswith("/discard"))
    assert teacher.post(discard.action, data=discard.fields).status_code == 302
    page = teacher.get(EDIT).get_data(as_text=True)
    assert "A title not meant" not in page and "Unpublished changes" not in page


def test_the_live_preview_shows_what_learners_and_employers_will_read(teacher):
    page = teacher.get("/teacher/micro-credentials/new").get_data(as_text=True)
    assert (
        "js/live-preview.js" in page
        and 'data-preview-url="/teacher/micro-credentials/preview"' in page
    )
    fields = {
        "csrf_token": csrf_token_of(page),
        "title": "Welding basics",
        "description": "Safe welding.",
        "learning_outcomes": "Welds a seam.",
        "hours": "40",
        "eqf_level": "3",
        "assessment_types": "practical-assessment",
        "participation_forms": "presential",
        "qa_kind": "programme-quality-assurance",
        "qa_body": "Inspectorate",
    }
    shown = teacher.post("/teacher/micro-credentials/preview", data=fields)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "As the learner sees it" in html and "As an employer checking it sees it" in html
    assert "Welding basics" in html and "EQF level 3" in html and "40 hours" in html
    assert "Demo VET School" in html and "microVET European Alliance" in html

    unfinished = teacher.post(
        "/teacher/micro-credentials/preview", data={**fields, "title": ""}
    ).get_data(as_text=True)
    assert "Fill in the fields marked as needed" in unfinished and "Title" in unfinished


def test_a_definition_exported_as_json_is_imported_as_a_draft(moodle, teacher):
    define_micro_credential(teacher, translation_language="nl", translated_title="Digitaal")
    exported = teacher.get("/teacher/micro-credentials/1/export.json")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    document = exported.get_json()
    assert document["format"] == "microvet-definition/1"
    assert document["translations"][0]["title"] == "Digitaal"

    imported = _import(teacher, json.dumps(document).encode())
    assert imported.status_code == 302
    assert imported.headers["Location"].endswith("/teacher/micro-credentials/2/edit")
    again = teacher.get("/teacher/micro-credentials/2/export.json").get_json()
    assert again == document
    assert "Draft: not published yet" in teacher.get("/teacher/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG not json", "The file is not JSON"),
        (b'{"format": "other/1"}', "definition.format: expected"),
        (
            json.dumps(
                {
                    "format": "microvet-definition/1",
                    "title": "T",
                    "description": "D",
                    "learning_outcomes": [{"text": 3}],
                }
            ).encode(),
            "definition.learning_outcomes[0].text: expected text",
        ),
        (
            json.dumps(
                {
                    "format": "microvet-definition/1",
                    "title": "T",
                    "description": "D",
                    "learning_outcomes": [],
                    "co_awarding_bodies": ["no-such-school"],
                }
            ).encode(),
            "No organisation can co-award it as no-such-school",
        ),
    ],
)
def test_a_faulty_import_says_what_is_wrong_and_keeps_nothing(moodle, teacher, content, message):
    answer = _import(teacher, content)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    with moodle.app.app_context():
        assert db.session.scalars(select(MicroCredentialRow)).all() == []


def test_an_incomplete_import_is_a_draft_that_publishing_refuses_until_complete(moodle, teacher):
    document = {
        "format": "microvet-definition/1",
        "title": "Welding basics",
        "description": "Safe welding.",
        "learning_outcomes": [{"text": "Welds a seam."}],
        "eqf_level": 3,
        "hours": 40,
    }
    assert _import(teacher, json.dumps(document).encode()).status_code == 302
    with moodle.app.app_context():
        assert db.session.get(MicroCredentialRow, 1).version == 0
        deps = container()
        with pytest.raises(InvalidInput, match="Type of assessment is missing") as refused:
            definitions.publish(
                1,
                course_id=1,
                teacher_id=None,
                uow=deps.uow(),
                issuer=deps.issuer,
                dids=deps.dids,
                clock=deps.clock,
                base_url=deps.base_url,
            )
        assert "Type of quality assurance" in refused.value.message
        assert db.session.get(MicroCredentialRow, 1).version == 0
    page = teacher.get(EDIT).get_data(as_text=True)
    assert 'value="Welding basics"' in page  # the draft as imported, to complete
    refused = _press(teacher, "/teacher/micro-credentials/1/edit", action="publish")
    assert refused.status_code == 400  # the form itself names what is missing
    assert _edit(teacher, "publish", title="Welding basics").status_code == 302
    assert "Published: version 1" in teacher.get(EDIT).get_data(as_text=True)


def test_a_badge_is_uploaded_cleaned_served_and_stated_by_later_credentials(moodle, teacher):
    define_micro_credential(teacher)
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" onload="alert(1)">'
        b'<script>alert(2)</script><circle cx="50" cy="50" r="40" fill="#036"/></svg>'
    )
    assert _badge(teacher, svg, "badge.svg").status_code == 302
    page = teacher.get(EDIT).get_data(as_text=True)
    url = next(part.split('"')[0] for part in page.split('src="')[1:] if "/badges/" in part)
    served = teacher.get(url)
    assert served.status_code == 200 and served.mimetype == "image/svg+xml"
    assert (
        b"circle" in served.data and b"script" not in served.data and b"onload" not in served.data
    )
    assert "immutable" in served.headers["Cache-Control"]

    _graded(teacher)
    _claim(moodle.launch(4))
    with moodle.app.app_context():
        document = db.session.scalars(select(IssuedCredential.document)).one()
    assert document["credentialSubject"]["achievement"]["image"] == {
        "id": url,
        "type": "Image",
    }


def test_a_badge_is_made_from_the_logo_and_the_title(moodle, teacher):
    define_micro_credential(teacher)
    answer = _press(teacher, "/teacher/micro-credentials/1/badge", action="generate")
    assert answer.status_code == 302
    page = teacher.get(EDIT).get_data(as_text=True)
    url = next(part.split('"')[0] for part in page.split('src="')[1:] if "/badges/" in part)
    served = teacher.get(url)
    assert served.mimetype == "image/svg+xml" and b"Digital content" in served.data


def test_an_unacceptable_badge_is_refused_with_why(moodle, teacher):
    define_micro_credential(teacher)
    not_image = _badge(teacher, b"just some text", "badge.png")
    assert not_image.status_code == 400
    assert "PNG or SVG" in not_image.get_data(as_text=True)
    tiny = io.BytesIO()
    Image.new("RGB", (8, 8)).save(tiny, "PNG")
    too_small = _badge(teacher, tiny.getvalue(), "tiny.png")
    assert too_small.status_code == 400 and "64" in too_small.get_data(as_text=True)
    nothing = _press(teacher, "/teacher/micro-credentials/1/badge", action="upload")
    assert nothing.status_code == 400
    assert "Choose a PNG or SVG file" in nothing.get_data(as_text=True)
    with moodle.app.app_context():
        assert db.session.get(MicroCredentialRow, 1).badge_digest is None


def test_other_courses_definitions_and_learners_are_kept_out(moodle, teacher):
    define_micro_credential(teacher)
    sam = moodle.launch(4)
    assert sam.get(EDIT).status_code == 403
    assert teacher.get("/teacher/micro-credentials/9/edit").status_code == 404
    assert teacher.get("/teacher/micro-credentials/9/export.json").status_code == 404
    assert teacher.get("/badges/" + "0" * 64).status_code == 404


def _import(teacher, content: bytes):
    token = csrf_token_of(teacher.get("/teacher/micro-credentials/import").get_data(as_text=True))
    return teacher.post(
        "/teacher/micro-credentials/import",
        data={"csrf_token": token, "definition_file": (io.BytesIO(content), "definition.json")},
        content_type="multipart/form-data",
    )


def _badge(teacher, content: bytes, name: str):
    token = csrf_token_of(teacher.get(EDIT).get_data(as_text=True))
    return teacher.post(
        "/teacher/micro-credentials/1/badge",
        data={"csrf_token": token, "action": "upload", "badge_file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_a_draft_never_published_cannot_be_discarded_and_is_kept(moodle, teacher):
    define_micro_credential(teacher, action="draft")
    refused = _press(teacher, "/teacher/micro-credentials/1/discard")
    assert refused.status_code == 400
    assert "never published" in refused.get_data(as_text=True)
    with moodle.app.app_context():
        assert db.session.get(MicroCredentialRow, 1).draft is not None
