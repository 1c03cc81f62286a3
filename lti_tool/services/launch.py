"""Use cases of an LTI launch: answer the login, then record who came from which course."""

from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.errors import LaunchRejected
from lti_tool.domain.launch import Launch, LaunchRequest, Role
from lti_tool.models import Course, Person, Platform
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


def start_login(request: LaunchRequest, *, lti: LtiLaunches, launch_url: str) -> str:
    """The platform URL to continue the OIDC login at; raises LaunchRejected."""
    return lti.login_redirect(request, launch_url=launch_url)


def complete_launch(request: LaunchRequest, *, lti: LtiLaunches, uow: UnitOfWork) -> LaunchSession:
    """Validate the launch and record its course, person and role; raises LaunchRejected."""
    launch = lti.validate_launch(request)
    if launch.context_id is None:
        raise LaunchRejected(
            "This tool works inside a course. Add it as an activity in a course and open it there."
        )
    with uow:
        platform = uow.session.scalars(
            select(Platform).where(
                Platform.issuer == launch.issuer, Platform.client_id == launch.client_id
            )
        ).one()
        course = _upsert_course(uow, platform, launch)
        person = _upsert_person(uow, platform, launch)
        enrol(uow, course, person, launch.role)
        uow.commit()
        return LaunchSession(
            person_id=person.id,
            course_id=course.id,
            role=launch.role,
            name=launch.name,
            course_title=course.title or course.label,
            locale=launch.locale,
            is_administrator=launch.is_administrator,
            deep_link=_deep_link_origin(launch),
        )


def _deep_link_origin(launch: Launch) -> DeepLinkOrigin | None:
    if launch.deep_link is None:
        return None
    return DeepLinkOrigin(
        request=launch.deep_link,
        issuer=launch.issuer,
        client_id=launch.client_id,
        deployment_id=launch.deployment_id,
    )


def _upsert_course(uow: UnitOfWork, platform: Platform, launch: Launch) -> Course:
    course = uow.session.scalars(
        select(Course).where(
            Course.platform_id == platform.id, Course.context_id == launch.context_id
        )
    ).first()
    if course is None:
        course = Course(
            platform_id=platform.id,
            organisation_id=platform.organisation_id,
            context_id=launch.context_id,
        )
        uow.session.add(course)
    course.label = launch.context_label
    course.title = launch.context_title
    if launch.ags_lineitem_url:
        course.ags_lineitem_url = launch.ags_lineitem_url
    if launch.ags_lineitems_url:
        course.ags_lineitems_url = launch.ags_lineitems_url
    if launch.ags_scopes:
        course.ags_scopes = list(launch.ags_scopes)
    if launch.nrps_url:
        course.nrps_url = launch.nrps_url
    uow.session.flush()
    return course


def _upsert_person(uow: UnitOfWork, platform: Platform, launch: Launch) -> Person:
    person = uow.session.scalars(
        select(Person).where(Person.platform_id == platform.id, Person.subject == launch.subject)
    ).first()
    if person is None:
        person = Person(platform_id=platform.id, subject=launch.subject)
        uow.session.add(person)
    person.name = launch.name
    uow.session.flush()
    return person
