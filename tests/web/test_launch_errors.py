"""A bad login or launch gets a clear 4xx page saying what to do, never a 500 or a session."""

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import Moodle

CONTEXT = "https://purl.imsglobal.org/spec/lti/claim/context"
DEPLOYMENT = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
CLAIMS = {"context": CONTEXT, "deployment": DEPLOYMENT}


def claims_of(form) -> dict:
    return jwt.decode(form.fields["id_token"], options={"verify_signature": False})


def resigned(moodle: Moodle, form, **changes) -> str:
    """The id_token of `form` with claims changed, by short name for the long claim URIs."""
    claims = {CLAIMS.get(name, name): value for name, value in changes.items()}
    return moodle.resigned(form, **claims)


def assert_refused(answer, *words, status=400):
    text = answer.get_data(as_text=True)
    assert answer.status_code == status, text
    for word in words:
        assert word in text
    assert answer.headers["Content-Type"].startswith("text/html")


def test_a_valid_launch_opens_the_page_of_the_role(moodle, http):
    client = moodle.app.test_client()
    answer = moodle.post_id_token(client, moodle.id_token_form(client, Moodle.TEACHER))
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/teacher/")
    client = moodle.app.test_client()
    answer = moodle.post_id_token(client, moodle.id_token_form(client, 4))
    assert answer.headers["Location"].endswith("/learner/")


def test_a_replayed_launch_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    assert moodle.post_id_token(client, form).status_code == 302
    assert_refused(moodle.post_id_token(moodle.app.test_client(), form), "already used")


def test_a_launch_with_an_unknown_state_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    assert_refused(moodle.post_id_token(client, form, state="state-forged"), "already used")


def test_a_forged_signature_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    header = jwt.get_unverified_header(form.fields["id_token"])
    forged = jwt.encode(
        claims_of(form), attacker, algorithm="RS256", headers={"kid": header["kid"]}
    )
    assert_refused(moodle.post_id_token(client, form, id_token=forged), "could not be validated")


def test_a_changed_claim_breaks_the_signature(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    header, payload, signature = form.fields["id_token"].split(".")
    tampered = f"{header}.{payload[:-4]}AAAA.{signature}"
    assert_refused(moodle.post_id_token(client, form, id_token=tampered))


def test_an_expired_id_token_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    claims = claims_of(form)
    expired = resigned(moodle, form, iat=claims["iat"] - 3600, exp=claims["iat"] - 3000)
    assert_refused(moodle.post_id_token(client, form, id_token=expired), "expired")


@pytest.mark.parametrize("claim", ["exp", "iat"])
def test_an_id_token_without_exp_or_iat_is_refused(moodle, http, claim):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    token = resigned(moodle, form, **{claim: None})
    assert_refused(moodle.post_id_token(client, form, id_token=token), claim)


def test_a_nonce_that_does_not_belong_to_the_login_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    token = resigned(moodle, form, nonce="another-nonce")
    assert_refused(moodle.post_id_token(client, form, id_token=token), "already used")


def test_an_unknown_platform_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    token = resigned(moodle, form, iss="https://unknown-moodle.example")
    assert_refused(moodle.post_id_token(client, form, id_token=token), "not registered")


def test_an_unknown_deployment_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    token = resigned(moodle, form, deployment="99")
    assert_refused(moodle.post_id_token(client, form, id_token=token), "99")


def test_a_launch_without_a_course_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    token = resigned(moodle, form, context=None)
    assert_refused(moodle.post_id_token(client, form, id_token=token), "inside a course")
    assert client.get("/learner/").status_code == 403  # and no session was opened


def test_a_role_the_tool_has_no_page_for_gets_a_clear_page(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    mentor = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"]
    token = resigned(moodle, form, **{"https://purl.imsglobal.org/spec/lti/claim/roles": mentor})
    assert_refused(moodle.post_id_token(client, form, id_token=token), "neither", status=403)


def test_a_launch_without_an_id_token_is_refused(moodle, http):
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, 4)
    assert_refused(moodle.post_id_token(client, form, id_token=""))


def test_a_login_from_an_unknown_platform_is_refused(moodle, http):
    answer = moodle.app.test_client().post(
        "/lti/login",
        data={"iss": "https://unknown-moodle.example", "login_hint": "4", "client_id": "x"},
    )
    assert_refused(answer, "not registered")


def test_a_login_without_a_login_hint_is_refused(moodle, http):
    answer = moodle.app.test_client().post(
        "/lti/login", data={"iss": moodle.platform.issuer, "client_id": "demo-tool-client"}
    )
    assert_refused(answer, "login hint")


def test_pages_need_a_launch_and_the_right_role(moodle, http):
    anonymous = moodle.app.test_client()
    assert_refused(anonymous.get("/teacher/"), "from your course", status=403)
    learner = moodle.launch(4)
    assert_refused(learner.get("/teacher/"), "not for your role", status=403)
    assert_refused(moodle.launch(Moodle.TEACHER).get("/learner/"), status=403)
