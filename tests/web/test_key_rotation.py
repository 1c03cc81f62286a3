"""An organisation rotates its signing key: older credentials keep verifying, new ones use it."""

import json

from tests.conftest import Moodle
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form, submit


def claim_credential(moodle, user_id: int) -> dict:
    learner = moodle.launch(user_id)
    _, claim_url = submit(learner, "/learner/", "/claim")
    return json.loads(learner.get(claim_url.replace("/claim", "/credential.json")).get_data())


def verified(moodle, credential: dict) -> bool:
    report = moodle.app.test_client().post("/api/v1/verify", json=credential).get_json()
    return report["verified"]


def test_after_a_key_rotation_old_and_new_credentials_verify(moodle, http):
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60")
    run_job(teacher, "/teacher/sync")
    before = claim_credential(moodle, 4)

    result = moodle.app.test_cli_runner().invoke(args=["org", "rotate-key", "demo-vet-school"])

    assert result.exit_code == 0, result.output
    assert "now signs with key-2" in result.output
    did_document = moodle.app.test_client().get("/orgs/demo-vet-school/did.json").get_json()
    assert [method["id"].rsplit("#", 1)[1] for method in did_document["verificationMethod"]] == [
        "key-1",
        "key-2",
    ]
    after = claim_credential(moodle, 5)
    assert before["proof"][0]["verificationMethod"].endswith("#key-1")
    assert after["proof"][0]["verificationMethod"].endswith("#key-2")
    assert verified(moodle, before) and verified(moodle, after)


def test_rotating_the_key_of_an_unknown_organisation_says_so(app):
    result = app.test_cli_runner().invoke(args=["org", "rotate-key", "nobody"])
    assert result.exit_code != 0
    assert "not found" in result.output.lower() or "no organisation" in result.output.lower()
