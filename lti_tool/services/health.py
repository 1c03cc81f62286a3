"""Use case: is the tool able to serve? Checked by load balancers at /healthz."""

import logging
from collections.abc import Callable, Mapping

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lti_tool.domain.errors import DomainError
from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)


def check(*, uow: UnitOfWork, probes: Mapping[str, Callable[[], None]]) -> dict:
    """{"status": "ok"|"failing", "checks": {"database": "ok"|"failing", <probe>: …}}.

    Each probe (e.g. "redis" when launch state lives there) raises a DomainError when failing.
    """
    checks = {"database": _database(uow)}
    for name, probe in probes.items():
        try:
            probe()
            checks[name] = "ok"
        except DomainError:
            log.exception("health check failing", extra={"check": name})
            checks[name] = "failing"
    status = "ok" if all(value == "ok" for value in checks.values()) else "failing"
    return {"status": status, "checks": checks}


def _database(uow: UnitOfWork) -> str:
    with uow:
        try:
            uow.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            log.exception("health check: database unreachable")
            return "failing"
    return "ok"
