"""Awards that wait for the teacher's approval: queued by the rule, not claimable, approved or
rejected (with a reason) one by one or many at once, each decision logged."""

import pytest

from tests.html_forms import csrf_token_of
from tests.web.test_rule_page import PAGE, Editing

APPROVALS = "/teacher/approvals"


@pytest.fixture
def queued(moodle, http):
    """Sam and Ana completed the course; the rule asks for approval."""
    editing = Editing(moodle)
    saved = editing.post(action="save", kind_0="course_completed", needs_approval="1")
    assert saved.status_code == 302
    return editing


def _decide(editing, *award_ids, **fields):
    token = csrf_token_of(editing.teacher.get(PAGE).get_data(as_text=True))
    data = {"csrf_token": token, "award": [str(n) for n in award_ids], **fields}
    return editing.teacher.post(APPROVALS, data=data)


def _pending_ids(editing) -> dict[str, int]:
    page = editing.teacher.get(APPROVALS).get_data(as_text=True)
    found = {}
    for name in ("Sam Student", "Ana Andromeda"):
        if f">{name}</label>" in page:
            label = page.split(f">{name}</label>")[0]
            found[name] = int(label.rsplit('for="award-', 1)[1].split('"')[0])
    return found


def test_queued_awards_wait_and_cannot_be_claimed(queued):
    course = queued.teacher.get("/teacher/").get_data(as_text=True)
    assert "Awaiting approval (2)" in course
    assert set(_pending_ids(queued)) == {"Sam Student", "Ana Andromeda"}
    sam = queued.moodle.launch(4)
    page = sam.get("/learner/").get_data(as_text=True)
    assert "Awaiting your teacher’s approval" in page and "Claim your" not in page
    award_id = _pending_ids(queued)["Sam Student"]
    token = csrf_token_of(sam.get("/verify").get_data(as_text=True))
    claim = sam.post(f"/learner/awards/{award_id}/claim", data={"csrf_token": token})
    assert claim.status_code == 409


def test_approve_one_reject_one_with_a_reason(queued):
    ids = _pending_ids(queued)
    assert _decide(queued, ids["Sam Student"], decision="approve").status_code == 302
    refused = _decide(queued, ids["Ana Andromeda"], decision="reject")
    assert refused.status_code == 400
    assert "Say why the awards are rejected" in refused.get_data(as_text=True)
    rejected = _decide(queued, ids["Ana Andromeda"], decision="reject", reason="Not her work")
    assert rejected.status_code == 302
    assert _pending_ids(queued) == {}

    sam_page = queued.moodle.launch(4).get("/learner/").get_data(as_text=True)
    assert "Claim your micro-credential" in sam_page
    ana_page = queued.moodle.launch(5).get("/learner/").get_data(as_text=True)
    assert "Digital content for the workplace" not in ana_page
    log = queued.teacher.get("/teacher/log").get_data(as_text=True)
    assert "Approved" in log and "Rejected" in log and "Not her work" in log

    again = _decide(queued, ids["Sam Student"], decision="approve")
    assert again.status_code == 409 and "decided already" in again.get_data(as_text=True)


def test_many_at_once_and_nothing_chosen(queued):
    assert _decide(queued, decision="approve").status_code == 400
    ids = list(_pending_ids(queued).values())
    assert _decide(queued, *ids, decision="approve").status_code == 302
    assert "Approved 2 awards" in queued.teacher.get(APPROVALS).get_data(as_text=True)


def test_learners_cannot_decide(queued):
    sam = queued.moodle.launch(4)
    assert sam.get(APPROVALS).status_code == 403
