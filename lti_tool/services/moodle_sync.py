"""Use cases of Moodle's web services: an administrator stores a token for a platform; a
teacher's sync reads the course's grades and completions with it and grants what they earn.

A sync reads the course's grades and members, then each learner's completions, then grants.
Each step asks Moodle first and writes after, in one transaction of its own
(docs/ARCHITECTURE.md), so a step that fails keeps nothing and the steps before it stay kept:
every result kept is true, and syncing again completes the rest. In Moodle the LTI context id is the
course id and a user's LTI subject is their Moodle user id, so no mapping is stored.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.errors import Conflict, InvalidInput, NotFound
from lti_tool.domain.jobs import LearnerError
from lti_tool.domain.launch import Role
from lti_tool.domain.micro_credential import is_url
from lti_tool.domain.platforms import WebServiceCheck
from lti_tool.domain.results import Completion
from lti_tool.models import Course, Platform
from lti_tool.services.courses import known_course
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


@dataclass(frozen=True)
class MoodleCourseRead:
    """What reading a course's grades and members kept, and the learners whose completions
    are still to read."""

    members_read: int
    grades_read: int
    changed: int
    learners: tuple[str, ...]  # subject ids


@dataclass(frozen=True)
class CompletionsRead:
    """What reading some learners' completions kept, and the learners Moodle failed on."""

    read: int
    changed: int
    errors: tuple[LearnerError, ...]


def sync_from_moodle(
    course_id: int,
    *,
    uow: UnitOfWork,
    moodle: MoodleCourses,
    secret_sealer: SecretSealer,
    clock: Clock,
) -> MoodleSyncSummary:
    """The whole sync in this process, step after step: what a sync job's parts do, spread
    over workers (services/job_phases.py). Syncing twice changes nothing."""
    course = read_moodle_course(
        course_id, uow=uow, moodle=moodle, secret_sealer=secret_sealer, clock=clock
    )
    completions = read_moodle_completions(
        course_id,
        course.learners,
        uow=uow,
        moodle=moodle,
        secret_sealer=secret_sealer,
        clock=clock,
    )
    granted = grant_course_awards(course_id, uow=uow, clock=clock)
    return MoodleSyncSummary(
        course.members_read,
        course.grades_read,
        completions.read,
        course.changed + completions.changed,
        granted,
    )


def read_moodle_course(
    course_id: int,
    *,
    uow: UnitOfWork,
    moodle: MoodleCourses,
    secret_sealer: SecretSealer,
    clock: Clock,
) -> MoodleCourseRead:
    """Read and keep the course's grades, members and activities from Moodle.

    Moodle is asked first and the database written after, in one transaction. Raises NotFound
    for an unknown course, Conflict when no token is stored, InvalidInput for a course id that
    is no Moodle course id, and Moodle's refusals with what to do; then nothing is kept.
    """
    site, token, moodle_course = _connection(course_id, uow, secret_sealer)
    read = moodle.course_grades(site, token, moodle_course)
    with uow:
        course = uow.session.get(Course, course_id)
        members_read = store_members(uow, course, list(read.members))
        learners = {m.subject for m in read.members if m.role == Role.LEARNER and m.is_active}
        people = people_by_subject(
            uow, course.platform_id, learners | {grade.learner for grade in read.grades}
        )
        changed = sum(
            store_result(uow, course.id, people[grade.learner].id, grade, clock)
            for grade in read.grades
        )
        store_activities(uow, course.id, read.activities)
        uow.commit()
    return MoodleCourseRead(members_read, len(read.grades), changed, tuple(sorted(learners)))


def read_moodle_completions(
    course_id: int,
    learners: Sequence[str],
    *,
    uow: UnitOfWork,
    moodle: MoodleCourses,
    secret_sealer: SecretSealer,
    clock: Clock,
) -> CompletionsRead:
    """Read and keep these learners' course and activity completions from Moodle.

    A learner Moodle refuses (a user gone since the members were read, an id that is no Moodle
    id) is named in the errors and the others are kept; a refusal of the token or the site
    raises, and nothing is kept.
    """
    site, token, moodle_course = _connection(course_id, uow, secret_sealer)
    found: list[Completion] = []
    errors: list[LearnerError] = []
    for subject in learners:
        try:
            found.extend(moodle.learner_completions(site, token, moodle_course, subject))
        except (NotFound, InvalidInput) as refused:
            errors.append(LearnerError(subject, refused.message))
    with uow:
        course = uow.session.get(Course, course_id)
        people = people_by_subject(uow, course.platform_id, {done.learner for done in found})
        changed = sum(
            store_completion(uow, course.id, people[done.learner].id, done, clock) for done in found
        )
        uow.commit()
    return CompletionsRead(len(found), changed, tuple(errors))


def grant_course_awards(course_id: int, *, uow: UnitOfWork, clock: Clock) -> int:
    """Grant what the course's kept results earn; returns how many awards were made."""
    with uow:
        granted = grant_awards(uow, course_id, clock)
        uow.commit()
    return granted


def _connection(
    course_id: int, uow: UnitOfWork, secret_sealer: SecretSealer
) -> tuple[str, str, int]:
    """The course's Moodle site, its token and Moodle's id of the course."""
    with uow:
        course = known_course(uow, course_id)
        platform = uow.session.get(Platform, course.platform_id)
        if not platform.moodle_token_sealed:
            raise Conflict(NOT_CONNECTED)
        site, sealed = platform.moodle_url or platform.issuer, platform.moodle_token_sealed
        moodle_course = _moodle_course_id(course.context_id)
    return site, secret_sealer.unseal(sealed), moodle_course


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
