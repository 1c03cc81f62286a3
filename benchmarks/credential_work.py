"""What the credential benchmark's own processes do: issue or verify part of a cohort, timed.

Each function runs in a fresh process (multiprocessing's "spawn"), so that its peak memory is
its own: the maximum resident set size of that process, from getrusage. Each builds its issuer
or verifier from the Cohort first, warms it up on credentials outside the cohort (contexts
loaded, caches filled), and then times only the loop over the learners.
"""

import itertools
import json
import resource
import time
from dataclasses import dataclass, field

from benchmarks.cohort import SCHOOL, Cohort, cohort_issuer, verifier_for

WARMUP_CREDENTIALS = 20


@dataclass(frozen=True)
class IssueRun:
    """One process's issuing: how many, in how long, when (time.monotonic), its peak memory."""

    count: int
    seconds: float
    started: float
    ended: float
    peak_mb: float
    samples: tuple[dict, ...] = field(default_factory=tuple)  # a few of its credentials


@dataclass(frozen=True)
class VerifyRun:
    """One process's verifying: how many, how many verified, in how long, its peak memory."""

    count: int
    verified: int
    seconds: float
    peak_mb: float
    first_failure: str | None = None


def issue_part(
    cohort: Cohort, first: int, last: int, path: str | None = None, samples: int = 2
) -> IssueRun:
    """Issue learners `first`..`last - 1`'s credentials with the tool's issuing adapter.

    Timed per credential: building its content and signing it. When `path` is given, each
    credential is also written there as a JSON line (untimed) for the verifying runs.
    """
    issuer, key = cohort_issuer(), cohort.keys[SCHOOL]
    for number in range(cohort.size, cohort.size + WARMUP_CREDENTIALS):
        issuer.issue(cohort.content(number), key)
    kept: list[dict] = []
    seconds = 0.0
    started = time.monotonic()
    with open(path or "/dev/null", "w", encoding="utf-8") as out:
        for number in range(first, last):
            before = time.perf_counter()
            credential = issuer.issue(cohort.content(number), key)
            seconds += time.perf_counter() - before
            if path is not None:
                out.write(json.dumps(credential, ensure_ascii=False) + "\n")
            if len(kept) < samples:
                kept.append(credential)
    ended = time.monotonic()
    return IssueRun(last - first, seconds, started, ended, _peak_mb(), tuple(kept))


def verify_file(cohort: Cohort, path: str) -> VerifyRun:
    """Verify every credential of the JSON-lines file at `path` with the tool's verifier.

    Timed per credential: `verify` on the parsed document (reading the line is not timed).
    """
    verifier = verifier_for(cohort)
    with open(path, encoding="utf-8") as lines:
        warmup = [json.loads(line) for line in itertools.islice(lines, WARMUP_CREDENTIALS)]
    for credential in warmup:
        verifier.verify(credential)
    count = verified = 0
    seconds = 0.0
    first_failure = None
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            credential = json.loads(line)
            before = time.perf_counter()
            report = verifier.verify(credential)
            seconds += time.perf_counter() - before
            count += 1
            if report.verified:
                verified += 1
            elif first_failure is None:
                first_failure = next(c.message for c in report.checks if not c.passed)
    return VerifyRun(count, verified, seconds, _peak_mb(), first_failure)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
