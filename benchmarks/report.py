"""The launch benchmark's report: a table of both setups, the CPU they used, and the targets."""

import argparse
import os
from collections.abc import Sequence

TARGET_LAUNCHES_PER_SECOND = 300
TARGET_P95_MS = 50

_NAMES = {
    "ours": "ours (microVET tool)",
    "baseline": "baseline (pylti1p3)",
}
_COLUMNS = (
    ("setup", 21),
    ("launches", 9),
    ("launches/s", 11),
    ("p50 ms", 8),
    ("p95 ms", 8),
    ("errors", 7),
    ("| CPU ms/launch: tool", 21),
    ("key set", 8),
    ("load gen", 9),
    ("other", 6),
)
BUSY_MACHINE_SHARE = 0.10  # above this share of the cores used by others, the run is suspect


def print_report(results: Sequence, args: argparse.Namespace) -> None:
    """Print what was measured, the table, the errors seen and whether ours meets its targets."""
    print()
    for line in _header(args):
        print(line)
    print()
    print(_row(name for name, _ in _COLUMNS))
    for result in results:
        print(_row(_cells(result)))
    print()
    for line in _notes(results, args):
        print(line)


def _header(args: argparse.Namespace) -> list[str]:
    threads = f", {args.threads} threads each" if args.worker_class == "gthread" else ""
    database = "SQLite" if args.database == "sqlite" else "PostgreSQL (a fresh schema)"
    return [
        f"LTI 1.3 launches on 127.0.0.1, {os.cpu_count()} cores: gunicorn with {args.workers} "
        f"{args.worker_class} workers{threads}; {args.concurrency} virtual users; "
        f"{args.warmup:g} s warm-up, then {args.seconds:g} s measured per setup; "
        f"ours on {database}.",
        "A launch = POST /lti/login (302 to the platform's auth.php) + the platform signs the "
        "id_token (RS256, not timed) + POST /lti/launch (302 to /teacher/ or /learner/).",
        "Latency = the two round trips to the tool. Error = any other answer or a failed "
        "connection.",
    ]


def _cells(result) -> list[str]:
    phase = result.phase
    launches = max(len(phase.latencies), 1)
    p50, p95 = phase.percentile_ms(50), phase.percentile_ms(95)
    return [
        _NAMES.get(result.name, result.name),
        str(len(phase.latencies)),
        f"{phase.launches_per_second:.1f}",
        "-" if p50 is None else f"{p50:.1f}",
        "-" if p95 is None else f"{p95:.1f}",
        str(sum(phase.errors.values())),
        f"{1000 * result.tool_cpu / launches:.2f}",
        f"{1000 * result.key_set_cpu / launches:.2f}",
        f"{1000 * result.load_cpu / launches:.2f}",
        f"{1000 * result.other_cpu / launches:.2f}",
    ]


def _row(cells) -> str:
    parts = []
    for (name, width), cell in zip(_COLUMNS, cells, strict=True):
        parts.append(cell.ljust(width) if name == "setup" else cell.rjust(width))
    return " ".join(parts)


def _notes(results: Sequence, args: argparse.Namespace) -> list[str]:
    notes = [
        "CPU ms/launch: tool = gunicorn master and workers; key set = the platform's JWKS "
        "server; load gen = this process (virtual users and the platform's id_token signing); "
        "other = every other process of the machine"
        + (", PostgreSQL's included" if args.database == "postgresql" else "")
        + ". All of them share the same cores."
    ]
    for result in results:
        if result.phase.errors:
            notes.append(f"Errors of {result.name}: {dict(result.phase.errors.most_common(5))}")
        notes += _busy_machine_warning(result, args)
    ours = next((result for result in results if result.name == "ours"), None)
    if ours is not None:
        notes += _verdict(ours)
    return notes


def _verdict(ours) -> list[str]:
    phase = ours.phase
    rate, p95 = phase.launches_per_second, phase.percentile_ms(95)
    rate_met = rate >= TARGET_LAUNCHES_PER_SECOND
    p95_met = p95 is not None and p95 < TARGET_P95_MS
    lines = [
        f"Ours against its targets: >= {TARGET_LAUNCHES_PER_SECOND} launches/s: "
        f"{'MET' if rate_met else 'MISSED'} ({rate:.1f}/s); p95 < {TARGET_P95_MS} ms: "
        f"{'MET' if p95_met else 'MISSED'} ({'-' if p95 is None else f'{p95:.1f} ms'})"
        f"; errors: {sum(phase.errors.values())}.",
    ]
    if phase.latencies and ours.tool_cpu:
        ceiling = (os.cpu_count() or 1) * len(phase.latencies) / ours.tool_cpu
        lines.append(
            f"With the cores to itself (no load generator, no key set server), the tool's own "
            f"CPU time would allow about {ceiling:.0f} launches/s."
        )
    return lines


def _busy_machine_warning(result, args: argparse.Namespace) -> list[str]:
    """A warning when other processes took a share of the cores while `result` was measured."""
    capacity = result.phase.elapsed * (os.cpu_count() or 1)
    share = result.other_cpu / capacity if capacity else 0.0
    if share <= BUSY_MACHINE_SHARE:
        return []
    if result.name == "ours" and args.database == "postgresql":
        return [f"PostgreSQL and other processes used {share:.0%} of the cores for ours."]
    return [
        f"Warning: other processes used {share:.0%} of the cores while {result.name} was "
        "measured, so its figures are lower than on an idle machine: run it again when idle."
    ]
