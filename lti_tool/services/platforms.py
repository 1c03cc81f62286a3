"""Use cases of the administrator: register LMS platforms with the tool, list them, remove them."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lti_tool.domain.errors import Conflict, InvalidInput, NotFound
from lti_tool.models import Course, Deployment, Organisation, Platform
from lti_tool.services.organisations import organisation_slug_of_course
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class PlatformSpec:
    """What an LMS shows after its tool registration: issuer, client id, endpoints, deployments."""

    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    deployment_ids: tuple[str, ...]

    @classmethod
    def for_moodle(
        cls, *, name: str, issuer: str, client_id: str, deployment_ids: tuple[str, ...]
    ) -> "PlatformSpec":
        """A Moodle site's registration: its endpoints always sit at the same paths."""
        site = issuer.rstrip("/")
        return cls(
            name=name,
            issuer=issuer,
            client_id=client_id,
            auth_login_url=f"{site}/mod/lti/auth.php",
            auth_token_url=f"{site}/mod/lti/token.php",
            key_set_url=f"{site}/mod/lti/certs.php",
            deployment_ids=deployment_ids,
        )

    def problems(self) -> list[str]:
        problems = [f"{label} is missing." for label, value in self._texts() if not value.strip()]
        problems += [
            f"{label} must be an http(s) URL, not {value!r}."
            for label, value in self._urls()
            if urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc
        ]
        if not any(d.strip() for d in self.deployment_ids):
            problems.append("At least one deployment id is needed.")
        return problems

    def _texts(self):
        return (("The name", self.name), ("The client id", self.client_id))

    def _urls(self):
        return (
            ("The issuer", self.issuer),
            ("The authentication request URL", self.auth_login_url),
            ("The access token URL", self.auth_token_url),
            ("The key set URL", self.key_set_url),
        )


@dataclass(frozen=True)
class PlatformSummary:
    name: str
    issuer: str
    client_id: str
    deployment_ids: tuple[str, ...]
    organisation: str


def register_platform(spec: PlatformSpec, *, organisation_slug: str, uow: UnitOfWork) -> bool:
    """Register the platform, or update it when registered before; True when it is new.

    Raises InvalidInput naming every problem of the spec, NotFound for an unknown organisation.
    """
    problems = spec.problems()
    if problems:
        raise InvalidInput(" ".join(problems))
    with uow:
        organisation = uow.session.scalars(
            select(Organisation).where(Organisation.slug == organisation_slug)
        ).first()
        if organisation is None:
            raise NotFound(f"No organisation is called {organisation_slug!r}; add it first.")
        platform = _find(uow, spec.issuer, spec.client_id)
        is_new = platform is None
        if is_new:
            platform = Platform(issuer=spec.issuer, client_id=spec.client_id)
            uow.session.add(platform)
        platform.name = spec.name
        platform.auth_login_url = spec.auth_login_url
        platform.auth_token_url = spec.auth_token_url
        platform.key_set_url = spec.key_set_url
        platform.organisation = organisation
        known = {d.deployment_id for d in platform.deployments}
        for deployment_id in dict.fromkeys(d.strip() for d in spec.deployment_ids if d.strip()):
            if deployment_id not in known:
                platform.deployments.append(Deployment(deployment_id=deployment_id))
        uow.commit()
        return is_new


def register_platform_for_course(spec: PlatformSpec, *, course_id: int, uow: UnitOfWork) -> bool:
    """Register a platform for the organisation of the course an administrator launched from."""
    slug = organisation_slug_of_course(course_id, uow=uow)
    return register_platform(spec, organisation_slug=slug, uow=uow)


def remove_platform(issuer: str, client_id: str, *, uow: UnitOfWork) -> None:
    """Unregister a platform no course has used; raises NotFound, or Conflict if it has courses."""
    with uow:
        platform = _find(uow, issuer, client_id)
        if platform is None:
            raise NotFound(f"No platform with issuer {issuer!r} and client id {client_id!r}.")
        courses = uow.session.scalar(
            select(func.count()).select_from(Course).where(Course.platform_id == platform.id)
        )
        if courses:
            raise Conflict(
                f"{courses} course(s) of this platform hold results and awards, so it cannot be "
                "removed; its learners' credentials must stay verifiable."
            )
        for deployment in list(platform.deployments):
            uow.session.delete(deployment)
        uow.session.delete(platform)
        uow.commit()


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


def _find(uow: UnitOfWork, issuer: str, client_id: str) -> Platform | None:
    return uow.session.scalars(
        select(Platform).where(Platform.issuer == issuer, Platform.client_id == client_id)
    ).first()
