"""The teacher's definition form: every Annex I element in, the same out on the public page and in
the credential; errors shown next to their fields, and nothing saved on error."""

import base64
import hashlib
import json
import re

from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import EndorsementRow, MicroCredentialRow
from lti_tool.services.organisations import OrganisationSpec, add_organisation
from tests.conftest import Moodle
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form, submit

ESCO = "http://data.europa.eu/esco/skill/"
COMPLETE = {
    "title": "Digital content for the workplace",
    "language": "en",
    "description": "Create digital content for a workplace context.",
    "learning_outcomes": "Develops digital content.\nWorks in a team on a deliverable.",
    "ects": "3",
    "ecvet_points": "",
    "hours": "80",
    "eqf_level": "4",
    "assessment_types": ["practical-assessment", "oral-examination"],
    "participation_forms": ["blended", "work-based"],
    "qa_kind": "programme-quality-assurance",
    "qa_body": "National VET inspectorate",
    "translation_language": "nl",
    "translated_title": "Digitale content voor de werkplek",
    "translated_description": "Digitale content maken voor de werkplek.",
    "nqf_level": "c_ff656b33",
    "esco_skills": f"{ESCO}5fd5c985-eaaa-47aa-8314-62359c54505a\n",
    "qa_description": "Accredited VET programme",
    "qa_body_url": "https://inspectorate.example",
    "qa_landing_page": "https://inspectorate.example/register/42",
    "prerequisites": "Basic digital skills.",
    "supervision": "supervised-online-id",
    "integration": "stackable",
    "is_part_of": "https://microvet.example/programmes/digital-media",
    "further_information": "Runs twice a year.",
    "validity_months": "36",
}


def _saved(app) -> list[MicroCredentialRow]:
    with app.app_context():
        rows = db.session.scalars(select(MicroCredentialRow)).all()
        db.session.expunge_all()
        return rows


def _errors_of(page: str, field: str) -> list[str]:
    """The error messages shown right after the field named `field`."""
    after = page.split(f'name="{field}"', 1)[1]
    block = after.split('class="form-text"', 1)[0].split('class="mb-3"', 1)[0]
    return re.findall(r'class="invalid-feedback[^"]*">([^<]+)<', block)


def test_the_form_offers_every_annex_i_element_with_the_eu_labels(moodle, http):
    page = (
        moodle.launch(Moodle.TEACHER).get("/teacher/micro-credentials/new").get_data(as_text=True)
    )
    for label in (
        "Type of assessment",
        "Form of participation",
        "Type of quality assurance",
        "Workload (ECVET points)",
        "Workload (hours)",
        "written examination",  # EU labels, as EU Vocabularies gives them
        "Workbased",
        "Program Quality Assurance",
        "NLQF Level 4",
        "Unsupervised without ID Verification",
        "More details",
    ):
        assert label in page, label
    assert 'class="collapse" id="more-details"' in page  # closed until needed


def test_a_complete_definition_round_trips_to_the_page_and_the_credential(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    assert define_micro_credential(teacher, **COMPLETE).status_code == 302
    (row,) = _saved(moodle.app)
    assert row.translations == [
        {
            "language": "nl",
            "title": "Digitale content voor de werkplek",
            "description": "Digitale content maken voor de werkplek.",
        }
    ]
    assert row.esco_skills == [[f"{ESCO}5fd5c985-eaaa-47aa-8314-62359c54505a"], []]
    assert row.assessment_types == ["practical-assessment", "oral-examination"]
    assert row.quality_assurance[0]["body_url"] == "https://inspectorate.example"
    assert (row.hours, row.validity_months, row.supervision) == (80, 36, "supervised-online-id")
    assert "3 ECTS · EQF level 4" in teacher.get("/teacher/").get_data(as_text=True)

    anyone = moodle.app.test_client()
    page = anyone.get(f"/micro-credentials/{row.id}").get_data(as_text=True)
    for shown in (
        "Digital content for the workplace",
        "3 ECTS · 80 hours",
        "NLQF Level 4",
        "practical assessment, oral examination",
        "Blended, Workbased",
        "Program Quality Assurance: National VET inspectorate",
        "Supervised with ID Verification (online)",
        "Basic digital skills.",
        "36 months",
        "Runs twice a year.",
        "Demo VET School, microVET European Alliance",
    ):
        assert shown in page, shown
    dutch = anyone.get(f"/micro-credentials/{row.id}?lang=nl").get_data(as_text=True)
    assert "Digitale content voor de werkplek" in dutch
    assert "Digitale content maken voor de werkplek." in dutch

    post_form(
        teacher, "/teacher/", f"/teacher/micro-credentials/{row.id}/rule", threshold_percent="60"
    )
    run_job(teacher, "/teacher/sync")
    sam = moodle.launch(4)
    _, claim_url = submit(sam, "/learner/", "/claim")
    credential = json.loads(sam.get(claim_url.replace("/claim", "/credential.json")).get_data())
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["related"][0]["id"].endswith(f"/micro-credentials/{row.id}?lang=nl")
    assert achievement["volumeOfLearning"] == "PT80H"
    assert (
        achievement["accreditation"][0]["landingPage"] == "https://inspectorate.example/register/42"
    )
    assert credential["validUntil"].startswith("2")
    report = anyone.post("/api/v1/verify", json=credential).get_json()
    assert report["verified"], report
    checks = {check["name"]: check for check in report["checks"]}
    assert "microVET European Alliance" in checks["endorsements"]["message"]
    assert checks["completeness"]["passed"]


def test_missing_mandatory_elements_are_shown_next_to_their_fields_and_nothing_is_saved(
    moodle, http
):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = define_micro_credential(
        teacher,
        ects="",
        assessment_types=[],
        participation_forms=[],
        qa_kind="",
        qa_body="",
    )
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Some fields need your attention" in page
    assert _errors_of(page, "ects") == ["Give the workload in ECTS, ECVET points or hours."]
    assert "Choose at least one." in page.split('name="participation_forms"')[-1]
    assert page.count("Choose at least one.") == 2
    assert _errors_of(page, "qa_kind") and _errors_of(page, "qa_body")
    assert 'class="collapse" id="more-details"' in page  # the optional part stays closed
    assert _saved(moodle.app) == []


def test_an_error_in_the_optional_part_opens_it(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = define_micro_credential(
        teacher,
        esco_skills="https://esco.example/not-a-skill",
        qa_body_url="inspectorate",
        translation_language="en",
        translated_title="Again",
        validity_months="0",
    )
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert 'class="collapse show" id="more-details"' in page
    assert _errors_of(page, "esco_skills") == [
        "https://esco.example/not-a-skill is not an ESCO skill URI."
    ]
    assert _errors_of(page, "qa_body_url") == ["inspectorate is not a web address (http or https)."]
    assert _errors_of(page, "translated_title") == [
        "Choose a language other than the micro-credential&#39;s own."
    ]
    assert _errors_of(page, "validity_months")
    assert _saved(moodle.app) == []


def test_what_a_teacher_types_is_shown_back_escaped(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    page = define_micro_credential(teacher, esco_skills="<b>x</b>").get_data(as_text=True)
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt; is not an ESCO skill URI." in page


def test_a_translation_needs_its_title_and_skills_need_their_outcomes(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = define_micro_credential(
        teacher,
        translation_language="de",
        translated_title=" ",
        esco_skills=f"\n\n{ESCO}5fd5c985-eaaa-47aa-8314-62359c54505a",
    )
    page = answer.get_data(as_text=True)
    assert _errors_of(page, "translated_title") == ["Give the title in the other language."]
    assert _errors_of(page, "esco_skills") == ["There are more lines than learning outcomes."]


def test_other_member_organisations_can_co_award_and_endorse(moodle, http):
    with moodle.app.app_context():
        from lti_tool.container import container

        deps = container()
        add_organisation(
            OrganisationSpec(
                slug="colegio-exemplo",
                name="Colegio Exemplo",
                country_code="PT",
                url="https://exemplo.example",
                is_alliance=False,
            ),
            uow=deps.uow(),
            issuer=deps.issuer,
            clock=deps.clock,
        )
    teacher = moodle.launch(Moodle.TEACHER)
    form = teacher.get("/teacher/micro-credentials/new").get_data(as_text=True)
    assert "Colegio Exemplo" in form and 'value="demo-vet-school"' not in form
    assert define_micro_credential(teacher, co_awarding_bodies="colegio-exemplo").status_code == 302
    (row,) = _saved(moodle.app)
    assert row.co_awarding_bodies == ["colegio-exemplo"]
    page = moodle.app.test_client().get(f"/micro-credentials/{row.id}").get_data(as_text=True)
    assert "Demo VET School, microVET European Alliance, Colegio Exemplo" in page
    with moodle.app.app_context():
        endorsers = db.session.scalars(select(EndorsementRow).order_by(EndorsementRow.id)).all()
        assert [e.document["issuer"]["name"] for e in endorsers] == [
            "microVET European Alliance",
            "Colegio Exemplo",
        ]


def test_an_unknown_co_awarding_body_is_refused(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = define_micro_credential(teacher, co_awarding_bodies="nobody")
    assert answer.status_code == 400
    with moodle.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MicroCredentialRow)) == 0


def test_a_value_the_domain_refuses_is_shown_at_the_top_and_nothing_is_saved(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    answer = define_micro_credential(teacher, assessment_types=["quiz", "quiz"])
    assert answer.status_code == 400
    assert "A type of assessment is given twice." in answer.get_data(as_text=True)
    assert _saved(moodle.app) == []


def test_our_json_ld_context_is_served_as_credentials_pin_it(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    run_job(teacher, "/teacher/sync")
    sam = moodle.launch(4)
    _, claim_url = submit(sam, "/learner/", "/claim")
    credential = json.loads(sam.get(claim_url.replace("/claim", "/credential.json")).get_data())
    (pinned,) = credential["relatedResource"]
    assert pinned["id"] == credential["@context"][-1]

    served = moodle.app.test_client().get("/contexts/eu-microcredential/v1.jsonld")
    assert served.status_code == 200
    assert served.mimetype == "application/ld+json"
    assert "immutable" in served.headers["Cache-Control"]
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert served.headers["Access-Control-Allow-Origin"] == "*"
    digest = base64.b64encode(hashlib.sha384(served.get_data()).digest()).decode("ascii")
    assert pinned["digestSRI"] == f"sha384-{digest}"
    assert "@context" in json.loads(served.get_data())


def test_an_unknown_context_is_a_404(app):
    answer = app.test_client().get("/contexts/eu-microcredential/v2.jsonld")
    assert answer.status_code == 404
