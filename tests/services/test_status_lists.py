"""Status entries are allocated at random, lists follow one another when full, and concurrent
changes to one list all stick (real database, real keys)."""

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from adapters.credentials.status_list import decode_list
from lti_tool.container import container
from lti_tool.domain.status import StatusAction, bit_at
from lti_tool.extensions import db
from lti_tool.models import Award, Course, IssuedCredential, Person, StatusEntryRow, StatusListRow
from lti_tool.services.organisations import set_suspendable_credentials
from lti_tool.services.revocation import change_credential_status
from lti_tool.services.status import ensure_status_entries, hosted_status_list
from tests.conftest import Moodle
from tests.web.test_walking_skeleton import define_micro_credential

NOW = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def add_awards(moodle, count: int, *, issued: bool = False) -> list[int]:
    """`count` awards of the course's micro-credential, to learners made for the test."""
    teacher = moodle.launch(Moodle.TEACHER)
    assert define_micro_credential(teacher).status_code == 302
    with moodle.app.app_context():
        course = db.session.scalars(select(Course)).one()
        ids = []
        for n in range(count):
            person = Person(platform_id=course.platform_id, subject=f"test-{n}", name=f"L{n}")
            award = Award(micro_credential_id=1, person=person, granted_at=NOW)
            db.session.add(award)
            db.session.flush()
            if issued:
                award.credential = IssuedCredential(
                    credential_id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
                    document={},
                    issued_at=NOW,
                )
                award.state = "issued"
            ids.append(award.id)
        db.session.commit()
        return ids


def allocate(app, award_id: int, *, size: int = 131_072, status_lists=None):
    with app.app_context():
        deps = container()
        return ensure_status_entries(
            [award_id],
            uow=deps.uow(),
            issuer=deps.issuer,
            status_lists=status_lists or deps.status_lists,
            dids=deps.dids,
            clock=deps.clock,
            base_url=deps.base_url,
            list_size=size,
        )[award_id]


def opt_in_to_suspension(app) -> None:
    with app.app_context():
        set_suspendable_credentials("demo-vet-school", True, uow=container().uow())


def test_each_award_gets_one_revocation_entry_at_a_random_distinct_index(moodle, http):
    awards = add_awards(moodle, 6)
    entries = [allocate(moodle.app, award) for award in awards]
    assert all(len(found) == 1 for found in entries)
    revocations = [revocation for (revocation,) in entries]
    assert {entry.purpose.value for entry in revocations} == {"revocation"}
    assert all(
        e.list_url.endswith("/orgs/demo-vet-school/status/revocation/1") for e in revocations
    )
    indexes = [entry.index for entry in revocations]
    assert len(set(indexes)) == len(indexes)
    assert sorted(indexes) != list(range(min(indexes), min(indexes) + 6)), "not in sequence"


def test_an_opted_in_organisations_awards_get_a_suspension_entry_too(moodle, http):
    awards = add_awards(moodle, 6)
    opt_in_to_suspension(moodle.app)
    entries = [allocate(moodle.app, award) for award in awards]
    for revocation, suspension in entries:
        assert (revocation.purpose.value, suspension.purpose.value) == ("revocation", "suspension")
        assert revocation.list_url.endswith("/orgs/demo-vet-school/status/revocation/1")
        assert suspension.list_url.endswith("/orgs/demo-vet-school/status/suspension/1")
    for purpose in (0, 1):
        indexes = [pair[purpose].index for pair in entries]
        assert len(set(indexes)) == len(indexes)
        assert all(0 <= index < 131_072 for index in indexes)
        assert sorted(indexes) != list(range(min(indexes), min(indexes) + 6)), "not in sequence"
    # A credential's two indexes are drawn independently.
    assert any(revocation.index != suspension.index for revocation, suspension in entries)


def test_allocating_again_returns_the_same_entries(moodle, http):
    [award] = add_awards(moodle, 1)
    (revocation,) = allocate(moodle.app, award)
    assert allocate(moodle.app, award) == (revocation,)
    with moodle.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusEntryRow)) == 1


def test_an_award_not_yet_issued_gets_the_entry_its_organisation_now_wants(moodle, http):
    [award] = add_awards(moodle, 1)
    (revocation,) = allocate(moodle.app, award)
    opt_in_to_suspension(moodle.app)
    kept, suspension = allocate(moodle.app, award)
    assert kept == revocation
    assert suspension.purpose.value == "suspension"


def test_a_full_list_is_followed_by_a_new_signed_one(moodle, http):
    awards = add_awards(moodle, 9)
    opt_in_to_suspension(moodle.app)
    entries = [allocate(moodle.app, award, size=8) for award in awards]
    first, second = entries[:8], entries[8]
    assert {pair[0].index for pair in first} == set(range(8))
    assert all(pair[0].list_url.endswith("/revocation/1") for pair in first)
    assert second[0].list_url.endswith("/revocation/2")
    assert second[1].list_url.endswith("/suspension/2")
    with moodle.app.app_context():
        lists = db.session.scalars(select(StatusListRow).order_by(StatusListRow.id)).all()
        assert sorted((row.purpose, row.number) for row in lists) == [
            ("revocation", 1),
            ("revocation", 2),
            ("suspension", 1),
            ("suspension", 2),
        ]
        for row in lists:
            assert row.size == 8 and row.bits == b"\x00"
            assert row.document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
            encoded = row.document["credentialSubject"]["encodedList"]
            assert decode_list(encoded, min_entries=8) == b"\x00"
    served = moodle.app.test_client().get("/orgs/demo-vet-school/status/revocation/2")
    assert served.status_code == 200


class MeetingSigner:
    """The real status list signer; the first `parties` signings wait for each other, so that
    concurrent issuings make the same new list at the same moment."""

    def __init__(self, signer, parties: int):
        self._signer = signer
        self._barrier = threading.Barrier(parties, timeout=10)
        self._waiting = parties
        self._lock = threading.Lock()

    def issue(self, content, key):
        with self._lock:
            wait, self._waiting = self._waiting > 0, self._waiting - 1
        if wait:
            self._barrier.wait()
        return self._signer.issue(content, key)


class SlowSigner:
    """The real status list signer, slowed down: a change that read the bits before another
    change committed would write them back without the other's bit."""

    def __init__(self, signer):
        self._signer = signer

    def issue(self, content, key):
        time.sleep(0.3)
        return self._signer.issue(content, key)


def _run_together(*calls):
    errors = []

    def run(call):
        try:
            call()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def test_two_issuings_that_make_the_first_list_together_both_get_entries(moodle, http):
    first, second = add_awards(moodle, 2)
    with moodle.app.app_context():
        signer = MeetingSigner(container().status_lists, parties=2)
    found = {}

    def allocating(award):
        return lambda: found.setdefault(award, allocate(moodle.app, award, status_lists=signer))

    _run_together(allocating(first), allocating(second))
    assert found[first][0].list_url == found[second][0].list_url
    assert found[first][0].index != found[second][0].index
    with moodle.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusListRow)) == 1
        assert db.session.scalar(select(func.count()).select_from(StatusEntryRow)) == 2


def test_concurrent_revocations_in_one_list_both_stick(moodle, http):
    awards = add_awards(moodle, 2, issued=True)
    entries = [allocate(moodle.app, award)[0] for award in awards]
    with moodle.app.app_context():
        deps = container()
    slow = SlowSigner(deps.status_lists)

    def revoking(n):
        def revoke():
            with moodle.app.app_context():
                change_credential_status(
                    f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
                    StatusAction.REVOKE,
                    uow=deps.uow(),
                    status_lists=slow,
                    dids=deps.dids,
                    clock=deps.clock,
                    base_url=deps.base_url,
                )

        return revoke

    _run_together(revoking(0), revoking(1))
    with moodle.app.app_context():
        row = db.session.scalars(
            select(StatusListRow).where(StatusListRow.purpose == "revocation")
        ).one()
        published = decode_list(row.document["credentialSubject"]["encodedList"])
        for entry in entries:
            assert bit_at(row.bits, entry.index)
            assert bit_at(published, entry.index)
        assert row.revision == 3
        states = set(db.session.scalars(select(Award.state)))
        assert states == {"revoked"}


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/orgs/demo-vet-school/status/revocation/1",
        "http://tool.test/orgs/demo-vet-school/status/revocation/9",
        "http://tool.test/orgs/demo-vet-school/status/refresh/1",
        "http://tool.test/orgs/demo-vet-school/status/revocation/1/extra",
        "http://tool.test/orgs/demo-vet-school/lists/revocation/1",
        "http://tool.test/orgs/demo-vet-school/status/revocation/1x",
    ],
)
def test_only_our_own_existing_lists_are_read_from_the_database(moodle, http, url):
    [award] = add_awards(moodle, 1)
    allocate(moodle.app, award)
    with moodle.app.app_context():
        deps = container()
        assert hosted_status_list(url, 0, uow=deps.uow(), base_url=deps.base_url) is None
        found = hosted_status_list(
            "http://tool.test/orgs/demo-vet-school/status/revocation/1",
            0,
            uow=deps.uow(),
            base_url=deps.base_url,
        )
        assert found is not None and found.entry_set_at is None
