"""The platform key cache: HTTP lifetimes honoured, rotations picked up, refetches bounded."""

import pytest
import requests
import responses

from adapters.lti.platform_keys import PlatformKeys
from lti_tool.domain.errors import LaunchRejected, ServiceUnavailable

URL = "https://moodle.example/mod/lti/certs.php"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def key(kid: str) -> dict:
    return {"kty": "RSA", "kid": kid, "alg": "RS256", "n": "AQAB", "e": "AQAB"}


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def keys(clock):
    return PlatformKeys(
        session=requests.Session(), default_ttl=300, max_ttl=3600, refetch_interval=10, clock=clock
    )


@responses.activate
def test_a_key_set_is_kept_for_its_max_age(keys, clock):
    responses.get(URL, json={"keys": [key("a")]}, headers={"Cache-Control": "public, max-age=60"})
    assert keys.key_for(URL, "a")["kid"] == "a"
    clock.now += 59
    keys.key_for(URL, "a")
    assert len(responses.calls) == 1
    clock.now += 2
    keys.key_for(URL, "a")
    assert len(responses.calls) == 2


@responses.activate
def test_without_cache_headers_the_default_lifetime_applies(keys, clock):
    responses.get(URL, json={"keys": [key("a")]})
    keys.key_for(URL, "a")
    clock.now += 299
    keys.key_for(URL, "a")
    assert len(responses.calls) == 1
    clock.now += 2
    keys.key_for(URL, "a")
    assert len(responses.calls) == 2


@responses.activate
def test_a_very_long_max_age_is_capped(keys, clock):
    responses.get(URL, json={"keys": [key("a")]}, headers={"Cache-Control": "max-age=999999"})
    keys.key_for(URL, "a")
    clock.now += 3601
    keys.key_for(URL, "a")
    assert len(responses.calls) == 2


@responses.activate
def test_no_store_means_every_launch_fetches(keys):
    responses.get(URL, json={"keys": [key("a")]}, headers={"Cache-Control": "no-store"})
    keys.key_for(URL, "a")
    keys.key_for(URL, "a")
    assert len(responses.calls) == 2


@responses.activate
def test_an_unknown_kid_refetches_once_then_waits_for_the_interval(keys, clock):
    responses.get(URL, json={"keys": [key("a")]})
    keys.key_for(URL, "a")
    responses.replace(responses.GET, URL, json={"keys": [key("a"), key("b")]})
    assert keys.key_for(URL, "b")["kid"] == "b"  # rotation picked up at once
    assert len(responses.calls) == 2
    with pytest.raises(LaunchRejected, match="'c'"):
        keys.key_for(URL, "c")
    assert len(responses.calls) == 2  # refetched just now: not again
    clock.now += 10
    with pytest.raises(LaunchRejected):
        keys.key_for(URL, "c")
    assert len(responses.calls) == 3


@responses.activate
@pytest.mark.parametrize(
    "answer",
    [
        {"body": "<html>maintenance</html>"},
        {"json": {"no": "keys"}},
        {"json": {"keys": []}, "status": 500},
        {"body": requests.ConnectionError("refused")},
    ],
)
def test_a_key_set_that_cannot_be_read_is_a_service_error(keys, answer):
    responses.get(URL, **answer)
    with pytest.raises(ServiceUnavailable, match="could not be read"):
        keys.key_for(URL, "a")


@responses.activate
def test_keys_without_a_kid_are_ignored(keys):
    responses.get(URL, json={"keys": [{"kty": "RSA"}, "junk", key("a")]})
    assert keys.key_for(URL, "a")["kid"] == "a"
