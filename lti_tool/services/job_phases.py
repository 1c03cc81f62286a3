"""What each phase of each kind of job does with one part's payload (lti_tool/domain/jobs.py).

Every phase is idempotent, so running a part again after its worker died changes nothing that
was done: results are kept once, awards and credentials are unique.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.credentials import AwardState
from lti_tool.domain.jobs import JobKind, LearnerError, PartOutcome, slices
from lti_tool.domain.status import MIN_LIST_ENTRIES
from lti_tool.models import Award, Course, MicroCredentialRow, Person
from lti_tool.services import awards, moodle_sync, results
from lti_tool.services.ports import (
    Clock,
    CredentialIssuer,
    DidDocuments,
    MoodleCourses,
    ResultFeed,
    RosterFeed,
    ScoreReporter,
    SecretSealer,
    StatusListIssuer,
)
from lti_tool.services.uow import UnitOfWork

LEARNERS_PER_PART = 50  # Moodle answers two calls per learner
AWARDS_PER_PART = 50
START = "start"


@dataclass(frozen=True)
class JobTools:
    """The outside systems a job's parts talk to, as the composition root built them."""

    moodle: MoodleCourses
    secret_sealer: SecretSealer
    result_feed: ResultFeed
    roster: RosterFeed
    issuer: CredentialIssuer
    status_lists: StatusListIssuer
    dids: DidDocuments
    scores: ScoreReporter
    clock: Clock
    base_url: str
    status_list_size: int = MIN_LIST_ENTRIES


@dataclass(frozen=True)
class PartWork:
    """One part to run: its job's course and teacher, and the part's payload."""

    course_id: int
    requested_by: int | None
    payload: tuple


Phase = Callable[[PartWork, JobTools, UnitOfWork], PartOutcome]


def _read_moodle_course(work: PartWork, tools: JobTools, uow: UnitOfWork) -> PartOutcome:
    read = moodle_sync.read_moodle_course(
        work.course_id,
        uow=uow,
        moodle=tools.moodle,
        secret_sealer=tools.secret_sealer,
        clock=tools.clock,
    )
    return PartOutcome(
        counts=(
            ("members_read", read.members_read),
            ("grades_read", read.grades_read),
            ("changed", read.changed),
        ),
        next_parts=tuple(slices(read.learners, LEARNERS_PER_PART)),
        total=len(read.learners),
    )


def _read_moodle_completions(work: PartWork, tools: JobTools, uow: UnitOfWork) -> PartOutcome:
    read = moodle_sync.read_moodle_completions(
        work.course_id,
        work.payload,
        uow=uow,
        moodle=tools.moodle,
        secret_sealer=tools.secret_sealer,
        clock=tools.clock,
    )
    return PartOutcome(
        done=len(work.payload) - len(read.errors),
        errors=_named(uow, work.course_id, read.errors),
        counts=(("completions_read", read.read), ("changed", read.changed)),
    )


def _grant(work: PartWork, tools: JobTools, uow: UnitOfWork) -> PartOutcome:
    granted = moodle_sync.grant_course_awards(work.course_id, uow=uow, clock=tools.clock)
    return PartOutcome(counts=(("awards_granted", granted),))


def _sync_ags(work: PartWork, tools: JobTools, uow: UnitOfWork) -> PartOutcome:
    summary = results.sync_results(
        work.course_id,
        uow=uow,
        feed=tools.result_feed,
        roster=tools.roster,
        clock=tools.clock,
    )
    return PartOutcome(
        done=summary.results_read,
        total=summary.results_read,
        counts=(
            ("members_read", summary.members_read),
            ("grades_read", summary.results_read),
            ("changed", summary.results_changed),
            ("awards_granted", summary.awards_granted),
        ),
    )


def _plan_issuing(work: PartWork, tools: JobTools, uow: UnitOfWork) -> PartOutcome:
    with uow:
        ids = uow.session.scalars(
            select(Award.id)
            .join(MicroCredentialRow)
            .where(
                MicroCredentialRow.course_id == work.course_id,
                Award.state == AwardState.GRANTED.value,
            )
            .order_by(Award.id)
        ).all()
    return PartOutcome(next_parts=tuple(slices(ids, AWARDS_PER_PART)), total=len(ids))


def _issue(work: PartWork, tools: JobTools, uow: UnitOfWork) -> PartOutcome:
    issuing = awards.issue_awards(
        work.payload,
        actor_person_id=work.requested_by,
        uow=uow,
        issuer=tools.issuer,
        status_lists=tools.status_lists,
        dids=tools.dids,
        clock=tools.clock,
        base_url=tools.base_url,
        scores=tools.scores,
        status_list_size=tools.status_list_size,
    )
    errors = tuple(  # revoked or held back since the job was planned
        LearnerError(_learner_of_award(uow, award_id), why) for award_id, why in issuing.refused
    )
    return PartOutcome(
        done=len(work.payload) - len(errors),
        errors=errors,
        counts=(("issued", len(issuing.issued)),),
    )


PHASES: dict[JobKind, dict[str, Phase]] = {
    JobKind.SYNC_MOODLE: {
        START: _read_moodle_course,
        "completions": _read_moodle_completions,
        "grant": _grant,
    },
    JobKind.SYNC_AGS: {START: _sync_ags},
    JobKind.ISSUE: {START: _plan_issuing, "issue": _issue},
}


def next_phase(kind: JobKind, phase: str) -> str | None:
    """The phase after `phase`, in the order PHASES lists them; None after the last."""
    names = list(PHASES[kind])
    position = names.index(phase) + 1
    return names[position] if position < len(names) else None


def _named(uow: UnitOfWork, course_id: int, errors) -> tuple[LearnerError, ...]:
    """The errors with each learner's name where the tool knows it, else their LMS id."""
    if not errors:
        return ()
    with uow:
        names = dict(
            uow.session.execute(
                select(Person.subject, Person.name)
                .join(Course, Course.platform_id == Person.platform_id)
                .where(
                    Course.id == course_id,
                    Person.subject.in_([error.learner for error in errors]),
                )
            ).all()
        )
    return tuple(LearnerError(names.get(e.learner) or e.learner, e.message) for e in errors)


def _learner_of_award(uow: UnitOfWork, award_id: int) -> str:
    with uow:
        award = uow.session.get(Award, award_id)
        return award.person.name or award.person.subject
