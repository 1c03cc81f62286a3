"""Use cases of the administrator: which LMS platforms are registered with the tool."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lti_tool.models import Platform
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class PlatformSummary:
    name: str
    issuer: str
    client_id: str
    deployment_ids: tuple[str, ...]
    organisation: str


def registered_platforms(*, uow: UnitOfWork) -> list[PlatformSummary]:
    """Every registered platform with its deployments and organisation, by name."""
    with uow:
        rows = uow.session.scalars(
            select(Platform)
            .options(selectinload(Platform.deployments), selectinload(Platform.organisation))
            .order_by(Platform.name, Platform.id)
        ).all()
        return [
            PlatformSummary(
                name=row.name,
                issuer=row.issuer,
                client_id=row.client_id,
                deployment_ids=tuple(d.deployment_id for d in row.deployments),
                organisation=row.organisation.name,
            )
            for row in rows
        ]
