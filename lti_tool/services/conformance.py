"""Use case: check every issued credential against a JSON Schema an operator gives, such as
1EdTech's official OB3 schema, which the project may not ship (docs/decisions/0010)."""

from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.models import IssuedCredential
from lti_tool.services.ports import SchemaCheck
from lti_tool.services.uow import UnitOfWork

_BATCH = 500


@dataclass(frozen=True)
class Nonconforming:
    credential_id: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class ConformanceReport:
    schema: str
    checked: int
    nonconforming: tuple[Nonconforming, ...]


def check_issued_credentials(check: SchemaCheck, *, uow: UnitOfWork) -> ConformanceReport:
    """Every stored credential against `check`, oldest first, read in batches."""
    checked = 0
    nonconforming = []
    with uow:
        rows = uow.session.execute(
            select(IssuedCredential.credential_id, IssuedCredential.document)
            .order_by(IssuedCredential.id)
            .execution_options(yield_per=_BATCH)
        )
        for credential_id, document in rows:
            checked += 1
            problems = check.problems(document)
            if problems:
                nonconforming.append(Nonconforming(credential_id, tuple(problems)))
    return ConformanceReport(check.name, checked, tuple(nonconforming))
