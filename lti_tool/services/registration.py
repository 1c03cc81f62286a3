"""Use cases of LTI Dynamic Registration: an administrator invites, the LMS registers.

An unauthenticated registration endpoint would let anyone register a platform of their own
under a school and then launch as its teacher; it would also make the tool fetch any URL it is
given. So a registration needs an invitation: a single-use, expiring token an administrator
creates for one organisation and pastes into the LMS as part of the tool's registration URL.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from lti_tool.domain.errors import NotAllowed, NotFound
from lti_tool.domain.platforms import ToolDescription
from lti_tool.models import Organisation, RegistrationInvitation
from lti_tool.services.organisations import organisation_slug_of_course
from lti_tool.services.platforms import PlatformSpec, register_platform
from lti_tool.services.ports import Clock, DynamicRegistrar
from lti_tool.services.uow import UnitOfWork

INVITATION_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class Registered:
    """The platform a dynamic registration added, as the closing page tells the administrator."""

    platform_name: str
    issuer: str
    client_id: str
    deployment_id: str


def invite_registration(organisation_slug: str, *, uow: UnitOfWork, clock: Clock) -> str:
    """A new invitation token for the organisation (shown once; only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    with uow:
        organisation = uow.session.scalars(
            select(Organisation).where(Organisation.slug == organisation_slug)
        ).first()
        if organisation is None:
            raise NotFound(f"No organisation is called {organisation_slug!r}; add it first.")
        uow.session.add(
            RegistrationInvitation(
                token_hash=_hash(token),
                organisation=organisation,
                expires_at=clock() + INVITATION_LIFETIME,
            )
        )
        uow.commit()
    return token


def invite_registration_for_course(course_id: int, *, uow: UnitOfWork, clock: Clock) -> str:
    """An invitation for the organisation of the course an administrator launched from."""
    slug = organisation_slug_of_course(course_id, uow=uow)
    return invite_registration(slug, uow=uow, clock=clock)


def register_with_invitation(
    invitation: str,
    *,
    openid_configuration: str,
    registration_token: str,
    tool: ToolDescription,
    registrar: DynamicRegistrar,
    make_uow,
    clock: Clock,
) -> Registered:
    """Register the platform that presents this invitation; the invitation is then used up.

    Raises NotAllowed for an unknown, used or expired invitation, and the registrar's errors
    when the platform refuses or answers nonsense (the invitation stays usable then).
    """
    slug = _claim(invitation, make_uow(), clock, consume=False)
    configuration = registrar.platform_configuration(openid_configuration, registration_token)
    client = registrar.register(configuration, registration_token, tool)
    name = f"{configuration.product_family_code or 'LMS'} {configuration.issuer}".strip()
    register_platform(
        PlatformSpec(
            name=name.capitalize(),
            issuer=configuration.issuer,
            client_id=client.client_id,
            auth_login_url=configuration.authorization_endpoint,
            auth_token_url=configuration.token_endpoint,
            key_set_url=configuration.jwks_uri,
            deployment_ids=(client.deployment_id,),
        ),
        organisation_slug=slug,
        uow=make_uow(),
    )
    _claim(invitation, make_uow(), clock, consume=True)
    return Registered(
        name.capitalize(), configuration.issuer, client.client_id, client.deployment_id
    )


def _claim(invitation: str, uow: UnitOfWork, clock: Clock, *, consume: bool) -> str:
    """The invitation's organisation slug; with `consume`, mark it used in one conditional
    UPDATE so that two registrations racing with one invitation cannot both succeed."""
    refused = NotAllowed(
        "This registration link is unknown, already used or expired. Ask the tool's "
        "administrator for a new one."
    )
    with uow:
        now = clock()
        found = uow.session.scalars(
            select(RegistrationInvitation).where(
                RegistrationInvitation.token_hash == _hash(invitation)
            )
        ).first()
        if found is None or found.used_at is not None or found.expires_at <= now:
            raise refused
        slug = found.organisation.slug
        if consume:
            claimed = uow.session.execute(
                update(RegistrationInvitation)
                .where(
                    RegistrationInvitation.id == found.id,
                    RegistrationInvitation.used_at.is_(None),
                )
                .values(used_at=now)
            )
            if claimed.rowcount != 1:
                raise refused
            uow.commit()
        return slug


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
