"""Claiming issues exactly one credential per award, even when two claims race."""

import threading

from sqlalchemy import func, select

from lti_tool.container import container
from lti_tool.extensions import db
from lti_tool.models import Award, IssuedCredential
from lti_tool.services.awards import claim_award
from tests.conftest import Moodle
from tests.jobs import run_job
from tests.web.test_walking_skeleton import define_micro_credential, post_form


class MeetingIssuer:
    """The real issuer, but both claimers meet here before either commits."""

    def __init__(self, issuer, parties: int):
        self._issuer = issuer
        self._barrier = threading.Barrier(parties, timeout=10)

    def new_key(self, key_id, created_at):
        return self._issuer.new_key(key_id, created_at)

    def issue(self, content, key):
        document = self._issuer.issue(content, key)
        self._barrier.wait()
        return document


def granted_award(moodle) -> tuple[int, int]:
    teacher = moodle.launch(Moodle.TEACHER)
    define_micro_credential(teacher)
    post_form(teacher, "/teacher/", "/teacher/micro-credentials/1/rule", threshold_percent="80")
    run_job(teacher, "/teacher/sync")  # only Sam (85 %) qualifies
    with moodle.app.app_context():
        award = db.session.scalars(select(Award)).one()
        return award.id, award.person_id


def test_two_simultaneous_claims_yield_one_credential(moodle, http):
    award_id, person_id = granted_award(moodle)
    with moodle.app.app_context():
        deps = container()
    issuer = MeetingIssuer(deps.issuer, parties=2)
    documents, errors = [], []

    def claim():
        with moodle.app.app_context():
            try:
                documents.append(
                    claim_award(
                        award_id,
                        person_id=person_id,
                        uow=deps.uow(),
                        issuer=issuer,
                        status_lists=deps.status_lists,
                        dids=deps.dids,
                        clock=deps.clock,
                        base_url=deps.base_url,
                        scores=deps.scores,
                    ).document
                )
            except Exception as error:
                errors.append(error)

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(documents) == 2 and documents[0] == documents[1]
    with moodle.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IssuedCredential)) == 1
