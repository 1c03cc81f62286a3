"""Use case: load the demo of `make run`: a school, the alliance, and the demo platform."""

from collections.abc import Callable

from lti_tool.services.organisations import OrganisationSpec, add_organisation
from lti_tool.services.platforms import PlatformSpec, register_platform
from lti_tool.services.ports import Clock, CredentialIssuer
from lti_tool.services.uow import UnitOfWork


def load_demo(
    *,
    school: OrganisationSpec,
    alliance: OrganisationSpec,
    platform: PlatformSpec,
    make_uow: Callable[[], UnitOfWork],
    issuer: CredentialIssuer,
    clock: Clock,
) -> bool:
    """Create what is missing and keep what exists; True when anything was created."""
    created = False
    for spec in (school, alliance):
        created |= add_organisation(spec, uow=make_uow(), issuer=issuer, clock=clock)
    created |= register_platform(platform, organisation_slug=school.slug, uow=make_uow())
    return created
