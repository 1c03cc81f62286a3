"""What the course sync benchmark runs in a process of its own, in the tool's app built from the
environment (DATABASE_URL, BASE_URL = the emulated Moodle's address, REDIS_URL for jobs…):

    python -m benchmarks.course_sync_work direct --result direct.json
    python -m benchmarks.course_sync_work jobs --result jobs.json

Both first give the demo micro-credential its rule (course completed; not timed), then:

- direct: the services in this process, one after the other: `sync_from_moodle`, then
  `issue_awards` over the course's granted awards in parts of AWARDS_PER_PART, as the issue
  job plans them;
- jobs: start a SYNC_MOODLE job, follow it in the database until it ends, then an ISSUE job;
  the parts are run by the RQ workers the benchmark started.

The result file holds the seconds timed (sync, issue, total), what the run said it did, what
the database holds after it (learners, grades, completions, awards, credentials), and each
phase's parts as the database recorded them (for the jobs run).
"""

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from lti_tool import demo_setup  # noqa: E402
from lti_tool.app import create_app  # noqa: E402
from lti_tool.container import Container, container  # noqa: E402
from lti_tool.demo_platform import seed  # noqa: E402
from lti_tool.domain.credentials import AwardState  # noqa: E402
from lti_tool.domain.jobs import JobKind, JobProgress  # noqa: E402
from lti_tool.domain.launch import Role  # noqa: E402
from lti_tool.domain.rules import AllOf, CourseCompleted, Rule  # noqa: E402
from lti_tool.models import (  # noqa: E402
    Award,
    CompletionRow,
    Course,
    Enrolment,
    IssuedCredential,
    JobPart,
    MicroCredentialRow,
    Platform,
    Result,
)
from lti_tool.services import award_rules, awards, jobs, moodle_sync  # noqa: E402
from lti_tool.services.job_phases import PHASES, START, PartWork  # noqa: E402

POLL_SECONDS = 0.02  # how often the jobs run looks at its job in the database
JOB_TIMEOUT = 600.0  # a job that has not ended by then has failed


@dataclass(frozen=True)
class Counts:
    """What a run said it did (read, granted, issued) or what the database holds after it."""

    learners: int
    grades: int
    completions: int
    granted: int
    issued: int


@dataclass(frozen=True)
class PhaseTiming:
    """One phase of a job, from its parts' times in the database (seconds)."""

    job: str
    phase: str
    parts: int
    span: float  # from the first part's start to the last part's end
    busy: float  # the parts' run times, summed
    waited: float  # the parts' waits in the queue, summed


def prepare(deps: Container) -> int:
    """The demo course's id, its micro-credential given the rule "the course is completed"."""
    with deps.uow() as uow:
        course_id, micro_credential_id = uow.session.execute(
            select(Course.id, MicroCredentialRow.id)
            .join(Platform, Platform.id == Course.platform_id)
            .join(MicroCredentialRow, MicroCredentialRow.course_id == Course.id)
            .where(
                Platform.issuer == demo_setup.platform_issuer(deps.base_url),
                Course.context_id == str(seed.COURSE.id),
            )
        ).one()
    award_rules.save_rule(
        micro_credential_id,
        Rule(AllOf((CourseCompleted(),))),
        course_id=course_id,
        uow=deps.uow(),
        clock=deps.clock,
    )
    return course_id


def run_direct(deps: Container, course_id: int) -> dict:
    """The whole work in this process, without jobs: sync, then issue in parts."""
    tools = deps.job_tools
    cpu, started = time.process_time(), time.perf_counter()
    summary = moodle_sync.sync_from_moodle(
        course_id,
        uow=deps.uow(),
        moodle=deps.moodle,
        secret_sealer=deps.secret_sealer,
        clock=deps.clock,
    )
    synced = time.perf_counter()
    plan = PHASES[JobKind.ISSUE][START](PartWork(course_id, None, ()), tools, deps.uow())
    issued = 0
    for part in plan.next_parts:
        issuing = awards.issue_awards(
            part,
            actor_person_id=None,
            uow=deps.uow(),
            issuer=tools.issuer,
            status_lists=tools.status_lists,
            dids=tools.dids,
            clock=tools.clock,
            base_url=tools.base_url,
            scores=tools.scores,
            status_list_size=tools.status_list_size,
        )
        issued += len(issuing.issued)
    ended = time.perf_counter()
    said = Counts(
        learners=_learners(deps, course_id),  # the sync's summary counts the teacher too
        grades=summary.grades_read,
        completions=summary.completions_read,
        granted=summary.awards_granted,
        issued=issued,
    )
    cpu = time.process_time() - cpu
    return _result(deps, course_id, said, synced - started, ended - synced, cpu, (), ())


def run_jobs(deps: Container, course_id: int) -> dict:
    """The same work as jobs run by the RQ workers: a sync job, then an issue job."""
    cpu, started = time.process_time(), time.perf_counter()
    sync = _follow(deps, _start(deps, JobKind.SYNC_MOODLE, course_id), course_id)
    synced = time.perf_counter()
    issue = _follow(deps, _start(deps, JobKind.ISSUE, course_id), course_id) if sync.ok else None
    ended = time.perf_counter()
    cpu = time.process_time() - cpu
    said = Counts(
        learners=sync.progress.total,
        grades=sync.progress.counts.get("grades_read", 0),
        completions=sync.progress.counts.get("completions_read", 0),
        granted=sync.progress.counts.get("awards_granted", 0),
        issued=issue.progress.counts.get("issued", 0) if issue else 0,
    )
    followed = [job for job in (sync, issue) if job is not None]
    problems = tuple(problem for job in followed for problem in job.problems)
    timings = _phase_timings(deps, [job.progress for job in followed])
    return _result(deps, course_id, said, synced - started, ended - synced, cpu, problems, timings)


@dataclass(frozen=True)
class _Followed:
    progress: JobProgress
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _start(deps: Container, kind: JobKind, course_id: int) -> int:
    return jobs.start_job(
        kind, course_id, requested_by=None, uow=deps.uow(), queue=deps.jobs, clock=deps.clock
    )


def _follow(deps: Container, job_id: int, course_id: int) -> _Followed:
    """Poll the job until it ends; its last progress, and what went wrong if anything."""
    deadline = time.monotonic() + JOB_TIMEOUT
    while True:
        progress = jobs.job_progress(job_id, course_id=course_id, uow=deps.uow())
        if progress.state.finished or time.monotonic() > deadline:
            break
        time.sleep(POLL_SECONDS)
    name = progress.kind.value
    problems = [f"{name} job {job_id} ended {progress.state.value}: {progress.message}"]
    if not progress.state.finished:
        problems = [f"{name} job {job_id} did not end in {JOB_TIMEOUT:g} s"]
    elif progress.state.value == "done":
        problems = []
    problems += [f"{name} job, {error.learner}: {error.message}" for error in progress.errors]
    return _Followed(progress, tuple(problems))


def _result(
    deps: Container,
    course_id: int,
    said: Counts,
    sync_seconds: float,
    issue_seconds: float,
    cpu_seconds: float,
    problems: Sequence[str],
    timings: Sequence[PhaseTiming],
) -> dict:
    return {
        "sync_seconds": sync_seconds,
        "issue_seconds": issue_seconds,
        "cpu_seconds": cpu_seconds,  # this process's, while timed
        "said": asdict(said),
        "stored": asdict(_stored(deps, course_id)),
        "problems": list(problems),
        "phases": [asdict(timing) for timing in timings],
    }


def _learners(deps: Container, course_id: int) -> int:
    with deps.uow() as uow:
        return uow.session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(Enrolment.course_id == course_id, Enrolment.role == Role.LEARNER.value)
        )


def _stored(deps: Container, course_id: int) -> Counts:
    """What the database holds for the course after a run."""

    awards_of_course = (
        select(Award.id)
        .join(MicroCredentialRow)
        .where(MicroCredentialRow.course_id == course_id)
        .scalar_subquery()
    )
    with deps.uow() as uow:
        return Counts(
            learners=_learners(deps, course_id),
            grades=uow.session.scalar(
                select(func.count()).select_from(Result).where(Result.course_id == course_id)
            ),
            completions=uow.session.scalar(
                select(func.count())
                .select_from(CompletionRow)
                .where(CompletionRow.course_id == course_id)
            ),
            granted=uow.session.scalar(
                select(func.count()).select_from(Award).where(Award.id.in_(awards_of_course))
            ),
            issued=uow.session.scalar(
                select(func.count())
                .select_from(IssuedCredential)
                .join(Award)
                .where(Award.id.in_(awards_of_course), Award.state == AwardState.ISSUED.value)
            ),
        )


def _phase_timings(deps: Container, followed: Sequence[JobProgress]) -> list[PhaseTiming]:
    timings = []
    with deps.uow() as uow:
        for progress in followed:
            parts = uow.session.scalars(
                select(JobPart).where(JobPart.job_id == progress.id).order_by(JobPart.id)
            ).all()
            for phase in dict.fromkeys(part.phase for part in parts):
                of_phase = [p for p in parts if p.phase == phase and p.finished_at]
                if not of_phase:
                    continue
                timings.append(
                    PhaseTiming(
                        job=progress.kind.value,
                        phase=phase,
                        parts=len(of_phase),
                        span=_seconds(
                            min(p.started_at for p in of_phase),
                            max(p.finished_at for p in of_phase),
                        ),
                        busy=sum(_seconds(p.started_at, p.finished_at) for p in of_phase),
                        waited=sum(_seconds(p.queued_at, p.started_at) for p in of_phase),
                    )
                )
    return timings


def _seconds(start, end) -> float:
    return (end - start).total_seconds()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("direct", "jobs"))
    parser.add_argument("--result", type=Path, required=True, help="where to write the JSON")
    args = parser.parse_args(argv)
    app = create_app()
    with app.app_context():
        deps = container()
        course_id = prepare(deps)
        run = run_direct if args.mode == "direct" else run_jobs
        result = run(deps, course_id)
    args.result.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
