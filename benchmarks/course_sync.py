"""A course of 1,000 learners synced from the emulated Moodle, evaluated and issued, end to end:
with RQ jobs on several workers, beside the same work in one process without jobs.

The emulated Moodle (benchmarks/moodle_server.py: the demo Moodle with `--learners` generated
learners, 7 in 8 of them passing) runs in its own process under gunicorn on a free loopback
port; both runs read it over HTTP through its REST web services, with the demo's token. Each
run has a fresh database (SQLite, or a fresh PostgreSQL schema), set up as `make run` does
(`flask db upgrade`, `flask demo load`), the demo micro-credential given the rule "the course
is completed", then:
  1. without jobs: one process calls the services: `sync_from_moodle` (grades and members, two
     completion calls per learner, grant), then `issue_awards` in parts of 50;
  2. with jobs: `--workers` RQ workers (`flask jobs worker`, REDIS_URL on a Redis database and
     queue of its own) started and warmed up first; a SYNC_MOODLE job, followed in the
     database until it ends, then an ISSUE job. Timed from the first job's start to the end of
     the issue job.
Both must end with the same counts: every learner synced, those who passed granted and issued.

    .venv/bin/python benchmarks/course_sync.py [--learners 1000] [--workers 2]
"""

import argparse
import contextlib
import json
import os
import resource
import secrets
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
import rq

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from adapters.jobs.rq_queue import RqJobQueue  # noqa: E402
from adapters.jobs.rq_queue import connect as rq_connect  # noqa: E402
from benchmarks import processes, setups  # noqa: E402
from benchmarks.moodle_server import qualifying  # noqa: E402
from benchmarks.report import BUSY_MACHINE_SHARE  # noqa: E402
from lti_tool import demo_setup  # noqa: E402

TARGET_SECONDS = 15.0  # the jobs run, for 1,000 learners on 2 workers
WARMUP_PARTS_PER_WORKER = 2  # no-op parts (an unknown part id) each worker runs first
NO_PART = 0  # no job part has this id: running it reads the database and does nothing
RUN_TIMEOUT = 900  # seconds a run may take at most
# What a run counts, in the report's order: (key, label).
COUNTS = (
    ("learners", "learners synced"),
    ("grades", "grades read"),
    ("completions", "completions read"),
    ("granted", "awards granted"),
    ("issued", "credentials issued"),
)


@dataclass
class RunResult:
    """One run as its process reported it, and the CPU seconds the other processes used."""

    name: str
    sync_seconds: float
    issue_seconds: float
    said: dict[str, int]  # what the run's services or jobs reported
    stored: dict[str, int]  # what the database holds after it
    problems: list[str]
    phases: list[dict]
    cpu: dict[str, float] = field(default_factory=dict)  # process -> CPU seconds meanwhile
    wall_seconds: float = 0.0  # of the run's process, start-up included
    machine_cpu: float = 0.0  # every process of the machine meanwhile, these included

    @property
    def others_share(self) -> float:
        """The share of the cores other processes (PostgreSQL's too) used during the run."""
        ours = sum(seconds for name, seconds in self.cpu.items() if name not in _TIMED_ONLY)
        capacity = self.wall_seconds * (os.cpu_count() or 1)
        return max(self.machine_cpu - ours, 0.0) / capacity if capacity else 0.0

    @property
    def seconds(self) -> float:
        return self.sync_seconds + self.issue_seconds


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000, help="learners of the course")
    parser.add_argument("--workers", type=int, default=2, help="RQ workers of the jobs run")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default="postgresql://127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis, no database")
    parser.add_argument("--redis-db", type=int, default=14, help="Redis database of the jobs run")
    parser.add_argument("--only", choices=("direct", "jobs"), help="measure one run")
    args = parser.parse_args(argv)
    if not 1 <= args.learners <= 100_000 or not 1 <= args.workers <= 16:
        parser.error("--learners must be in [1, 100000] and --workers in [1, 16]")
    if not 0 <= args.redis_db <= 15:
        parser.error("--redis-db must be in [0, 15]")
    return args


def run(args: argparse.Namespace) -> list[RunResult]:
    """Serve the emulated Moodle, then measure each run, in a temporary folder."""
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="course-sync-")))
        servers = stack.enter_context(processes.Servers())
        moodle_port = processes.free_port()
        print(f"Starting the emulated Moodle with {args.learners} learners…", flush=True)
        moodle = _start_moodle(servers, moodle_port, args.learners, workdir)
        results = []
        for name in ("direct", "jobs"):
            if args.only in (None, name):
                measure = _direct_run if name == "direct" else _jobs_run
                results.append(measure(args, workdir / name, moodle_port, moodle.pid))
        return results


def _start_moodle(servers: processes.Servers, port: int, learners: int, workdir: Path):
    env = {
        **os.environ,
        "BENCH_MOODLE_ISSUER": demo_setup.platform_issuer(setups.base_url(port)),
        "BENCH_LEARNERS": str(learners),
    }
    gunicorn = setups.Gunicorn(workers=1, worker_class="gthread", threads=8)  # one site in memory
    log_path = workdir / "moodle.log"
    command = gunicorn.command(port, "benchmarks.moodle_server:create_app()")
    server = servers.start(command, env=env, cwd=ROOT, log_path=log_path)
    processes.wait_until_ready(
        server, port=port, path="/demo-platform/mod/lti/certs.php", log_path=log_path, timeout=60
    )
    return server


@contextlib.contextmanager
def _tool(args: argparse.Namespace, rundir: Path, moodle_port: int, **extra: str):
    """A fresh database with the demo loaded; yields the environment of the tool's processes,
    whose BASE_URL is the emulated Moodle's address (so its site URL is the platform's)."""
    rundir.mkdir()
    with setups.database(
        args.database, workdir=rundir, postgres_url=args.postgres_url
    ) as database_url:
        env = setups.our_environment(port=moodle_port, workdir=rundir, database_url=database_url)
        env.pop("REDIS_URL", None)
        env.pop("JOBS_QUEUE", None)
        env |= {"RESULTS_SYNC_MINUTES": "0", **extra}  # no scheduled syncs meanwhile
        setups.load_demo(env, log_path=rundir / "setup.log")
        yield env


def _direct_run(args, rundir: Path, moodle_port: int, moodle_pid: int) -> RunResult:
    print("Run without jobs: one process syncs, then issues…", flush=True)
    with _tool(args, rundir, moodle_port) as env:
        moodle_cpu = processes.cpu_seconds(moodle_pid)
        result = _work("direct", env, rundir)
        result.cpu["emulated Moodle"] = processes.cpu_seconds(moodle_pid) - moodle_cpu
    return result


def _jobs_run(args, rundir: Path, moodle_port: int, moodle_pid: int) -> RunResult:
    redis_url = f"{args.redis.rstrip('/')}/{args.redis_db}"
    queue = f"course-sync-bench-{secrets.token_hex(4)}"
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    try:
        before = set(client.scan_iter())
    except redis.RedisError as error:
        raise processes.ServerError(f"Redis at {redis_url} cannot be used: {error}") from error
    try:
        with (
            _tool(args, rundir, moodle_port, REDIS_URL=redis_url, JOBS_QUEUE=queue) as env,
            processes.Servers() as servers,
        ):
            print(f"Run with jobs: starting {args.workers} RQ workers…", flush=True)
            workers = [
                servers.start(
                    [*setups.FLASK, "jobs", "worker"],
                    env=env,
                    cwd=ROOT,
                    log_path=rundir / f"worker-{number}.log",
                )
                for number in range(args.workers)
            ]
            _warm_up(workers, redis_url, queue, rundir)
            print("Run with jobs: a sync job, then an issue job…", flush=True)
            measured = {f"worker {n + 1}": worker.pid for n, worker in enumerate(workers)}
            measured["emulated Moodle"] = moodle_pid
            started = {name: processes.cpu_seconds(pid) for name, pid in measured.items()}
            result = _work("jobs", env, rundir)
            for name, pid in measured.items():
                result.cpu[name] = processes.cpu_seconds(pid) - started[name]
    finally:
        _clean_redis(client, before, queue)
    return result


def _warm_up(workers, redis_url: str, queue: str, rundir: Path, timeout: float = 60) -> None:
    """Return once every worker listens to the queue with its app built, and they have run
    parts that do nothing (RQ, the database); raises ServerError if a worker died or they are
    not ready by `timeout`."""
    jobs = RqJobQueue(connection=rq_connect(redis_url), name=queue)
    deadline = time.monotonic() + timeout
    while rq.Worker.count(queue=jobs.queue) < len(workers):
        _check_alive(workers, rundir)
        if time.monotonic() > deadline:
            raise processes.ServerError(f"the RQ workers did not start in {timeout:g} s")
        time.sleep(0.1)
    for _ in range(WARMUP_PARTS_PER_WORKER * len(workers)):
        jobs.enqueue(NO_PART)
    started = rq.registry.StartedJobRegistry(queue=jobs.queue)
    while jobs.queue.count or started.count:
        _check_alive(workers, rundir)
        if time.monotonic() > deadline:
            raise processes.ServerError(f"the RQ workers did not warm up in {timeout:g} s")
        time.sleep(0.05)


def _check_alive(workers, rundir: Path) -> None:
    for number, worker in enumerate(workers):
        if worker.poll() is not None:
            log = processes.log_tail(rundir / f"worker-{number}.log")
            raise processes.ServerError(f"RQ worker {number} exited ({worker.returncode}):\n{log}")


def _work(mode: str, env: dict, rundir: Path) -> RunResult:
    """Run `benchmarks/course_sync_work.py` in a process of its own; what it reported."""
    result_path = rundir / f"{mode}.json"
    command = [sys.executable, "-m", "benchmarks.course_sync_work", mode]
    log_path = rundir / f"{mode}.log"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine, started = processes.machine_busy_seconds(), time.monotonic()
    processes.run_command(
        [*command, "--result", str(result_path)],
        env=env,
        cwd=ROOT,
        log_path=log_path,
        timeout=RUN_TIMEOUT,
    )
    wall, machine = time.monotonic() - started, processes.machine_busy_seconds() - machine
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(result_path.read_text())
    name = "without jobs" if mode == "direct" else "with jobs"
    result = RunResult(
        name=name,
        **{key: report[key] for key in _REPORTED},
        wall_seconds=wall,
        machine_cpu=machine,
    )
    process = "tool process" if mode == "direct" else "job starter (polls)"
    result.cpu[process if mode == "direct" else _POLLING] = report["cpu_seconds"]
    result.cpu[f"{process}, with start-up"] = (after.ru_utime + after.ru_stime) - (
        before.ru_utime + before.ru_stime
    )
    return result


_POLLING = "job starter (polls)"
_TIMED_ONLY = (_POLLING, "tool process")  # counted again in their "with start-up" figure
_REPORTED = ("sync_seconds", "issue_seconds", "said", "stored", "problems", "phases")


def _clean_redis(client: redis.Redis, before: set[bytes], queue: str) -> None:
    """Delete the RQ keys the jobs run made in its Redis database, and its entries in RQ's
    shared sets; keys that were there before are left alone."""
    with contextlib.suppress(redis.RedisError):
        made = [key for key in client.scan_iter(match="rq:*") if key not in before]
        if made:
            client.delete(*made)
        client.srem("rq:queues", f"rq:queue:{queue}")
        if made:
            client.srem("rq:workers", *made)
        client.close()


def check(results: list[RunResult], args: argparse.Namespace) -> list[str]:
    """What is wrong with the runs' counts: each run against what it stored and what the
    course holds, and the runs against each other. Empty when all agree."""
    wanted = {"learners": args.learners, "granted": qualifying(args.learners)}
    wanted["issued"] = wanted["granted"]
    problems = []
    for result in results:
        problems += [f"{result.name}: {problem}" for problem in result.problems]
        for key, label in COUNTS:
            said, stored = result.said[key], result.stored[key]
            if said != stored:
                problems.append(f"{result.name}: {label} {said}, but the database holds {stored}")
            if key in wanted and said != wanted[key]:
                problems.append(f"{result.name}: {label} {said}, expected {wanted[key]}")
    if len(results) == 2:
        first, second = results
        for key, label in COUNTS:
            if first.said[key] != second.said[key]:
                problems.append(
                    f"{label}: {first.said[key]} {first.name}, {second.said[key]} {second.name}"
                )
    return problems


def print_report(results: list[RunResult], args: argparse.Namespace, problems: list[str]) -> None:
    database = "SQLite" if args.database == "sqlite" else "PostgreSQL (a fresh schema)"
    print()
    print(
        f"A course of {args.learners} learners synced from the emulated Moodle (HTTP, "
        f"gunicorn), evaluated and issued, on {os.cpu_count()} cores; {database}."
    )
    names = {"without jobs": "without jobs", "with jobs": f"with jobs ({args.workers} workers)"}
    print(_row("", [names[result.name] for result in results]))
    for key, label in COUNTS:
        print(_row(label, [f"{result.said[key]:,}" for result in results]))
    for label, seconds in (
        ("sync (read + grant) s", lambda r: r.sync_seconds),
        ("issue s", lambda r: r.issue_seconds),
        ("total s", lambda r: r.seconds),
    ):
        print(_row(label, [f"{seconds(result):.2f}" for result in results]))
    print()
    for result in results:
        used = ", ".join(f"{name} {seconds:.1f}" for name, seconds in result.cpu.items())
        print(f"CPU seconds {result.name}: {used}.")
    for result in results:
        note = _busy_note(result, args)
        if note:
            print(note)
    for result in results:
        for phase in result.phases:
            print(
                f"  {phase['job']} / {phase['phase']}: {phase['parts']} parts, "
                f"{phase['span']:.2f} s from first start to last end, {phase['busy']:.2f} s "
                f"running, {phase['waited']:.2f} s waiting in the queue (summed over parts)."
            )
    jobs = next((result for result in results if result.name == "with jobs"), None)
    if jobs is not None and _judged(args):
        met = jobs.seconds < TARGET_SECONDS and not problems
        print(
            f"Target: 1,000 learners with jobs on 2 workers under {TARGET_SECONDS:g} s: "
            f"{'MET' if met else 'MISSED'} ({jobs.seconds:.2f} s)."
        )
    elif jobs is not None:
        print(
            f"Target ({TARGET_SECONDS:g} s for 1,000 learners on 2 workers): not judged; run "
            "with --learners 1000 --workers 2."
        )
    if problems:
        print("WRONG COUNTS:")
        for problem in problems:
            print(f"  - {problem}")
    else:
        print("Counts: both runs synced, granted and issued the same, as the database holds.")


def _busy_note(result: RunResult, args: argparse.Namespace) -> str | None:
    """A note when other processes took a share of the cores during the run."""
    share = result.others_share
    if share <= BUSY_MACHINE_SHARE:
        return None
    if args.database == "postgresql":
        return f"PostgreSQL and other processes used {share:.0%} of the cores {result.name}."
    return (
        f"Warning: other processes used {share:.0%} of the cores during the run {result.name}, "
        "so its figures are slower than on an idle machine: run it again when idle."
    )


def _judged(args: argparse.Namespace) -> bool:
    return args.learners == 1000 and args.workers == 2


def _row(label: str, cells: list[str]) -> str:
    return label.ljust(24) + "".join(cell.rjust(26) for cell in cells)


def _stop_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the cleanup of `run`


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    try:
        results = run(args)
    except processes.ServerError as error:
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; every server was stopped.", file=sys.stderr)
        return 130
    problems = check(results, args)
    print_report(results, args, problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
