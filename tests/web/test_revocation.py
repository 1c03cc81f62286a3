"""Revoking, suspending and reinstating issued credentials, from the teacher's page and the
command line, and what verifiers, the learner and the published status lists then say."""

import json
from urllib.parse import urlsplit

import pytest

from adapters.credentials.status_list import decode_list
from lti_tool.domain.status import bit_at
from tests.conftest import Moodle
from tests.html_forms import csrf_token_of, forms_of
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form, submit

CONTEXT = "https://purl.imsglobal.org/spec/lti/claim/context"
ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"


class Issued:
    """A credential the demo course issued to Sam, and the people around it; `suspendable`
    opts the school in to suspension entries first (`flask org suspension`)."""

    def __init__(self, moodle, *, suspendable: bool = False):
        self.moodle = moodle
        if suspendable:
            opted = moodle.app.test_cli_runner().invoke(
                args=["org", "suspension", "demo-vet-school", "on"]
            )
            assert opted.exit_code == 0, opted.output
        self.teacher = moodle.launch(Moodle.TEACHER)
        define_micro_credential(self.teacher)
        post_form(
            self.teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="60"
        )
        run_job(self.teacher, "/teacher/sync")
        self.sam = moodle.launch(4)
        claimed, claim_url = submit(self.sam, "/learner/", "/claim")
        assert claimed.status_code == 302
        self.award_id = int(claim_url.rstrip("/").split("/")[-2])
        self.download_url = claim_url.replace("/claim", "/credential.json")
        self.credential = json.loads(self.sam.get(self.download_url).get_data())
        self.anyone = moodle.app.test_client()

    def entry(self, purpose: str) -> dict:
        status = self.credential["credentialStatus"]
        entries = status if isinstance(status, list) else [status]
        return next(e for e in entries if e["statusPurpose"] == purpose)

    def status_check(self) -> dict:
        report = self.anyone.post("/api/v1/verify", json=self.credential).get_json()
        return next(check for check in report["checks"] if check["name"] == "status")

    def served_list(self, purpose: str, **headers):
        return self.anyone.get(
            urlsplit(self.entry(purpose)["statusListCredential"]).path, headers=headers
        )

    def bit(self, purpose: str) -> bool:
        document = self.served_list(purpose).get_json(force=True)
        bits = decode_list(document["credentialSubject"]["encodedList"])
        return bit_at(bits, int(self.entry(purpose)["statusListIndex"]))

    def act(self, action: str, client=None, reason: str = "Awarded in error"):
        """Confirm `action` as a browser would: open the confirmation page, write the reason,
        submit its form."""
        client = client or self.teacher
        page = client.get(f"/teacher/credentials/{self.award_id}/{action}")
        assert page.status_code == 200, page.get_data(as_text=True)
        form = forms_of(page.get_data(as_text=True))[0]
        return client.post(form.action, data={**form.fields, "reason": reason})


@pytest.fixture
def issued(moodle, http):
    return Issued(moodle)


@pytest.fixture
def suspendable(moodle, http):
    return Issued(moodle, suspendable=True)


def test_a_credential_carries_one_revocation_entry_as_ob3_allows(issued):
    entry = issued.credential["credentialStatus"]
    assert isinstance(entry, dict), "OB3: credentialStatus [0..1], an object"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListCredential"] == (
        "http://tool.test/orgs/demo-vet-school/status/revocation/1"
    )
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["id"] == f"{entry['statusListCredential']}#{entry['statusListIndex']}"
    assert 0 <= int(entry["statusListIndex"]) < 131_072
    assert issued.status_check()["passed"]
    assert issued.anyone.get("/orgs/demo-vet-school/status/suspension/1").status_code == 404


def test_an_organisation_that_opts_in_adds_a_suspension_entry(suspendable):
    entries = suspendable.credential["credentialStatus"]
    assert [entry["statusPurpose"] for entry in entries] == ["revocation", "suspension"]
    assert suspendable.entry("suspension")["statusListCredential"] == (
        "http://tool.test/orgs/demo-vet-school/status/suspension/1"
    )
    check = suspendable.status_check()
    assert check["passed"], check


def test_a_credential_without_a_suspension_entry_cannot_be_suspended(issued):
    listed = issued.teacher.get("/teacher/credentials").get_data(as_text=True)
    assert f"/teacher/credentials/{issued.award_id}/revoke" in listed
    assert f"/teacher/credentials/{issued.award_id}/suspend" not in listed
    answer = issued.teacher.post(
        f"/teacher/credentials/{issued.award_id}/suspend",
        data={"csrf_token": csrf_token_of(issued.teacher.get("/verify").get_data(as_text=True))},
    )
    assert answer.status_code == 409
    assert "cannot be suspended; revoke it" in answer.get_data(as_text=True)
    refused = issued.moodle.app.test_cli_runner().invoke(
        args=["credentials", "suspend", issued.credential["id"]]
    )
    assert refused.exit_code == 1 and "without a suspension entry" in refused.output
    assert not issued.bit("revocation")


def test_opting_in_later_leaves_issued_credentials_as_they_are(issued):
    runner = issued.moodle.app.test_cli_runner()
    opted = runner.invoke(args=["org", "suspension", "demo-vet-school", "on"])
    assert opted.exit_code == 0 and "keep the entries they have" in opted.output
    again = issued.sam.get(issued.download_url)
    assert json.loads(again.get_data()) == issued.credential
    unknown = runner.invoke(args=["org", "suspension", "nobody", "on"])
    assert unknown.exit_code == 1 and "No organisation is called 'nobody'" in unknown.output


def test_the_status_list_is_served_signed_with_short_caching(issued):
    answer = issued.served_list("revocation")
    assert answer.status_code == 200
    assert answer.mimetype == "application/vc"
    assert answer.cache_control.public and answer.cache_control.max_age == 300
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in answer.headers["Vary"]
    document = json.loads(answer.get_data())
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == issued.credential["issuer"]["id"]
    assert document["proof"]["verificationMethod"].startswith(document["issuer"] + "#")
    assert len(decode_list(document["credentialSubject"]["encodedList"])) == 16 * 1024

    json_ld = issued.served_list("revocation", Accept="application/ld+json, application/json")
    assert json_ld.mimetype == "application/ld+json"
    assert json.loads(json_ld.get_data()) == document
    again = issued.served_list("revocation", **{"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/orgs/demo-vet-school/status/revocation/2",
        "/orgs/demo-vet-school/status/refresh/1",
        "/orgs/nobody/status/revocation/1",
        "/orgs/demo-vet-school/status/revocation/one",
    ],
)
def test_a_status_list_that_does_not_exist_is_a_404(issued, path):
    assert issued.anyone.get(path).status_code == 404


def test_the_teacher_revokes_and_verifiers_say_revoked(issued):
    etag = issued.served_list("revocation").headers["ETag"]
    listed = issued.teacher.get("/teacher/credentials").get_data(as_text=True)
    assert "Sam Student" in listed and "Valid" in listed

    page = issued.teacher.get(f"/teacher/credentials/{issued.award_id}/revoke")
    assert "Revoking is final" in page.get_data(as_text=True)
    assert issued.credential["id"] in page.get_data(as_text=True)
    assert not issued.bit("revocation"), "the confirmation page alone changes nothing"

    answer = issued.act("revoke")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/teacher/credentials")
    listed = issued.teacher.get("/teacher/credentials").get_data(as_text=True)
    assert "The credential is revoked." in listed
    assert "Revoked on" in listed

    assert issued.bit("revocation")
    assert issued.served_list("revocation").headers["ETag"] != etag
    check = issued.status_check()
    assert not check["passed"]
    assert check["message"].startswith("This credential was revoked by its issuer on 20")

    shown = issued.anyone.post(
        "/verify",
        data={
            "csrf_token": csrf_token_of(issued.anyone.get("/verify").get_data(as_text=True)),
            "credential_json": json.dumps(issued.credential),
        },
    ).get_data(as_text=True)
    assert "Not verified" in shown and "was revoked by its issuer on" in shown

    learner_page = issued.sam.get("/learner/").get_data(as_text=True)
    assert "Revoked on" in learner_page
    assert "/credential.json" not in learner_page


def test_revoking_is_final(suspendable):
    suspendable.act("revoke")
    for action in ("reinstate", "suspend", "revoke"):
        answer = suspendable.teacher.post(
            f"/teacher/credentials/{suspendable.award_id}/{action}",
            data={
                "csrf_token": csrf_token_of(
                    suspendable.teacher.get("/verify").get_data(as_text=True)
                )
            },
        )
        assert answer.status_code == 409
        assert "revoking is final" in answer.get_data(as_text=True)


def test_a_suspended_credential_is_reinstated(suspendable):
    assert suspendable.act("suspend").status_code == 302
    assert suspendable.bit("suspension") and not suspendable.bit("revocation")
    check = suspendable.status_check()
    assert not check["passed"]
    assert "was suspended by its issuer on" in check["message"]
    learner_page = suspendable.sam.get("/learner/").get_data(as_text=True)
    assert "Suspended since" in learner_page
    assert "/credential.json" in learner_page  # still the learner's to keep

    listed = suspendable.teacher.get("/teacher/credentials").get_data(as_text=True)
    assert f"/teacher/credentials/{suspendable.award_id}/reinstate" in listed

    assert suspendable.act("reinstate").status_code == 302
    assert not suspendable.bit("suspension")
    assert suspendable.status_check()["passed"]
    assert "Suspended since" not in suspendable.sam.get("/learner/").get_data(as_text=True)


def test_a_change_needs_the_forms_csrf_token(issued):
    answer = issued.teacher.post(f"/teacher/credentials/{issued.award_id}/revoke")
    assert answer.status_code == 400
    assert not issued.bit("revocation")


def test_learners_cannot_revoke(issued):
    assert issued.sam.get("/teacher/credentials").status_code == 403
    token = csrf_token_of(issued.sam.get("/verify").get_data(as_text=True))
    answer = issued.sam.post(
        f"/teacher/credentials/{issued.award_id}/revoke", data={"csrf_token": token}
    )
    assert answer.status_code == 403
    assert not issued.bit("revocation")


def test_another_courses_teacher_gets_a_404(issued):
    other, answer = issued.moodle.launch_with_claims(
        Moodle.TEACHER, **{CONTEXT: {"id": "other-101", "label": "OTHER-101", "title": "Other"}}
    )
    assert answer.status_code == 302
    assert "Sam Student" not in other.get("/teacher/credentials").get_data(as_text=True)
    assert other.get(f"/teacher/credentials/{issued.award_id}/revoke").status_code == 404
    token = csrf_token_of(other.get("/verify").get_data(as_text=True))
    answer = other.post(
        f"/teacher/credentials/{issued.award_id}/revoke", data={"csrf_token": token}
    )
    assert answer.status_code == 404
    assert not issued.bit("revocation")


@pytest.mark.parametrize(
    "path", ["/teacher/credentials/1/delete", "/teacher/credentials/999/revoke"]
)
def test_an_unknown_action_or_award_is_a_404(issued, path):
    assert issued.teacher.get(path).status_code == 404


def test_the_command_line_suspends_reinstates_and_revokes(suspendable):
    runner = suspendable.moodle.app.test_cli_runner()
    credential_id = suspendable.credential["id"]

    def run(*args):
        return runner.invoke(args=["credentials", *args])

    result = run("suspend", credential_id)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Suspended {credential_id} (Digital content")
    assert suspendable.bit("suspension")

    assert run("reinstate", credential_id).exit_code == 0
    assert not suspendable.bit("suspension")
    refused = run("reinstate", credential_id)
    assert refused.exit_code == 1 and "Only a suspended credential" in refused.output

    assert run("revoke", credential_id).exit_code == 0
    assert suspendable.bit("revocation")
    refused = run("suspend", credential_id)
    assert refused.exit_code == 1 and "revoking is final" in refused.output

    unknown = run("revoke", "urn:uuid:00000000-0000-4000-8000-000000000000")
    assert unknown.exit_code == 1 and "No credential with this id" in unknown.output


def test_a_revocation_needs_a_reason_which_the_log_keeps_with_who_and_when(issued):
    refused = issued.act("revoke", reason="  ")
    assert refused.status_code == 400
    assert "Say why the credential is revoked" in refused.get_data(as_text=True)
    assert not issued.bit("revocation")

    assert issued.act("revoke", reason="Copied another learner's work").status_code == 302
    log = issued.teacher.get("/teacher/log").get_data(as_text=True)
    rows = log.split("<tbody>", 1)[1]
    assert rows.index("Revoked") < rows.index("Issued") < rows.index("Granted"), "newest first"
    assert "Copied another learner&#39;s work" in log
    assert "the award rule" in log  # who granted
    assert log.count("Sam Student") >= 3  # the learner, and who claimed
    assert issued.sam.get("/teacher/log").status_code == 403


def test_the_command_line_reason_is_logged_as_an_administrators(issued):
    runner = issued.moodle.app.test_cli_runner()
    result = runner.invoke(
        args=["credentials", "revoke", issued.credential["id"], "--reason", "Duplicate"]
    )
    assert result.exit_code == 0, result.output
    log = issued.teacher.get("/teacher/log").get_data(as_text=True)
    assert "an administrator (command line)" in log and "Duplicate" in log
