"""Launch checks pylti1p3 lacks: audiences, algorithms, clock leeway, and cached platform keys."""

import json

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import Moodle, route_to_app
from tests.web.test_launch_errors import assert_refused, claims_of

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
CLIENT_ID = "demo-tool-client"


def launch_with_token(moodle, make_token, user_id=4):
    """Log in as `user_id`, then post the id_token `make_token(form)` with the login's state."""
    client = moodle.app.test_client()
    form = moodle.id_token_form(client, user_id)
    return client, moodle.post_id_token(client, form, id_token=make_token(form))


def new_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key, kid: str) -> dict:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def serve_platform_keys(moodle, http, keys: list[dict], **headers):
    """Answer the platform's key set URL with `keys`, ahead of the emulator."""
    http.reset()
    http.add(responses.GET, moodle.platform.urls.jwks, json={"keys": keys}, headers=headers)
    route_to_app(http, moodle.app)


def key_set_fetches(moodle, http) -> int:
    return sum(call.request.url == moodle.platform.urls.jwks for call in http.calls)


def test_an_audience_array_with_azp_naming_the_tool_is_accepted(moodle, http):
    _, answer = launch_with_token(
        moodle,
        lambda form: moodle.resigned(form, aud=["another-tool", CLIENT_ID], azp=CLIENT_ID),
    )
    assert answer.status_code == 302


def test_several_audiences_without_azp_are_refused(moodle, http):
    _, answer = launch_with_token(
        moodle, lambda form: moodle.resigned(form, aud=[CLIENT_ID, "another-tool"])
    )
    assert_refused(answer, "azp")


def test_an_azp_that_is_not_the_tool_is_refused(moodle, http):
    _, answer = launch_with_token(
        moodle, lambda form: moodle.resigned(form, aud=[CLIENT_ID], azp="another-tool")
    )
    assert_refused(answer, "azp")


def test_an_audience_that_is_not_the_tool_is_refused(moodle, http):
    _, answer = launch_with_token(moodle, lambda form: moodle.resigned(form, aud="another-tool"))
    assert_refused(answer, "not registered")


def test_an_hs256_token_is_refused_whatever_its_secret(moodle, http):
    def hmac_token(form):
        return jwt.encode(
            claims_of(form),
            "guessable-secret" * 4,
            algorithm="HS256",
            headers={"kid": moodle.platform.kid},
        )

    _, answer = launch_with_token(moodle, hmac_token)
    assert_refused(answer, "Only RS256")


def test_a_token_without_a_kid_is_refused(moodle, http):
    def no_kid(form):
        _, payload, signature = form.fields["id_token"].split(".")
        bare = jwt.utils.base64url_encode(b'{"alg":"RS256","typ":"JWT"}').decode()
        return f"{bare}.{payload}.{signature}"

    _, answer = launch_with_token(moodle, no_kid)
    assert_refused(answer, "names no key")


def test_an_iat_within_the_leeway_is_accepted_and_beyond_it_refused(moodle, http):
    _, answer = launch_with_token(
        moodle, lambda form: moodle.resigned(form, iat=claims_of(form)["iat"] + 5)
    )
    assert answer.status_code == 302
    _, answer = launch_with_token(
        moodle, lambda form: moodle.resigned(form, iat=claims_of(form)["iat"] + 3600)
    )
    assert_refused(answer, "not yet valid")


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({LTI + "version": "1.1"}, "version"),
        ({LTI + "message_type": "LtiUnknownRequest"}, "message type"),
        ({LTI + "resource_link": {"title": "no id"}}, "Resource Link Id"),
        ({"sub": None}, "sub"),
        ({LTI + "roles": None}, "Roles"),
        ({"iss": None}, "launch message is empty"),
    ],
)
def test_a_launch_missing_what_lti_requires_is_refused(moodle, http, claims, reason):
    _, answer = launch_with_token(moodle, lambda form: moodle.resigned(form, **claims))
    assert_refused(answer, reason)


def test_the_platform_key_set_is_fetched_once_for_many_launches(moodle, http):
    for user_id in (4, 5, 6, Moodle.TEACHER):
        moodle.launch(user_id)
    assert key_set_fetches(moodle, http) == 1


def test_a_platform_key_rotation_is_picked_up_at_the_first_launch_signed_with_it(moodle, http):
    moodle.launch(4)  # the key set is now cached with the old key only
    rotated = new_rsa_key()
    serve_platform_keys(
        moodle, http, [moodle.platform.jwks()["keys"][0], public_jwk(rotated, "rotated-1")]
    )

    def signed_with_rotated_key(form):
        return jwt.encode(claims_of(form), rotated, algorithm="RS256", headers={"kid": "rotated-1"})

    _, answer = launch_with_token(moodle, signed_with_rotated_key)
    assert answer.status_code == 302
    assert key_set_fetches(moodle, http) == 1  # one refetch, counted since the reset


def test_unknown_kids_refetch_the_key_set_at_most_once_per_interval(moodle, http):
    moodle.launch(4)
    stranger = new_rsa_key()

    def signed_by_stranger(form):
        return jwt.encode(claims_of(form), stranger, algorithm="RS256", headers={"kid": "made-up"})

    for _ in range(3):
        _, answer = launch_with_token(moodle, signed_by_stranger)
        assert_refused(answer, "does not publish")
    assert key_set_fetches(moodle, http) == 2  # the first fetch, then one refetch


def test_an_unreadable_key_set_is_a_clear_502(moodle, http):
    http.reset()
    http.add(responses.GET, moodle.platform.urls.jwks, body="<html>maintenance</html>")
    route_to_app(http, moodle.app)
    client = moodle.app.test_client()
    answer = moodle.post_id_token(client, moodle.id_token_form(client, 4))
    assert_refused(answer, "key set", status=502)


@pytest.mark.parametrize(
    "broken",
    [{"n": "!!!not base64!!!"}, {"e": None}, {"kty": "EC", "crv": "P-256"}],
)
def test_a_platform_key_that_cannot_be_read_is_a_clear_400(moodle, http, broken):
    key = new_rsa_key()
    jwk = {**public_jwk(key, "broken-1"), **broken}
    serve_platform_keys(moodle, http, [{k: v for k, v in jwk.items() if v is not None}])

    def signed_with_it(form):
        return jwt.encode(claims_of(form), key, algorithm="RS256", headers={"kid": "broken-1"})

    _, answer = launch_with_token(moodle, signed_with_it)
    assert_refused(answer, "broken-1")
