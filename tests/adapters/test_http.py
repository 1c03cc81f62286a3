"""The shared HTTP session: retries what is safe to retry, never a POST."""

import responses
from responses import registries

from adapters.http import USER_AGENT, make_session

URL = "https://moodle.example/mod/lti/certs.php"


@responses.activate(registry=registries.OrderedRegistry)
def test_a_platform_that_restarts_is_asked_again():
    responses.get(URL, status=503)
    responses.get(URL, status=502)
    responses.get(URL, json={"keys": []})
    answer = make_session(timeout=1, backoff=0).get(URL)
    assert answer.status_code == 200
    assert len(responses.calls) == 3
    assert responses.calls[0].request.headers["User-Agent"] == USER_AGENT


@responses.activate(registry=registries.OrderedRegistry)
def test_retries_are_bounded_and_the_last_answer_is_returned():
    for _ in range(3):
        responses.get(URL, status=503)
    answer = make_session(timeout=1, retries=2, backoff=0).get(URL)
    assert answer.status_code == 503
    assert len(responses.calls) == 3


@responses.activate(registry=registries.OrderedRegistry)
def test_a_post_is_never_repeated():
    responses.post(URL, status=503)
    responses.post(URL, status=200)
    answer = make_session(timeout=1, backoff=0).post(URL, data={"score": 1})
    assert answer.status_code == 503
    assert len(responses.calls) == 1


@responses.activate
def test_every_request_has_a_timeout():
    responses.get(URL, json={})
    make_session(timeout=4).get(URL)
    assert responses.calls[0].request.req_kwargs["timeout"] == 4
