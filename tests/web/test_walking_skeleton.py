"""The whole path of the walking skeleton, through real LTI launches from the emulated Moodle."""

import json
from urllib.parse import urlsplit

from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import Enrolment, Person
from tests.conftest import Moodle
from tests.html_forms import csrf_token_of, forms_of
from tests.jobs import counts_of, run_job

# The designer's form filled in with a complete micro-credential.
DEFINITION_FORM = {
    "title": "Digital content for the workplace",
    "description": "Create digital content for a workplace context.",
    "learning_outcomes": "Develops digital content.\nWorks in a team on a deliverable.",
    "ects": "3",
    "eqf_level": "4",
    "assessment_types": "practical-assessment",
    "participation_forms": "blended",
    "qa_kind": "programme-quality-assurance",
    "qa_body": "National VET inspectorate",
}


def define_micro_credential(teacher, **overrides):
    form = {**DEFINITION_FORM, **overrides}
    page = teacher.get("/teacher/micro-credentials/new")
    form["csrf_token"] = csrf_token_of(page.get_data(as_text=True))
    return teacher.post("/teacher/micro-credentials/new", data=form)


def post_form(client, page_path: str, action: str, **fields):
    token = csrf_token_of(client.get(page_path).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **fields})


def submit(client, page_path: str, action_ending: str):
    """Submit the form of the page whose action ends so, as a browser would; return the answer."""
    page = client.get(page_path).get_data(as_text=True)
    form = next(f for f in forms_of(page) if f.action.endswith(action_ending))
    return client.post(form.action, data=form.fields), form.action


def test_teacher_defines_syncs_and_learners_claim_download_and_verify(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    assert "Micro-credentials of VET-101" in teacher.get("/teacher/").get_data(as_text=True)

    assert define_micro_credential(teacher).status_code == 302
    page = teacher.get("/teacher/").get_data(as_text=True)
    assert "Digital content for the workplace" in page
    assert "3 ECTS · EQF level 4" in page

    assert (
        post_form(
            teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60"
        ).status_code
        == 302
    )
    synced = run_job(teacher, "/teacher/sync")
    assert synced["state"] == "done"
    assert counts_of(synced) == {
        "Course members read": 4,
        "Grades read": 3,
        "New or changed results": 3,
        "Awards granted": 2,
    }

    again = counts_of(run_job(teacher, "/teacher/sync"))
    assert again["New or changed results"] == 0 and again["Awards granted"] == 0

    sam = moodle.launch(4)  # 85 %: qualifies
    awards_page = sam.get("/learner/").get_data(as_text=True)
    assert "Digital content for the workplace" in awards_page
    assert "Grade: 85 %" in awards_page
    claimed, claim_url = submit(sam, "/learner/", "/claim")
    assert claimed.status_code == 302
    download_url = claim_url.replace("/claim", "/credential.json")
    assert download_url in sam.get("/learner/").get_data(as_text=True)

    download = sam.get(download_url)
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    credential = json.loads(download.get_data())
    assert credential["issuer"]["name"] == "Demo VET School"
    assert credential["credentialSubject"]["achievement"]["creator"]["name"] == (
        "microVET European Alliance"
    )
    assert credential["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    achievement_page = sam.get(urlsplit(credential["credentialSubject"]["achievement"]["id"]).path)
    assert achievement_page.status_code == 200
    assert "Develops digital content." in achievement_page.get_data(as_text=True)

    # Claiming twice returns the same document.
    post_form(sam, "/verify", claim_url)  # any page of the session carries its CSRF token
    assert json.loads(sam.get(download_url).get_data()) == credential

    anyone = moodle.app.test_client()
    report = anyone.post("/api/v1/verify", json=credential).get_json()
    assert report["verified"], report
    assert report["summary"]["learner_name"] == "Sam Student"

    page = anyone.get("/verify")
    token = csrf_token_of(page.get_data(as_text=True))
    shown = anyone.post(
        "/verify", data={"csrf_token": token, "credential_json": json.dumps(credential)}
    ).get_data(as_text=True)
    assert "Verified" in shown and "Not verified" not in shown

    bo = moodle.launch(6)  # 42 %: earns nothing
    assert "You have not earned a micro-credential" in bo.get("/learner/").get_data(as_text=True)


def test_a_sync_names_learners_who_never_launched_from_the_roster(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    run_job(teacher, "/teacher/sync")
    with moodle.app.app_context():
        bo = db.session.scalars(select(Person).where(Person.subject == "6")).one()
        assert bo.name == "Bo Brouwer"
        roles = {e.role for e in db.session.scalars(select(Enrolment))}
        assert roles == {"teacher", "learner"}
        assert db.session.scalars(select(Person).where(Person.subject == "2")).first() is None
