"""Use case: load the demo of `make run`: a school, the alliance, and the demo platform."""

from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.models import Deployment, Organisation, Platform
from lti_tool.services.organisations import ensure_signing_key
from lti_tool.services.ports import Clock, CredentialIssuer
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    country_code: str
    url: str
    is_alliance: bool
    logo: bytes
    logo_content_type: str


@dataclass(frozen=True)
class PlatformSpec:
    name: str
    issuer: str
    client_id: str
    deployment_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str


def load_demo(
    *,
    school: OrganisationSpec,
    alliance: OrganisationSpec,
    platform: PlatformSpec,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    clock: Clock,
) -> bool:
    """Create what is missing and keep what exists; True when anything was created."""
    with uow:
        created = False
        organisations = {}
        for spec in (school, alliance):
            row = uow.session.scalars(
                select(Organisation).where(Organisation.slug == spec.slug)
            ).first()
            if row is None:
                row = Organisation(
                    slug=spec.slug,
                    name=spec.name,
                    country_code=spec.country_code,
                    url=spec.url,
                    is_alliance=spec.is_alliance,
                    logo=spec.logo,
                    logo_content_type=spec.logo_content_type,
                )
                uow.session.add(row)
                created = True
            ensure_signing_key(row, uow=uow, issuer=issuer, clock=clock)
            organisations[spec.slug] = row
        created |= _ensure_platform(uow, platform, organisations[school.slug])
        uow.commit()
        return created


def _ensure_platform(uow: UnitOfWork, spec: PlatformSpec, organisation: Organisation) -> bool:
    row = uow.session.scalars(
        select(Platform).where(Platform.issuer == spec.issuer, Platform.client_id == spec.client_id)
    ).first()
    if row is not None:
        return False
    row = Platform(
        name=spec.name,
        issuer=spec.issuer,
        client_id=spec.client_id,
        auth_login_url=spec.auth_login_url,
        auth_token_url=spec.auth_token_url,
        key_set_url=spec.key_set_url,
        organisation=organisation,
    )
    row.deployments.append(Deployment(deployment_id=spec.deployment_id))
    uow.session.add(row)
    return True
