"""The credential benchmark's report: a table of both stacks, the ratios, and the targets."""

import argparse
import os
import platform
from pathlib import Path

TARGET_ISSUING_RATIO = 5.0  # ours per core / the reference's, issuing
TARGET_VERIFYING_RATIO = 2.0
TARGET_FULL_COHORT = 10_000
TARGET_FULL_SECONDS = 10.0
TARGET_FULL_WORKERS = 2
TARGET_PEAK_MB = 300.0
BUSY_MACHINE_SHARE = 0.10  # above this share of the cores used by others, a part is suspect

_COLUMNS = (
    ("setup", 32),
    ("credentials", 11),
    ("issued/s", 9),
    ("verified/s", 10),
    ("peak MB", 8),
    ("| seconds: issuing", 18),
    ("verifying", 9),
)


def print_report(results, args: argparse.Namespace) -> None:
    """Print what was measured, the table, the cross-checks and whether ours meets its targets."""
    print()
    for line in _header(results, args):
        print(line)
    print()
    print(_row(name for name, _ in _COLUMNS))
    for cells in _rows(results):
        print(_row(cells))
    print()
    for line in _notes(results):
        print(line)


def _header(results, args: argparse.Namespace) -> list[str]:
    cohort = results.cohort
    node = results.reference.versions.get("node", "?") if results.reference else "-"
    return [
        f"Machine: {_cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"node {node}.",
        f"Cohort: {cohort.size} learners of one micro-credential (every Annex I element, the "
        "alliance's signed endorsement embedded, a revocation entry), "
        f"eddsa-rdfc-2022, did:web issuer; seed {args.seed}.",
        "Issued = content built and signed (ours: Ob3CredentialIssuer.issue; reference: "
        "vc.issue with the same key and `created`). Verified = every check passed (ours: all "
        "eight checks, status lists and endorsement included; reference: vc.verifyCredential "
        "with checkStatus, no status bit set). Rates are per process, after a warm-up.",
    ]


def _rows(results) -> list[list[str]]:
    rows = []
    issuing, verifying = results.ours_issuing, results.ours_verifying
    if issuing is not None and verifying is not None:
        peak = max(issuing.peak_mb, verifying.peak_mb)
        rows.append(
            [
                "ours (1 process each)",
                str(issuing.count),
                _rate(issuing.count, issuing.seconds),
                _rate(verifying.verified, verifying.seconds),
                f"{peak:.0f}",
                f"{issuing.seconds:.2f}",
                f"{verifying.seconds:.2f}",
            ]
        )
    if results.reference is not None:
        ref = results.reference
        rows.append(
            [
                "reference (JS, 1 node process)",
                str(ref.issued),
                _rate(ref.issued, ref.issue_seconds),
                _rate(ref.verified, ref.verify_seconds),
                f"{ref.peak_mb:.0f}",
                f"{ref.issue_seconds:.2f}",
                f"{ref.verify_seconds:.2f}",
            ]
        )
    if results.full is not None:
        full = results.full
        rows.append(
            [
                f"ours ({len(full.workers)} processes, from start)",
                str(full.count),
                _rate(full.count, full.wall_seconds),
                "-",
                f"{max(r.peak_mb for r in full.workers):.0f}",
                f"{full.wall_seconds:.2f}",
                "-",
            ]
        )
        rows.append(
            [
                f"ours ({len(full.workers)} processes, issuing)",
                str(full.count),
                _rate(full.count, full.issuing_seconds),
                "-",
                "",
                f"{full.issuing_seconds:.2f}",
                "-",
            ]
        )
    return rows


def _notes(results) -> list[str]:
    notes = [
        "peak MB = the largest resident set of the row's processes (ours: each a fresh process, "
        "getrusage; node: VmHWM). 'from start' counts the pool's start (new Python processes, "
        "imports, keys unsealed, warm-up); 'issuing' runs from the first credential to the last."
    ]
    if results.ours_issuing is not None:
        notes.append(
            f"Ours peak MB: issuing {results.ours_issuing.peak_mb:.0f}, verifying "
            f"{results.ours_verifying.peak_mb:.0f}"
            + (
                ", full-run workers " + ", ".join(f"{r.peak_mb:.0f}" for r in results.full.workers)
                if results.full
                else ""
            )
            + "."
        )
    if results.reference is not None:
        notes.append(
            f"Reference node peak MB after issuing {results.reference.issue_peak_mb:.0f}, after "
            f"verifying too {results.reference.peak_mb:.0f} (one process for both)."
        )
    for number, worker in enumerate(_workers(results), start=1):
        notes.append(
            f"Full-run worker {number}: {worker.count} credentials at "
            f"{_rate(worker.count, worker.seconds)}/s, issuing for "
            f"{worker.ended - worker.started:.2f} s."
        )
    if results.reference_skipped:
        notes.append(f"Reference stack skipped: {results.reference_skipped}")
    notes += _busy_machine_warnings(results)
    notes += _failures(results)
    notes += _verdict(results)
    return notes


def _busy_machine_warnings(results) -> list[str]:
    busy = {part: share for part, share in results.others.items() if share > BUSY_MACHINE_SHARE}
    if not busy:
        return []
    shares = ", ".join(f"{share:.0%} during {part}" for part, share in busy.items())
    return [
        f"Warning: other processes used the cores ({shares}), so those figures are lower "
        "than on an idle machine: run it again when the machine is idle."
    ]


def _failures(results) -> list[str]:
    lines = []
    verifying = results.ours_verifying
    if verifying is not None and verifying.verified != verifying.count:
        lines.append(
            f"WRONG WORK: ours verified {verifying.verified} of {verifying.count}; first "
            f"failure: {verifying.first_failure}"
        )
    ref = results.reference
    if ref is not None and ref.verified != ref.verify_count:
        lines.append(
            f"WRONG WORK: the reference verified {ref.verified} of {ref.verify_count}; first "
            f"failure: {ref.first_failure}"
        )
    if results.problems:
        lines.append("CROSS-CHECK FAILED: " + "; ".join(results.problems[:5]))
    else:
        lines.append(
            "Cross-check: sample credentials verify in "
            + (
                "both stacks, the reference signs them byte for byte as ours does, and "
                "changed ones fail in both."
                if ref is not None
                else "ours and changed ones fail (reference stack not run)."
            )
        )
    return lines


def _verdict(results) -> list[str]:
    lines = []
    if results.is_wrong_work:
        lines.append("These figures do not compare the same correct work (see above).")
    ours_i, ours_v, ref = results.ours_issuing, results.ours_verifying, results.reference
    if ours_i is not None and ref is not None:
        issuing = (ours_i.count / ours_i.seconds) / (ref.issued / ref.issue_seconds)
        verifying = (ours_v.verified / ours_v.seconds) / (ref.verified / ref.verify_seconds)
        lines.append(
            _target(
                f"issuing >= {TARGET_ISSUING_RATIO:g}x the reference per core",
                issuing >= TARGET_ISSUING_RATIO,
                f"{issuing:.2f}x",
            )
        )
        lines.append(
            _target(
                f"verifying >= {TARGET_VERIFYING_RATIO:g}x the reference per core",
                verifying >= TARGET_VERIFYING_RATIO,
                f"{verifying:.2f}x",
            )
        )
    elif ours_i is not None:
        lines.append("Ratios to the reference: not judged (the reference stack did not run).")
    if results.full is not None:
        lines += _full_verdict(results.full)
    if ours_i is not None:
        peaks = [ours_i.peak_mb, ours_v.peak_mb] + [r.peak_mb for r in _workers(results)]
        lines.append(
            _target(
                f"peak memory < {TARGET_PEAK_MB:g} MB per process",
                max(peaks) < TARGET_PEAK_MB,
                f"{max(peaks):.0f} MB",
            )
        )
    return lines


def _full_verdict(full) -> list[str]:
    name = (
        f"{TARGET_FULL_COHORT:,} credentials in < {TARGET_FULL_SECONDS:g} s on "
        f"{TARGET_FULL_WORKERS} cores"
    )
    seconds = f"{full.wall_seconds:.2f} s from start, {full.issuing_seconds:.2f} s issuing"
    if full.count >= TARGET_FULL_COHORT and len(full.workers) == TARGET_FULL_WORKERS:
        return [_target(name, full.wall_seconds < TARGET_FULL_SECONDS, seconds)]
    projected = TARGET_FULL_COHORT * full.issuing_seconds / full.count
    return [
        f"Target {name}: NOT JUDGED (ran {full.count:,} on {len(full.workers)} processes: "
        f"{seconds}; at that rate {TARGET_FULL_COHORT:,} would take about {projected:.0f} s of "
        f"issuing). Run --full-cohort {TARGET_FULL_COHORT} --workers {TARGET_FULL_WORKERS}."
    ]


def _target(name: str, met: bool, seen: str) -> str:
    return f"Target {name}: {'MET' if met else 'MISSED'} ({seen})."


def _workers(results) -> tuple:
    return results.full.workers if results.full is not None else ()


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:.1f}" if seconds else "-"


def _row(cells) -> str:
    parts = []
    for (name, width), cell in zip(_COLUMNS, cells, strict=True):
        parts.append(cell.ljust(width) if name == "setup" else cell.rjust(width))
    return " ".join(parts)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"
