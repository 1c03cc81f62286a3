"""Use cases of Moodle's web services: an administrator stores a token for a platform; a
teacher's sync reads the course's grades and completions with it and grants what they earn.

Moodle is asked first and the database written after, in one transaction, so nothing is kept
from a sync that fails halfway (docs/ARCHITECTURE.md). In Moodle the LTI context id is the
course id and a user's LTI subject is their Moodle user id, so no mapping is stored.
"""

from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.errors import Conflict, InvalidInput, NotFound
from lti_tool.domain.micro_credential import is_url
from lti_tool.domain.platforms import WebServiceCheck
from lti_tool.models import Course, Platform
from lti_tool.services.evidence import (
    grant_awards,
    people_by_subject,
    store_activities,
    store_completion,
    store_result,
)
from lti_tool.services.ports import Clock, MoodleCourses, SecretSealer
from lti_tool.services.roster import store_members
from lti_tool.services.uow import UnitOfWork

NOT_CONNECTED = (
    "This course's platform is not connected to Moodle's web services yet. An administrator "
    "connects it with `flask lti platform moodle-token`."
)


@dataclass(frozen=True)
class MoodleSyncSummary:
    """What one sync from Moodle read, changed and granted."""

    members_read: int
    grades_read: int
    completions_read: int
    changed: int
    awards_granted: int


def store_moodle_token(
    issuer: str,
    client_id: str,
    token: str,
    *,
    site_url: str | None = None,
    uow: UnitOfWork,
    moodle: MoodleCourses,
    secret_sealer: SecretSealer,
) -> WebServiceCheck:
    """Check the token with Moodle, then keep it sealed for the platform; returns what it
    reaches, including functions its external service still lacks.

    `site_url` defaults to the platform's issuer, which is Moodle's site address. Raises
    InvalidInput for an empty token or an address that is not http(s), NotFound for an unknown
    platform, and Moodle's refusals (NotAllowed, ServiceUnavailable) with what to do; then
    nothing is stored.
    """
    if not token.strip():
        raise InvalidInput("The token is empty; copy it from Moodle's Manage tokens page.")
    with uow:
        platform = _platform(uow, issuer, client_id)
        url = (site_url or platform.issuer).strip().rstrip("/")
    if not is_url(url):
        raise InvalidInput(f"The Moodle address must be an http(s) URL, not {url!r}.")
    token = token.strip()
    check = moodle.check(url, token)
    sealed = secret_sealer.seal(token)
    with uow:
        platform = _platform(uow, issuer, client_id)
        platform.moodle_url, platform.moodle_token_sealed = url, sealed
        uow.commit()
    return check


def sync_from_moodle(
    course_id: int,
    *,
    uow: UnitOfWork,
    moodle: MoodleCourses,
    secret_sealer: SecretSealer,
    clock: Clock,
) -> MoodleSyncSummary:
    """Read the course's grades, completions and members from Moodle, keep them, and grant
    the awards they earn; syncing twice changes nothing.

    Raises NotFound for an unknown course, Conflict when no token is stored, InvalidInput for
    a course id that is no Moodle course id, and Moodle's refusals with what to do.
    """
    with uow:
        course = uow.session.get(Course, course_id)
        if course is None:
            raise NotFound("This course is not known to the tool; launch it from your LMS.")
        platform = uow.session.get(Platform, course.platform_id)
        if not platform.moodle_token_sealed:
            raise Conflict(NOT_CONNECTED)
        site, sealed = platform.moodle_url or platform.issuer, platform.moodle_token_sealed
        moodle_course = _moodle_course_id(course.context_id)
    read = moodle.course_results(site, secret_sealer.unseal(sealed), moodle_course)
    with uow:
        course = uow.session.get(Course, course_id)
        members_read = store_members(uow, course, list(read.members))
        subjects = {grade.learner for grade in read.grades}
        subjects |= {completion.learner for completion in read.completions}
        people = people_by_subject(uow, course.platform_id, subjects)
        changed = sum(
            store_result(uow, course.id, people[grade.learner].id, grade, clock)
            for grade in read.grades
        ) + sum(
            store_completion(uow, course.id, people[done.learner].id, done, clock)
            for done in read.completions
        )
        store_activities(uow, course.id, read.activities)
        granted = grant_awards(uow, course.id, clock)
        uow.commit()
    return MoodleSyncSummary(
        members_read, len(read.grades), len(read.completions), changed, granted
    )


def has_moodle_token(course_id: int, *, uow: UnitOfWork) -> bool:
    """Whether the course's platform has a stored token, so a sync from Moodle can be offered."""
    with uow:
        return bool(
            uow.session.scalar(
                select(Platform.moodle_token_sealed)
                .join(Course, Course.platform_id == Platform.id)
                .where(Course.id == course_id)
            )
        )


def _platform(uow: UnitOfWork, issuer: str, client_id: str) -> Platform:
    platform = uow.session.scalars(
        select(Platform).where(Platform.issuer == issuer.strip(), Platform.client_id == client_id)
    ).first()
    if platform is None:
        raise NotFound("No platform with this issuer and client ID is registered here.")
    return platform


def _moodle_course_id(context_id: str) -> int:
    if not (context_id.isascii() and context_id.isdecimal()):
        raise InvalidInput(
            f"This course's LTI context id {context_id!r} is not a Moodle course id, so its "
            "results cannot be read through Moodle's web services."
        )
    return int(context_id)
