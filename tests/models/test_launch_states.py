"""The database launch state store: single use, expiry, and the purge of expired states."""

from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import LaunchState
from lti_tool.models.stores import DbLaunchStateStore


def test_a_state_is_taken_once(app):
    with app.app_context():
        store = DbLaunchStateStore(db.session)
        store.put("state-1", {"nonce": "n"}, 60)
        assert store.take("state-1") == {"nonce": "n"}
        assert store.take("state-1") is None


def test_a_peeked_state_stays_to_be_taken(app):
    with app.app_context():
        store = DbLaunchStateStore(db.session)
        store.put("state-2", {"nonce": "n"}, 60)
        assert store.peek("state-2") == {"nonce": "n"}
        assert store.take("state-2") == {"nonce": "n"}
        assert store.peek("state-2") is None
        store.put("expired", {"nonce": "n"}, -1)
        assert store.peek("expired") is None


def test_an_expired_state_is_never_taken(app):
    with app.app_context():
        store = DbLaunchStateStore(db.session)
        store.put("old", {"nonce": "n"}, -1)
        assert store.take("old") is None


def test_expired_states_are_purged_once_per_interval(app):
    seconds = [1000.0]
    with app.app_context():
        store = DbLaunchStateStore(db.session, monotonic=lambda: seconds[0])
        store.put("old", {"nonce": "n"}, -1)  # the first put purges: nothing expired yet
        seconds[0] += DbLaunchStateStore.PURGE_INTERVAL_SECONDS - 1
        store.put("fresh", {"nonce": "n"}, 60)  # within the interval: "old" is kept
        assert _count() == 2
        seconds[0] += 1
        store.put("newer", {"nonce": "n"}, 60)
        assert _count() == 2
        assert store.take("fresh") == {"nonce": "n"}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(LaunchState))
