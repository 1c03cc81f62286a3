"""Credentials issued and verified per second, and peak memory, of ours and of the JS reference.

What is measured, one after the other on this machine, for a cohort of `--cohort` learners of
one micro-credential (benchmarks/cohort.py: every Annex I element, the alliance's endorsement
embedded, a revocation entry, a did:web issuer with a sealed key the tool
made; learners differ in name, credential id, status places and grade):
  1. ours issuing, one process: Ob3CredentialIssuer.issue, as claim_award calls it;
  2. ours verifying those credentials, one process: Ob3CredentialVerifier as wiring.py builds
     it (all eight checks: signature, status lists, endorsement, Annex I), with the DID
     documents and status lists served locally;
  3. ours issuing `--full-cohort` credentials on `--workers` processes, each with its own
     issuer, timed from the pool's start and from the first credential;
  4. the reference stack (tests/interop/harness.mjs, one node process) signing the same
     unsigned credentials with the same key, and verifying the credentials of step 1.
Then a few credentials cross each way: ours verify there, the reference stack signs them byte
for byte as ours did, and what it signs verifies in ours; changed ones fail in both. So the
rates compare the same, correct work.

    .venv/bin/python benchmarks/issue_credentials.py [--cohort 500] [--full-cohort 2000]
    .venv/bin/python benchmarks/issue_credentials.py --full-cohort 10000   # the 10,000 target
"""

import argparse
import contextlib
import json
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from benchmarks import processes  # noqa: E402
from benchmarks.cohort import SCHOOL, Cohort, cohort_issuer, make_cohort  # noqa: E402
from benchmarks.credential_reference import (  # noqa: E402
    ReferenceRun,
    cross_check,
    run_reference,
)
from benchmarks.credential_report import print_report  # noqa: E402
from benchmarks.credential_work import IssueRun, VerifyRun, issue_part, verify_file  # noqa: E402
from tests.interop.client import INSTALL_COMMAND, HarnessNotInstalled, ReferenceStack  # noqa: E402

CROSS_CHECKED = 5  # credentials of step 1 that cross each way, besides the full run's samples


@dataclass(frozen=True)
class FullRun:
    """Ours issuing the full cohort on several processes: each worker's run, and the wall time
    from creating the pool until the last result came back."""

    workers: tuple[IssueRun, ...]
    wall_seconds: float

    @property
    def count(self) -> int:
        return sum(run.count for run in self.workers)

    @property
    def issuing_seconds(self) -> float:
        """From the first worker's first credential to the last worker's last one."""
        return max(r.ended for r in self.workers) - min(r.started for r in self.workers)


@dataclass
class Results:
    """Everything one run measured; a part that was not run stays None."""

    cohort: Cohort
    ours_issuing: IssueRun | None = None
    ours_verifying: VerifyRun | None = None
    full: FullRun | None = None
    reference: ReferenceRun | None = None
    reference_skipped: str | None = None
    problems: tuple[str, ...] = ()
    # Part -> share of the machine's cores that other processes used meanwhile.
    others: dict[str, float] = field(default_factory=dict)

    @property
    def is_wrong_work(self) -> bool:
        """True when a credential failed to verify or a cross-check failed: the rates compare
        something else than the same correct work."""
        ours, ref = self.ours_verifying, self.reference
        return bool(
            self.problems
            or (ours is not None and ours.verified != ours.count)
            or (ref is not None and ref.verified != ref.verify_count)
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=int, default=500, help="learners of the 1-core runs")
    parser.add_argument(
        "--full-cohort", type=int, default=2000, help="learners of the multi-process run (0: none)"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes of the full run")
    parser.add_argument("--only", choices=("ours", "reference"), help="measure one stack")
    parser.add_argument("--seed", type=int, default=1, help="seeds learners' names, ids, places")
    parser.add_argument("--batch", type=int, default=250, help="credentials per request to node")
    args = parser.parse_args(argv)
    if not 50 <= args.cohort <= 100_000 or not 0 <= args.full_cohort <= 1_000_000:
        parser.error("--cohort must be in [50, 100000] and --full-cohort in [0, 1000000]")
    if not 1 <= args.workers <= 64 or not 1 <= args.batch <= 10_000:
        parser.error("--workers must be in [1, 64] and --batch in [1, 10000]")
    return args


def run(args: argparse.Namespace) -> Results:
    """Measure every part `args` asks for, in a temporary folder removed at the end."""
    results = Results(cohort=make_cohort(args.cohort, seed=args.seed))
    with tempfile.TemporaryDirectory(prefix="credential-bench-") as workdir:
        signed_path = str(Path(workdir) / "signed.jsonl")
        if args.only == "reference":
            print(f"Signing {args.cohort} credentials for the reference stack (not timed)…")
            _sign_untimed(results.cohort, signed_path)
        else:
            _run_ours(results, args, signed_path)
        signed = _read(signed_path)
    samples = signed[:CROSS_CHECKED] + [c for r in _full_workers(results) for c in r.samples]
    if args.only == "ours":
        results.problems = tuple(cross_check(None, results.cohort, samples))
    else:
        _run_reference(results, args, signed, samples)
    return results


def _run_ours(results: Results, args: argparse.Namespace, signed_path: str) -> None:
    """Steps 1 to 3: ours issuing and verifying on one process each, then on `--workers`."""
    spawn = multiprocessing.get_context("spawn")  # fresh processes: their memory is their own
    cohort = results.cohort
    print(f"Ours: issuing {cohort.size} credentials in one process…", flush=True)
    with _watched("ours issuing", results.others):
        results.ours_issuing = _in_process(spawn, issue_part, cohort, 0, cohort.size, signed_path)
    print("Ours: verifying them in one process…", flush=True)
    with _watched("ours verifying", results.others):
        results.ours_verifying = _in_process(spawn, verify_file, cohort, signed_path)
    if args.full_cohort:
        with _watched("ours on several processes", results.others):
            results.full = _full_run(spawn, cohort, args)


def _run_reference(
    results: Results, args: argparse.Namespace, signed: list[dict], samples: list[dict]
) -> None:
    """Step 4 and the cross-checks; without node or its packages, say how to install them."""
    try:
        with _watched("the reference stack", results.others), ReferenceStack() as stack:
            print(f"Reference stack: issuing and verifying {len(signed)} credentials…", flush=True)
            results.reference = run_reference(stack, results.cohort, signed, batch=args.batch)
            results.problems = tuple(cross_check(stack, results.cohort, samples))
    except HarnessNotInstalled as error:
        how = "" if INSTALL_COMMAND in str(error) else f" Then run `{INSTALL_COMMAND}`."
        results.reference_skipped = f"{error}{how}"
        results.problems = tuple(cross_check(None, results.cohort, samples))


@contextlib.contextmanager
def _watched(part: str, others: dict[str, float]):
    """Record in `others[part]` the share of the cores that processes other than this one
    and its children (reaped by the end of the block) used while the block ran."""
    started, busy, ours = time.monotonic(), processes.machine_busy_seconds(), _cpu_of_ours()
    yield
    wall = time.monotonic() - started
    used = processes.machine_busy_seconds() - busy - (_cpu_of_ours() - ours)
    others[part] = max(used, 0.0) / (wall * (os.cpu_count() or 1)) if wall else 0.0


def _cpu_of_ours() -> float:
    """CPU seconds of this process and of its children that have ended and been waited for."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )


def _in_process(spawn, function, *arguments):
    """`function(*arguments)` run in a new process of its own, which ends afterwards."""
    with spawn.Pool(processes=1) as pool:
        return pool.apply(function, arguments)


def _full_run(spawn, cohort: Cohort, args: argparse.Namespace) -> FullRun:
    """The full cohort (`cohort`'s learners and more) split between `--workers` new processes,
    each issuing its share."""
    cohort = replace(cohort, size=args.full_cohort)
    bounds = [args.full_cohort * n // args.workers for n in range(args.workers + 1)]
    shares = [(cohort, bounds[n], bounds[n + 1]) for n in range(args.workers)]
    print(f"Ours: issuing {cohort.size} credentials on {args.workers} processes…", flush=True)
    started = time.monotonic()
    with spawn.Pool(processes=args.workers) as pool:
        runs = pool.starmap(issue_part, shares, chunksize=1)
        wall = time.monotonic() - started
    return FullRun(tuple(runs), wall)


def _full_workers(results: Results) -> tuple[IssueRun, ...]:
    return results.full.workers if results.full is not None else ()


def _sign_untimed(cohort: Cohort, path: str) -> None:
    issuer, key = cohort_issuer(), cohort.keys[SCHOOL]
    with open(path, "w", encoding="utf-8") as out:
        for number in range(cohort.size):
            out.write(json.dumps(issuer.issue(cohort.content(number), key)) + "\n")


def _read(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _stop_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the pools' and node's cleanup


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    try:
        results = run(args)
    except KeyboardInterrupt:
        print("Interrupted; every process was stopped.", file=sys.stderr)
        return 130
    except RuntimeError as error:  # the reference stack refused a request, or died
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 2
    print_report(results, args)
    return 1 if results.is_wrong_work else 0


if __name__ == "__main__":
    sys.exit(main())
