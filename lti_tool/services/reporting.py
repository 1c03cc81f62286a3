"""Telling the platform's gradebook that a credential was issued (after the issuing commits)."""

import logging

from lti_tool.domain.credentials import gradebook_tag
from lti_tool.domain.errors import DomainError
from lti_tool.models import Award
from lti_tool.services.ports import ScoreReporter
from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)


def report_issued(award_id: int, *, uow: UnitOfWork, scores: ScoreReporter) -> bool:
    """Post "credential issued" to the micro-credential's gradebook column, if it has one.

    Best effort: the credential is issued whatever the platform answers, so a failure is
    logged (by ids only) and reported as False, never raised.
    """
    with uow:
        award = uow.session.get(Award, award_id)
        course = award.micro_credential.course
        if award.credential is None or not course.ags_lineitems_url:
            return False
        target = {
            "issuer": course.platform.issuer,
            "client_id": course.platform.client_id,
            "lineitems_url": course.ags_lineitems_url,
            "scopes": tuple(course.ags_scopes),
            "tag": gradebook_tag(award.micro_credential_id),
            "learner": award.person.subject,
            "issued_at": award.credential.issued_at,
        }
    try:
        return scores.report_issued(**target)
    except DomainError as error:
        log.warning(
            "the platform did not take the issued score",
            extra={"award_id": award_id, "reason": error.message},
        )
        return False
