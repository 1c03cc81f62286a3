"""`flask demo load` defines a complete demo micro-credential, endorsed once by the alliance; its
endorsement serves every learner until the definition changes."""

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from lti_tool.container import container
from lti_tool.demo_setup import DEMO_MICRO_CREDENTIAL
from lti_tool.extensions import db
from lti_tool.models import EndorsementRow, MicroCredentialRow
from lti_tool.services.endorsements import awarding_bodies, ensure_endorsements
from tests.conftest import Moodle
from tests.jobs import run_job
from tests.web.test_walking_skeleton import post_form, submit


@pytest.fixture
def demo(app, http):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Demo loaded.")
    return Moodle(app)


def _endorsements(app) -> list[dict]:
    with app.app_context():
        return [row.document for row in db.session.scalars(select(EndorsementRow))]


def _claim(moodle, learner: int) -> dict:
    client = moodle.launch(learner)
    claimed, claim_url = submit(client, "/learner/", "/claim")
    assert claimed.status_code == 302
    return json.loads(client.get(claim_url.replace("/claim", "/credential.json")).get_data())


def test_the_demo_micro_credential_is_complete_in_english_and_dutch(demo):
    assert DEMO_MICRO_CREDENTIAL.languages == ("en", "nl")
    with demo.app.app_context():
        (row,) = db.session.scalars(select(MicroCredentialRow)).all()
        deps = container()
        bodies = awarding_bodies(deps.uow(), row, dids=deps.dids, base_url=deps.base_url)
        definition = row.to_domain(awarding_bodies=bodies)
        assert definition == replace(DEMO_MICRO_CREDENTIAL, awarding_bodies=bodies)
        definition.ensure_publishable()
        assert [body.name for body in bodies] == ["Demo VET School", "microVET European Alliance"]
    anyone = demo.app.test_client()
    assert "Digital content creation in a team" in anyone.get("/micro-credentials/1").get_data(
        as_text=True
    )
    dutch = anyone.get("/micro-credentials/1?lang=nl").get_data(as_text=True)
    assert "Digitale content maken in teamverband" in dutch


def test_loading_again_changes_nothing(demo):
    again = demo.app.test_cli_runner().invoke(args=["demo", "load"])
    assert again.output.startswith("Demo already loaded; nothing changed.")
    with demo.app.app_context():
        assert len(db.session.scalars(select(MicroCredentialRow)).all()) == 1
    assert len(_endorsements(demo.app)) == 1


def test_the_teacher_finds_it_and_every_learner_gets_the_same_endorsement(demo, http):
    teacher = demo.launch(Moodle.TEACHER)
    course = teacher.get("/teacher/").get_data(as_text=True)
    assert "Digital content creation in a team" in course
    assert "3 ECTS · EQF level 4" in course
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    run_job(teacher, "/teacher/sync")

    (stored,) = _endorsements(demo.app)
    sam, ana = _claim(demo, 4), _claim(demo, 5)
    for credential in (sam, ana):
        assert credential["credentialSubject"]["achievement"]["endorsement"] == [stored]
        report = demo.app.test_client().post("/api/v1/verify", json=credential).get_json()
        assert report["verified"], report
    assert stored["issuer"]["id"] == "did:web:tool.test:orgs:microvet-alliance"
    assert stored["proof"][0]["verificationMethod"].startswith(stored["issuer"]["id"] + "#")


def test_a_changed_definition_is_endorsed_anew_and_only_once(demo):
    with demo.app.app_context():
        deps = container()
        row = db.session.scalars(select(MicroCredentialRow)).one()
        kwargs = {
            "uow": deps.uow(),
            "issuer": deps.issuer,
            "dids": deps.dids,
            "clock": deps.clock,
            "base_url": deps.base_url,
        }
        (before,) = ensure_endorsements(row, **kwargs)
        row.hours = 90
        (after,) = ensure_endorsements(row, **kwargs)
        assert after != before
        assert ensure_endorsements(row, **kwargs) == (after,)
        db.session.commit()
    assert len(_endorsements(demo.app)) == 2
