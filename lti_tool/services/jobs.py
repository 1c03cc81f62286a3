"""Use cases of background jobs: start one, run a part of one (what a worker does), resume what a
killed worker left, start the scheduled syncs, and show a job's progress.

The state of every job is in the database (models/jobs.py); the queue only says which part to
run next. A worker takes a part by a conditional update, so two workers never run the same
part, except one whose worker stopped answering for `stale_after`: then it runs again, which
is safe because every phase is idempotent (services/job_phases.py).
"""

import logging
from datetime import timedelta

from sqlalchemy import case, exists, func, select, update

from lti_tool.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from lti_tool.domain.jobs import (
    MAX_ERRORS_KEPT,
    SYNC_KINDS,
    JobKind,
    JobProgress,
    JobState,
    PartOutcome,
    PartState,
)
from lti_tool.models import AwardRule, Course, Job, JobPart, MicroCredentialRow, Platform
from lti_tool.services.courses import known_course
from lti_tool.services.job_phases import PHASES, START, JobTools, PartWork, next_phase
from lti_tool.services.moodle_sync import NOT_CONNECTED
from lti_tool.services.ports import Clock, JobQueue
from lti_tool.services.results import NO_GRADEBOOK_COLUMN
from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)

RECENT_JOBS = 5
FAILED_UNEXPECTEDLY = (
    "The job stopped on an error of the tool itself. It is logged; start the job again, and "
    "tell your administrator if it stops again."
)
_ACTIVE = (JobState.QUEUED.value, JobState.RUNNING.value)


def start_job(
    kind: JobKind,
    course_id: int,
    *,
    requested_by: int | None,
    uow: UnitOfWork,
    queue: JobQueue,
    clock: Clock,
) -> int:
    """Queue a job on the course and return its id; a job of the same kind already queued or
    running is returned instead, so a second click starts nothing.

    Raises NotFound for an unknown course, and Conflict or InvalidInput when the course cannot
    be synced that way (no Moodle token, no gradebook column).
    """
    with uow:
        course = known_course(uow, course_id)
        _ensure_possible(kind, course)
        running = uow.session.scalar(
            select(Job.id).where(
                Job.course_id == course_id, Job.kind == kind.value, Job.state.in_(_ACTIVE)
            )
        )
        if running is not None:
            return running
        now = clock()
        job = Job(
            kind=kind.value,
            course_id=course_id,
            requested_by=requested_by,
            phase=START,
            created_at=now,
            counts={},
            errors=[],
        )
        job.parts.append(JobPart(phase=START, number=0, payload=[], queued_at=now))
        uow.session.add(job)
        uow.commit()
        job_id, part_id = job.id, job.parts[0].id
    queue.enqueue(part_id)
    return job_id


def run_part(
    part_id: int,
    *,
    uow: UnitOfWork,
    tools: JobTools,
    queue: JobQueue,
    stale_after: timedelta,
) -> None:
    """Run one part, if no live worker has it and it is not done; then record what it did and
    start the next phase when it was the phase's last part."""
    work = _take(part_id, uow, tools.clock, stale_after)
    if work is None:
        return
    kind, phase, part = work
    try:
        outcome = PHASES[kind][phase](part, tools, uow)
    except DomainError as refused:
        _fail(part_id, refused.message, uow, tools.clock)
        return
    except Exception:
        log.exception("a job part failed", extra={"part_id": part_id})
        _fail(part_id, FAILED_UNEXPECTEDLY, uow, tools.clock)
        return
    _record(part_id, outcome, uow, tools.clock)
    _advance(part_id, uow, queue, tools.clock)


def resume_stale(*, uow: UnitOfWork, queue: JobQueue, clock: Clock, stale_after: timedelta) -> int:
    """Queue again every part that waited or ran for longer than `stale_after` (its worker or
    its queue is gone), and start the next phase of any job whose worker died between a
    part's end and that start; returns how many parts were queued again."""
    limit = clock() - stale_after
    with uow:
        stale = uow.session.scalars(
            select(JobPart.id)
            .join(Job)
            .where(Job.state.in_(_ACTIVE), JobPart.phase == Job.phase)
            .where(
                ((JobPart.state == PartState.QUEUED.value) & (JobPart.queued_at < limit))
                | ((JobPart.state == PartState.RUNNING.value) & (JobPart.started_at < limit))
            )
        ).all()
        stuck = uow.session.scalars(
            select(func.max(JobPart.id))
            .join(Job)
            .where(Job.state == JobState.RUNNING.value, JobPart.phase == Job.phase)
            .group_by(Job.id)
            .having(func.count() == func.sum(_is_done()))
        ).all()
    for part_id in stale:
        queue.enqueue(part_id)
    for part_id in stuck:
        _advance(part_id, uow, queue, clock)
    return len(stale)


def start_due_syncs(
    *, uow: UnitOfWork, queue: JobQueue, clock: Clock, every: timedelta
) -> list[int]:
    """Start a sync of every course that has a rule to apply and a way to read its results
    (Moodle's web services, else its gradebook column), when none was started for `every`.
    Returns the jobs started."""
    since = clock() - every
    with uow:
        recent = exists().where(
            Job.course_id == Course.id,
            Job.kind.in_([kind.value for kind in SYNC_KINDS]),
            Job.created_at >= since,
        )
        with_rule = exists().where(  # of a published micro-credential
            MicroCredentialRow.course_id == Course.id,
            MicroCredentialRow.version > 0,
            AwardRule.micro_credential_id == MicroCredentialRow.id,
        )
        due = uow.session.execute(
            select(Course.id, Platform.moodle_token_sealed.is_not(None))
            .join(Platform, Platform.id == Course.platform_id)
            .where(with_rule, ~recent)
            .where(Platform.moodle_token_sealed.is_not(None) | Course.ags_lineitem_url.is_not(None))
            .order_by(Course.id)
        ).all()
    started = []
    for course_id, has_moodle in due:
        kind = JobKind.SYNC_MOODLE if has_moodle else JobKind.SYNC_AGS
        try:
            started.append(
                start_job(kind, course_id, requested_by=None, uow=uow, queue=queue, clock=clock)
            )
        except DomainError as refused:  # the course changed meanwhile; next time
            log.info("scheduled sync not started", extra={"course_id": course_id, "why": refused})
    return started


def job_progress(job_id: int, *, course_id: int, uow: UnitOfWork) -> JobProgress:
    """The course's job as its page shows it; raises NotFound for another course's."""
    with uow:
        job = uow.session.get(Job, job_id)
        if job is None or job.course_id != course_id:
            raise NotFound("This course has no such job.")
        return job.to_domain()


def recent_jobs(course_id: int, *, uow: UnitOfWork) -> list[JobProgress]:
    """The course's newest jobs, newest first."""
    with uow:
        return [
            job.to_domain()
            for job in uow.session.scalars(
                select(Job)
                .where(Job.course_id == course_id)
                .order_by(Job.id.desc())
                .limit(RECENT_JOBS)
            )
        ]


def _ensure_possible(kind: JobKind, course: Course) -> None:
    if kind == JobKind.SYNC_MOODLE and not course.platform.moodle_token_sealed:
        raise Conflict(NOT_CONNECTED)
    if kind == JobKind.SYNC_AGS and not course.ags_lineitem_url:
        raise InvalidInput(NO_GRADEBOOK_COLUMN)


def _take(
    part_id: int, uow: UnitOfWork, clock: Clock, stale_after: timedelta
) -> tuple[JobKind, str, PartWork] | None:
    """Mark the part running if it waits, or ran longer than `stale_after`; None when it is
    done, runs elsewhere, or its job has ended."""
    now = clock()
    with uow:
        taken = uow.session.execute(
            update(JobPart)
            .where(JobPart.id == part_id)
            .where(
                (JobPart.state == PartState.QUEUED.value)
                | (
                    (JobPart.state == PartState.RUNNING.value)
                    & (JobPart.started_at < now - stale_after)
                )
            )
            .values(state=PartState.RUNNING.value, started_at=now, attempts=JobPart.attempts + 1)
        ).rowcount
        part = uow.session.get(JobPart, part_id)
        if not taken or part.job.state not in _ACTIVE:
            return None
        job = part.job
        job.state = JobState.RUNNING.value
        work = PartWork(job.course_id, job.requested_by, tuple(part.payload or ()))
        taken_part = (JobKind(job.kind), part.phase, work)
        uow.commit()
    return taken_part


def _record(part_id: int, outcome: PartOutcome, uow: UnitOfWork, clock: Clock) -> None:
    """The part is done: add what it did to its job, with the next phase's parts it planned.

    The first statement is an update of the job's counters, which holds the job's row (and,
    on SQLite, the database) until the commit, so parts ending together add up.
    """
    with uow:
        finished = uow.session.execute(
            update(JobPart)
            .where(JobPart.id == part_id, JobPart.state == PartState.RUNNING.value)
            .values(state=PartState.DONE.value, finished_at=clock())
        ).rowcount
        if not finished:  # a stale run of it ended first
            return
        part = uow.session.get(JobPart, part_id)
        totals = {"total": outcome.total} if outcome.total is not None else {}
        uow.session.execute(
            update(Job)
            .where(Job.id == part.job_id)
            .values(done=Job.done + outcome.done, failed=Job.failed + len(outcome.errors), **totals)
        )
        job = uow.session.get(Job, part.job_id, populate_existing=True)
        counts = dict(job.counts or {})
        for name, count in outcome.counts:
            counts[name] = counts.get(name, 0) + count
        job.counts = counts
        kept = list(job.errors or [])
        room = max(0, MAX_ERRORS_KEPT - len(kept))
        kept += [{"learner": e.learner, "message": e.message} for e in outcome.errors[:room]]
        job.errors = kept
        following = next_phase(JobKind(job.kind), part.phase)
        for number, payload in enumerate(outcome.next_parts):
            job.parts.append(
                JobPart(phase=following, number=number, payload=list(payload), queued_at=clock())
            )
        uow.commit()


def _advance(part_id: int, uow: UnitOfWork, queue: JobQueue, clock: Clock) -> None:
    """When the part's phase has no part left to do, move its job to the next phase (once,
    whichever worker gets here first) and queue that phase's parts, or end the job."""
    with uow:
        part = uow.session.get(JobPart, part_id)
        job = part.job
        left = uow.session.scalar(
            select(func.count())
            .select_from(JobPart)
            .where(
                JobPart.job_id == job.id,
                JobPart.phase == part.phase,
                JobPart.state != PartState.DONE.value,
            )
        )
        if left:
            return
        following = next_phase(JobKind(job.kind), part.phase)
        moved = uow.session.execute(
            update(Job)
            .where(Job.id == job.id, Job.phase == part.phase, Job.state.in_(_ACTIVE))
            .values(
                phase=following or part.phase,
                state=JobState.RUNNING.value if following else JobState.DONE.value,
                finished_at=None if following else clock(),
            )
        ).rowcount
        if not moved:
            return
        queued = []
        if following:
            queued = _parts_of(uow, job.id, following)
            if not queued:  # a phase nobody planned runs as one part
                job.parts.append(JobPart(phase=following, number=0, payload=[], queued_at=clock()))
                uow.session.flush()
                queued = _parts_of(uow, job.id, following)
        uow.commit()
    for queued_id in queued:
        queue.enqueue(queued_id)


def _parts_of(uow: UnitOfWork, job_id: int, phase: str) -> list[int]:
    return list(
        uow.session.scalars(
            select(JobPart.id)
            .where(JobPart.job_id == job_id, JobPart.phase == phase)
            .order_by(JobPart.number)
        )
    )


def _fail(part_id: int, message: str, uow: UnitOfWork, clock: Clock) -> None:
    with uow:
        part = uow.session.get(JobPart, part_id)
        part.state, part.finished_at = PartState.DONE.value, clock()
        job = part.job
        job.state, job.message, job.finished_at = JobState.FAILED.value, message, clock()
        uow.commit()


def _is_done():
    return case((JobPart.state == PartState.DONE.value, 1), else_=0)
