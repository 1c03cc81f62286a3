"""Full LTI 1.3 launches per second, and their p50/p95 latency, of our tool and of a baseline.

What is measured: launches (OIDC login, then launch) that virtual users run back to back
against a tool under gunicorn on this machine, for `--seconds` after a warm-up:
  1. POST the platform's login initiation to /lti/login -> 302 to the platform's auth.php;
  2. the platform signs the id_token (the demo Moodle's own code, its key and kid, run in this
     process: that is the platform's work, not counted in the latency);
  3. POST id_token and state to /lti/launch -> 302 to /teacher/ or /learner/.
A launch's latency is the two round trips to the tool; any other answer is an error.

The setups, one after the other with the same gunicorn settings and load:
  - ours: this tool in demo mode (SQLite, or a fresh PostgreSQL schema), as `make run` sets it
    up; it keeps platform keys cached and launch state in its database;
  - baseline: benchmarks/baseline_app.py, plain pylti1p3 with a ToolConfDict and Flask's cookie
    session, fetching the platform's key set on every launch.
Both fetch the key set from the same small server (benchmarks/jwks_server.py) on loopback: a
remote LMS would make every uncached fetch tens of milliseconds slower. The load generator and
the key set server run on the same cores as the tool; their CPU time is printed too.

    .venv/bin/python benchmarks/lti_launch.py [--seconds 20] [--concurrency 8] [--workers 2]
"""

import argparse
import contextlib
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from benchmarks import launch_load, processes, setups  # noqa: E402
from benchmarks.report import print_report  # noqa: E402

TEACHER_AND_LEARNERS = (3, 4, 5, 6)  # the demo Moodle's course: Tess, Sam, Ana, Bo


@dataclass(frozen=True)
class SetupResult:
    """A measured phase of one setup and the CPU seconds each party used during it."""

    name: str
    phase: launch_load.PhaseResult
    tool_cpu: float
    key_set_cpu: float
    load_cpu: float
    machine_cpu: float  # every process of the machine, these included

    @property
    def other_cpu(self) -> float:
        """CPU used by other processes: PostgreSQL's, and anything else running meanwhile."""
        return max(self.machine_cpu - self.tool_cpu - self.key_set_cpu - self.load_cpu, 0.0)


@dataclass(frozen=True)
class Setup:
    """A tool to measure: how gunicorn serves it, with what environment, and its launcher."""

    name: str
    app: str
    env: dict
    port: int
    platform: object  # the DemoMoodle registered with this tool


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="measured time per setup")
    parser.add_argument("--warmup", type=float, default=3, help="warm-up time per setup")
    parser.add_argument("--concurrency", type=int, default=8, help="virtual users")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default="postgresql://127.0.0.1:5432/test")
    parser.add_argument("--only", choices=("ours", "baseline"), help="measure one setup")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 600 or not 0 <= args.warmup <= 60:
        parser.error("--seconds must be in (0, 600] and --warmup in [0, 60]")
    if not 1 <= args.concurrency <= 256 or not 1 <= args.workers <= 16:
        parser.error("--concurrency must be in [1, 256] and --workers in [1, 16]")
    return args


def run(args: argparse.Namespace) -> list[SetupResult]:
    """Set everything up in a temporary folder, measure each setup, and tear it all down."""
    gunicorn = setups.Gunicorn(args.workers, args.worker_class, args.threads)
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lti-bench-")))
        database_url = stack.enter_context(
            setups.database(args.database, workdir=workdir, postgres_url=args.postgres_url)
        )
        servers = stack.enter_context(processes.Servers())
        key_set_server, chosen = _prepare(servers, workdir, database_url)
        return [
            _measure(servers, setup, gunicorn, args, key_set_server=key_set_server, logs=workdir)
            for setup in chosen
            if args.only in (None, setup.name)
        ]


def _prepare(servers: processes.Servers, workdir: Path, database_url: str):
    """Set up our tool, start the key set server; returns its process and the two setups."""
    ours_port, baseline_port, key_set_port = (processes.free_port() for _ in range(3))
    key_set_url = f"{setups.base_url(key_set_port)}/mod/lti/certs.php"
    env = setups.our_environment(port=ours_port, workdir=workdir, database_url=database_url)
    print("Setting up our tool (flask db upgrade, flask demo load)…", flush=True)
    setups.prepare_ours(env, key_set_url=key_set_url, log_path=workdir / "setup.log")
    issuer = setups.platform_issuer(env)
    key_path = Path(env["INSTANCE_PATH"]) / setups.KEY_FILE
    ours = setups.platform_for(ours_port, issuer=issuer, key_path=key_path)
    baseline = setups.platform_for(baseline_port, issuer=issuer, key_path=key_path)
    setups.write_key_set(ours, workdir / "jwks.json")
    log_path = workdir / "jwks.log"
    command = setups.key_set_server_command(key_set_port, workdir / "jwks.json")
    key_set_server = servers.start(command, env=dict(os.environ), cwd=ROOT, log_path=log_path)
    processes.wait_until_ready(
        key_set_server, port=key_set_port, path="/mod/lti/certs.php", log_path=log_path
    )
    baseline_env = setups.baseline_environment(
        port=baseline_port, issuer=issuer, key_set_url=key_set_url
    )
    return key_set_server, [
        Setup("ours", "wsgi:app", env, ours_port, ours),
        Setup(
            "baseline",
            "benchmarks.baseline_app:create_app()",
            baseline_env,
            baseline_port,
            baseline,
        ),
    ]


def _measure(servers, setup: Setup, gunicorn, args, *, key_set_server, logs: Path) -> SetupResult:
    """Serve one setup, warm it up, measure it, and stop it."""
    print(f"Measuring {setup.name} for {args.seconds:g} s…", flush=True)
    log_path = logs / f"{setup.name}.log"
    command = gunicorn.command(setup.port, setup.app)
    server = servers.start(command, env=setup.env, cwd=ROOT, log_path=log_path)
    try:
        processes.wait_until_ready(server, port=setup.port, path="/healthz", log_path=log_path)
        target = launch_load.Target(setup.port, setup.platform, TEACHER_AND_LEARNERS)
        _warm_up(target, args, log_path)
        before = _cpu(server.pid, key_set_server.pid)
        phase = launch_load.run_phase(target, concurrency=args.concurrency, seconds=args.seconds)
        after = _cpu(server.pid, key_set_server.pid)
    finally:
        servers.stop(server)
    used = [end - start for start, end in zip(before, after, strict=True)]
    return SetupResult(setup.name, phase, *used)


def _warm_up(target: launch_load.Target, args: argparse.Namespace, log_path: Path) -> None:
    """A few launches one at a time, then the full load; raises if not one launch succeeded."""
    first = launch_load.run_phase(target, concurrency=1, seconds=1)
    if not first.latencies:
        raise processes.ServerError(
            f"no launch succeeded: {dict(first.errors)}\n{processes.log_tail(log_path)}"
        )
    if args.warmup:
        launch_load.run_phase(target, concurrency=args.concurrency, seconds=args.warmup)


def _cpu(tool_pid: int, key_set_pid: int) -> tuple[float, float, float, float]:
    """CPU seconds so far of the tool's gunicorn, the key set server, this process, and all."""
    return (
        processes.cpu_seconds(tool_pid),
        processes.cpu_seconds(key_set_pid),
        time.process_time(),
        processes.machine_busy_seconds(),
    )


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
    print_report(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
