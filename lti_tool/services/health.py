"""Use case: is the tool able to serve? Checked by load balancers at /healthz."""

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)


def check(*, uow: UnitOfWork) -> dict:
    """{"status": "ok"|"failing", "checks": {"database": "ok"|"failing"}}."""
    with uow:
        try:
            uow.session.execute(text("SELECT 1"))
            database = "ok"
        except SQLAlchemyError:
            log.exception("health check: database unreachable")
            database = "failing"
    return {"status": database, "checks": {"database": database}}
