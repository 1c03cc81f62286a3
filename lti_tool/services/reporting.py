"""Telling the platform's gradebook that a credential was issued (after the issuing commits)."""

import logging
from collections.abc import Sequence

from sqlalchemy import select

from lti_tool.domain.credentials import gradebook_tag
from lti_tool.domain.errors import DomainError
from lti_tool.models import Award, Course, MicroCredentialRow
from lti_tool.services.ports import ScoreReporter
from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)


def report_issued(award_ids: Sequence[int], *, uow: UnitOfWork, scores: ScoreReporter) -> int:
    """Post "credential issued" to each award's gradebook column, where its course has one;
    returns how many the platform took.

    Best effort: the credentials are issued whatever the platform answers, so a failure is
    logged (by ids only) and counted out, never raised.
    """
    with uow:
        targets = [
            (
                award.id,
                {
                    "issuer": course.platform.issuer,
                    "client_id": course.platform.client_id,
                    "lineitems_url": course.ags_lineitems_url,
                    "scopes": tuple(course.ags_scopes),
                    "tag": gradebook_tag(award.micro_credential_id),
                    "learner": award.person.subject,
                    "issued_at": award.credential.issued_at,
                },
            )
            for award, course in uow.session.execute(
                select(Award, Course)
                .join(MicroCredentialRow, MicroCredentialRow.id == Award.micro_credential_id)
                .join(Course, Course.id == MicroCredentialRow.course_id)
                .where(Award.id.in_(award_ids), Course.ags_lineitems_url.is_not(None))
            )
            if award.credential is not None
        ]
    return sum(_report(award_id, target, scores) for award_id, target in targets)


def _report(award_id: int, target: dict, scores: ScoreReporter) -> bool:
    try:
        return scores.report_issued(**target)
    except DomainError as error:
        log.warning(
            "the platform did not take the issued score",
            extra={"award_id": award_id, "reason": error.message},
        )
        return False
