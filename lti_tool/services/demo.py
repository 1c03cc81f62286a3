"""Use case: load the demo of `make run`: a school, the alliance, the demo platform, and its
course with a complete demo micro-credential."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.credentials import MicroCredential
from lti_tool.models import Course, MicroCredentialRow, Organisation, Platform
from lti_tool.services.micro_credentials import define_micro_credential
from lti_tool.services.organisations import OrganisationSpec, add_organisation
from lti_tool.services.platforms import PlatformSpec, register_platform
from lti_tool.services.ports import Clock, CredentialIssuer, DidDocuments, SecretSealer
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class CourseSpec:
    """A course of the demo platform, as its launches will name it (the LTI context)."""

    context_id: str
    label: str
    title: str


def load_demo(
    *,
    school: OrganisationSpec,
    alliance: OrganisationSpec,
    platform: PlatformSpec,
    make_uow: Callable[[], UnitOfWork],
    issuer: CredentialIssuer,
    clock: Clock,
    course: CourseSpec | None = None,
    micro_credential: MicroCredential | None = None,
    dids: DidDocuments | None = None,
    base_url: str = "",
    moodle_token: str | None = None,
    secret_sealer: SecretSealer | None = None,
) -> bool:
    """Create what is missing and keep what exists; True when anything was created.

    With `course` and `micro_credential`, the course is created before its first launch and,
    if it has no micro-credential yet, the demo one is defined in it (needs `dids`). With
    `moodle_token` and `secret_sealer`, the platform is connected to its web services,
    unchecked: the demo platform answers only once the tool runs.
    """
    created = False
    for spec in (school, alliance):
        created |= add_organisation(spec, uow=make_uow(), issuer=issuer, clock=clock)
    created |= register_platform(platform, organisation_slug=school.slug, uow=make_uow())
    if moodle_token and secret_sealer:
        created |= _connect_moodle(platform, secret_sealer.seal(moodle_token), make_uow())
    if course is None or micro_credential is None or dids is None:
        return created
    course_id, has_micro_credential = _ensure_course(course, platform, school.slug, make_uow())
    if not has_micro_credential:
        define_micro_credential(
            course_id,
            micro_credential,
            uow=make_uow(),
            issuer=issuer,
            dids=dids,
            clock=clock,
            base_url=base_url,
        )
        created = True
    return created


def _ensure_course(
    spec: CourseSpec, platform: PlatformSpec, school_slug: str, uow: UnitOfWork
) -> tuple[int, bool]:
    """The course's id, made if missing, and whether it has a micro-credential already."""
    with uow:
        platform_id = uow.session.scalars(
            select(Platform.id).where(
                Platform.issuer == platform.issuer, Platform.client_id == platform.client_id
            )
        ).one()
        course = uow.session.scalars(
            select(Course).where(
                Course.platform_id == platform_id, Course.context_id == spec.context_id
            )
        ).first()
        if course is None:
            school = uow.session.scalars(
                select(Organisation).where(Organisation.slug == school_slug)
            ).one()
            course = Course(
                platform_id=platform_id,
                organisation_id=school.id,
                context_id=spec.context_id,
                label=spec.label,
                title=spec.title,
            )
            uow.session.add(course)
            uow.commit()
        has_one = uow.session.scalars(
            select(MicroCredentialRow.id).where(MicroCredentialRow.course_id == course.id)
        ).first()
        return course.id, has_one is not None


def _connect_moodle(platform: PlatformSpec, sealed_token: str, uow: UnitOfWork) -> bool:
    with uow:
        row = uow.session.scalars(
            select(Platform).where(
                Platform.issuer == platform.issuer, Platform.client_id == platform.client_id
            )
        ).one()
        if row.moodle_token_sealed:
            return False
        row.moodle_url, row.moodle_token_sealed = platform.issuer, sealed_token
        uow.commit()
        return True
