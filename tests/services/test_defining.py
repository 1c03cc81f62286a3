"""Publishing a micro-credential: refused, with every missing Annex I element named, until it is
complete; once published, endorsed by the alliance."""

import pytest
from sqlalchemy import func, select

from lti_tool.container import container
from lti_tool.domain.credentials import MicroCredential
from lti_tool.domain.errors import InvalidInput, NotFound
from lti_tool.extensions import db
from lti_tool.models import Course, EndorsementRow, MicroCredentialRow
from lti_tool.services.micro_credentials import define_micro_credential
from tests.conftest import Moodle
from tests.factories import make_micro_credential


def _define(app, course_id: int, definition: MicroCredential, **extra) -> int:
    with app.app_context():
        deps = container()
        return define_micro_credential(
            course_id,
            definition,
            uow=deps.uow(),
            issuer=deps.issuer,
            dids=deps.dids,
            clock=deps.clock,
            base_url=deps.base_url,
            **extra,
        )


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def course_id(moodle, http) -> int:
    moodle.launch(Moodle.TEACHER)
    with moodle.app.app_context():
        return db.session.scalars(select(Course.id)).one()


def test_a_draft_is_refused_naming_each_missing_annex_i_element(moodle, course_id):
    draft = MicroCredential(title="Draft", description="Not done.", learning_outcomes=("Does.",))
    with pytest.raises(InvalidInput) as refused:
        _define(moodle.app, course_id, draft)
    message = refused.value.message
    for name in (
        "Notional workload needed to achieve the learning outcomes",
        "Level of the learning experience leading to the micro-credential",
        "Type of assessment",
        "Form of participation in the learning activity",
        "Type of quality assurance used to underpin the micro-credential",
    ):
        assert f"{name} is missing." in message
    # The awarding body and its country come from the course's organisation.
    assert "Awarding body" not in message and "Country" not in message
    assert _count(moodle.app, MicroCredentialRow) == 0
    assert _count(moodle.app, EndorsementRow) == 0


def test_a_complete_definition_is_published_with_the_alliance_endorsement(moodle, course_id):
    mc_id = _define(moodle.app, course_id, make_micro_credential(awarding_bodies=()))
    with moodle.app.app_context():
        (endorsement,) = db.session.scalars(select(EndorsementRow)).all()
        assert endorsement.micro_credential_id == mc_id
        assert endorsement.organisation.is_alliance
        assert endorsement.document["credentialSubject"]["id"].endswith(
            f"/micro-credentials/{mc_id}"
        )


def test_an_unknown_course_or_co_awarding_body_is_refused(moodle, course_id):
    with pytest.raises(NotFound):
        _define(moodle.app, 999, make_micro_credential())
    with pytest.raises(InvalidInput, match="nobody"):
        _define(moodle.app, course_id, make_micro_credential(), co_awarding_bodies=("nobody",))
    with pytest.raises(InvalidInput, match="microvet-alliance"):  # the alliance always co-awards
        _define(
            moodle.app,
            course_id,
            make_micro_credential(),
            co_awarding_bodies=("microvet-alliance",),
        )
    assert _count(moodle.app, MicroCredentialRow) == 0
