"""REDIS_URL: empty keeps shared state in the database; otherwise it must be a Redis URL."""

import pytest

from config.settings import Settings, SettingsError


def test_without_redis_url_shared_state_stays_in_the_database():
    assert Settings.from_env({}).redis_url == ""
    assert Settings.from_env({"REDIS_URL": "  "}).redis_url == ""


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "rediss://:secret@redis.example.org:6380/2",
        "unix:///run/redis/redis.sock?db=1",
    ],
)
def test_redis_urls_are_taken_as_given(url):
    assert Settings.from_env({"REDIS_URL": url}).redis_url == url


@pytest.mark.parametrize(
    "url", ["http://:secret@127.0.0.1:6379", "127.0.0.1:6379", "redis://", "redis:/x"]
)
def test_a_redis_url_of_another_kind_stops_startup_without_repeating_it(url):
    with pytest.raises(SettingsError, match="REDIS_URL must be empty") as refused:
        Settings.from_env({"REDIS_URL": url})
    assert "secret" not in str(refused.value)
    assert "redis://127.0.0.1:6379/0" in str(refused.value)  # an example of a good one
