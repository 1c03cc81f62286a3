"""Use cases of an LTI launch: answer the login, then record who came from which course."""

from dataclasses import dataclass

from lti_tool.domain.browser_binding import BrowserSecretNeeded, LoginStart
from lti_tool.domain.errors import LaunchRejected
from lti_tool.domain.launch import Launch, LaunchRequest, Role
from lti_tool.models import Course, Person
from lti_tool.models.stores import platform_and_organisation
from lti_tool.models.upserts import upsert
from lti_tool.services.deep_linking import DeepLinkOrigin
from lti_tool.services.ports import LtiLaunches
from lti_tool.services.roster import enrol
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class LaunchSession:
    """What the web layer keeps in the person's session after a launch."""

    person_id: int
    course_id: int
    role: Role
    name: str
    course_title: str
    locale: str | None
    is_administrator: bool = False
    deep_link: DeepLinkOrigin | None = None


def start_login(request: LaunchRequest, *, lti: LtiLaunches, launch_url: str) -> LoginStart:
    """Where to continue the OIDC login, and the browser secret to hand the browser on the
    way (decision 8); raises LaunchRejected."""
    return lti.start_login(request, launch_url=launch_url)


def complete_launch(
    request: LaunchRequest, *, lti: LtiLaunches, uow: UnitOfWork
) -> LaunchSession | BrowserSecretNeeded:
    """Validate the launch and record its course, person and role; raises LaunchRejected.

    A launch that came without its login's cookie, from a login that gave its secret to the
    platform's storage, is not validated yet: the answer says what the browser must fetch.
    """
    launch = lti.validate_launch(request)
    if isinstance(launch, BrowserSecretNeeded):
        return launch
    if launch.context_id is None:
        raise LaunchRejected(
            "This tool works inside a course. Add it as an activity in a course and open it there."
        )
    with uow:
        platform_id, organisation_id = platform_and_organisation(
            uow.session, launch.issuer, launch.client_id
        )
        course_id = upsert(
            uow.session,
            Course,
            keys={"platform_id": platform_id, "context_id": launch.context_id},
            values=_course_values(launch),
            on_insert={"organisation_id": organisation_id},
        )
        person_id = upsert(
            uow.session,
            Person,
            keys={"platform_id": platform_id, "subject": launch.subject},
            values={"name": launch.name},
        )
        enrol(uow, course_id, person_id, launch.role)
        uow.commit()
    return LaunchSession(
        person_id=person_id,
        course_id=course_id,
        role=launch.role,
        name=launch.name,
        course_title=launch.context_title or launch.context_label,
        locale=launch.locale,
        is_administrator=launch.is_administrator,
        deep_link=_deep_link_origin(launch),
    )


def _course_values(launch: Launch) -> dict:
    """What a launch says of its course; service endpoints it leaves out are kept as they were."""
    values = {"label": launch.context_label, "title": launch.context_title}
    optional = {
        "ags_lineitem_url": launch.ags_lineitem_url,
        "ags_lineitems_url": launch.ags_lineitems_url,
        "ags_scopes": list(launch.ags_scopes),
        "nrps_url": launch.nrps_url,
    }
    return values | {name: value for name, value in optional.items() if value}


def _deep_link_origin(launch: Launch) -> DeepLinkOrigin | None:
    if launch.deep_link is None:
        return None
    return DeepLinkOrigin(
        request=launch.deep_link,
        issuer=launch.issuer,
        client_id=launch.client_id,
        deployment_id=launch.deployment_id,
    )
