"""The Redis stores on a real Redis: single-use state, expiry, races, and an absent Redis."""

import threading
import time
import uuid

import pytest

from adapters.lti.redis_stores import (
    RedisAccessTokenCache,
    RedisLaunchStateStore,
    connect,
)
from lti_tool.domain.errors import LaunchRejected, Unavailable
from tests.redis_server import (
    REDIS_TEST_URL,
    closed_port_url,
    delete_keys,
    redis_for_tests,
    silent_server,
)


@pytest.fixture
def prefix():
    """A prefix of this test's own; its keys are removed afterwards."""
    inspector = redis_for_tests()
    prefix = f"test-{uuid.uuid4().hex}:"
    yield prefix
    delete_keys(inspector, prefix + "*")
    inspector.close()


@pytest.fixture
def client(prefix):
    client = connect(REDIS_TEST_URL)
    yield client
    client.close()


@pytest.fixture
def states(client, prefix):
    return RedisLaunchStateStore(client=client, prefix=prefix)


@pytest.fixture
def tokens(client, prefix):
    return RedisAccessTokenCache(client=client, prefix=prefix)


def test_a_launch_state_is_taken_once(states):
    states.put("lti-state:abc", {"nonce": "n-1"}, 60)
    assert states.take("lti-state:abc") == {"nonce": "n-1"}
    assert states.take("lti-state:abc") is None


def test_a_peeked_launch_state_stays_to_be_taken(states):
    states.put("lti-state:peek", {"nonce": "n-2"}, 60)
    assert states.peek("lti-state:peek") == {"nonce": "n-2"}
    assert states.take("lti-state:peek") == {"nonce": "n-2"}
    assert states.peek("lti-state:peek") is None


def test_an_unknown_launch_state_is_none(states):
    assert states.take("lti-state:never-stored") is None


def test_a_launch_state_lives_for_its_ttl_under_the_prefix(states, client, prefix):
    states.put("lti-state:ttl", {"nonce": "n"}, 30)
    key = prefix + "launch_state:lti-state:ttl"
    assert 0 < client.ttl(key) <= 30


def test_an_expired_launch_state_cannot_be_taken(states, client, prefix):
    states.put("lti-state:old", {"nonce": "n"}, 30)
    client.pexpire(prefix + "launch_state:lti-state:old", 1)  # as if 30 s had passed
    time.sleep(0.01)
    assert states.take("lti-state:old") is None


def test_a_launch_state_is_never_overwritten(states):
    states.put("lti-state:once", {"nonce": "first"}, 60)
    with pytest.raises(LaunchRejected):
        states.put("lti-state:once", {"nonce": "second"}, 60)
    assert states.take("lti-state:once") == {"nonce": "first"}


def test_of_concurrent_takes_exactly_one_gets_the_state(states):
    """Workers racing for one state (a launch and its replay): one wins, every time."""
    for round_number in range(20):
        key = f"lti-state:race-{round_number}"
        states.put(key, {"nonce": key}, 60)
        start = threading.Barrier(8)
        winners = []

        def take(key=key, start=start, winners=winners):
            start.wait()
            value = states.take(key)
            if value is not None:
                winners.append(value)

        threads = [threading.Thread(target=take) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert winners == [{"nonce": key}]


def test_tools_sharing_a_redis_do_not_see_each_others_state(client, prefix):
    ours = RedisLaunchStateStore(client=client, prefix=prefix + "ours:")
    theirs = RedisLaunchStateStore(client=client, prefix=prefix + "theirs:")
    ours.put("lti-state:same", {"nonce": "ours"}, 60)
    assert theirs.take("lti-state:same") is None
    assert ours.take("lti-state:same") == {"nonce": "ours"}


def test_an_access_token_is_served_until_it_expires(tokens):
    tokens.put("scope-key", "token-1", 0.3)
    assert tokens.get("scope-key") == "token-1"
    time.sleep(0.4)
    assert tokens.get("scope-key") is None


def test_an_access_token_lives_for_its_lifetime_under_the_prefix(tokens, client, prefix):
    tokens.put("scope-key", "token-1", 3570.5)
    assert 3560_000 < client.pttl(prefix + "access_token:scope-key") <= 3570_500


def test_a_new_access_token_replaces_the_old_one(tokens):
    tokens.put("scope-key", "token-1", 60)
    tokens.put("scope-key", "token-2", 60)
    assert tokens.get("scope-key") == "token-2"


def test_a_spent_access_token_is_not_kept(tokens, client, prefix):
    tokens.put("scope-key", "token-1", 0)
    assert tokens.get("scope-key") is None
    assert client.exists(prefix + "access_token:scope-key") == 0


def test_an_unreachable_redis_is_a_service_unavailable_error_saying_what_to_do():
    client = connect(closed_port_url())
    stores = (RedisLaunchStateStore(client=client), RedisAccessTokenCache(client=client))
    calls = (
        lambda: stores[0].put("lti-state:x", {"nonce": "n"}, 60),
        lambda: stores[0].take("lti-state:x"),
        lambda: stores[0].peek("lti-state:x"),
        lambda: stores[1].get("scope-key"),
        lambda: stores[1].put("scope-key", "token", 60),
    )
    for call in calls:
        with pytest.raises(Unavailable, match="REDIS_URL"):
            call()
    client.close()


def test_a_stalled_redis_fails_fast():
    with silent_server() as url:
        client = connect(url, timeout_seconds=0.2)
        started = time.monotonic()
        with pytest.raises(Unavailable):
            RedisLaunchStateStore(client=client).take("lti-state:x")
        assert time.monotonic() - started < 2
        client.close()
