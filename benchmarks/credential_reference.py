"""The JavaScript reference stack's side of the credential benchmark, and the cross-checks.

The reference stack (tests/interop/harness.mjs: Digital Bazaar's vc, data-integrity and
eddsa-rdfc-2022) runs in one node process, on one core: node runs JavaScript on one thread. It
signs the same unsigned credentials with the same key and `created` as ours, and verifies the
credentials ours signed, with the same DID documents and status lists. Its rates come from the
`elapsedMs` node measures around its own loop (no JSON, no pipe), summed over batches; batches
keep the requests' JSON, which node must hold as text and parsed, from inflating its memory.
"""

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from adapters.credentials.keys import unseal_private_key
from benchmarks.cohort import SCHOOL, Cohort, cohort_sealer, unsigned, verifier_for
from tests.interop.client import Multikey, ReferenceStack
from tests.interop.tool_credentials import CHECKED_AT, ISSUED_AT

WARMUP_CREDENTIALS = 50


@dataclass(frozen=True)
class ReferenceRun:
    """The reference stack's issuing and verifying of the cohort, and its node's peak memory."""

    issued: int
    issue_seconds: float
    issue_peak_mb: float  # node's peak after issuing
    verified: int
    verify_count: int
    verify_seconds: float
    peak_mb: float  # node's peak after verifying too
    first_failure: str | None
    versions: dict


def run_reference(
    stack: ReferenceStack, cohort: Cohort, signed: Sequence[dict], *, batch: int
) -> ReferenceRun:
    """Warm the stack up, then time it issuing the unsigned forms of `signed` and verifying
    `signed` itself; raises RuntimeError when it refuses to issue one."""
    node = _node_pid()
    documents = cohort.documents()
    signing = _signing(cohort)
    warmup = list(signed[:WARMUP_CREDENTIALS])
    stack.verify_many(warmup, documents=documents, now=CHECKED_AT)
    stack.issue_many([unsigned(c) for c in warmup], **signing, return_credentials=False)
    issued, issue_ms = 0, 0.0
    for part in _batches(signed, batch):
        answer = stack.issue_many([unsigned(c) for c in part], **signing, return_credentials=False)
        refused = [item.get("error") for item in answer.results if not item["ok"]]
        if refused:
            raise RuntimeError(f"The reference stack refused to issue: {refused[0]}")
        issued += len(answer.results)
        issue_ms += answer.elapsed_ms
    issue_peak = _peak_mb(node)
    verified, verify_ms, first_failure = 0, 0.0, None
    for part in _batches(signed, batch):
        answer = stack.verify_many(part, documents=documents, now=CHECKED_AT)
        verify_ms += answer.elapsed_ms
        for result in answer.results:
            if result.verified and not any(status["set"] for status in result.statuses):
                verified += 1
            elif first_failure is None:
                first_failure = "; ".join(result.errors) or f"a status bit is set: {result}"
    return ReferenceRun(
        issued=issued,
        issue_seconds=issue_ms / 1000,
        issue_peak_mb=issue_peak,
        verified=verified,
        verify_count=len(signed),
        verify_seconds=verify_ms / 1000,
        peak_mb=_peak_mb(node),
        first_failure=first_failure,
        versions=stack.versions(),
    )


def cross_check(stack: ReferenceStack | None, cohort: Cohort, samples: Sequence[dict]) -> list[str]:
    """Problems found when each stack checks the other's work on `samples` (signed by ours):
    ours verify in the reference stack, the reference stack signs their unsigned forms
    byte for byte as ours did, and what it signs verifies in ours; a changed credential fails
    in both. Empty when all is well."""
    verifier = verifier_for(cohort)
    changed = [_changed(c) for c in samples[:2]]
    problems = [
        f"ours refuses its own {c['id']}" for c in samples if not verifier.verify(c).verified
    ] + [f"ours accepts a changed {c['id']}" for c in changed if verifier.verify(c).verified]
    if stack is None:
        return problems
    refused = stack.verify_many(changed, documents=cohort.documents(), now=CHECKED_AT)
    problems += [
        f"the reference stack accepts a changed {c['id']}"
        for c, result in zip(changed, refused.results, strict=True)
        if result.verified
    ]
    checked = stack.verify_many(samples, documents=cohort.documents(), now=CHECKED_AT)
    problems += [
        f"the reference stack refuses {c['id']}: {'; '.join(result.errors)}"
        for c, result in zip(samples, checked.results, strict=True)
        if not result.verified
    ]
    theirs = stack.issue_many([unsigned(c) for c in samples], **_signing(cohort))
    for ours, item in zip(samples, theirs.results, strict=True):
        if not item["ok"]:
            problems.append(f"the reference stack cannot sign {ours['id']}: {item['error']}")
        # The same proof: ours is a list of one, as OB3's schema types `proof` (decision 10).
        elif json.dumps(
            {**item["credential"], "proof": [item["credential"]["proof"]]}, sort_keys=True
        ) != json.dumps(ours, sort_keys=True):
            problems.append(f"the reference stack signs {ours['id']} differently from ours")
        elif not verifier.verify(item["credential"]).verified:
            problems.append(f"ours refuses the reference stack's {ours['id']}")
    return problems


def _changed(credential: dict) -> dict:
    """A copy of `credential` naming another learner, its proof unchanged: it must fail."""
    changed = json.loads(json.dumps(credential))
    identifier = changed["credentialSubject"]["identifier"][0]
    identifier["identityHash"] = identifier["identityHash"] + " Jr"
    return changed


def _signing(cohort: Cohort) -> dict:
    """The key, verification method and `created` the reference stack signs with, as ours."""
    private_key = unseal_private_key(cohort.keys[SCHOOL], sealer=cohort_sealer())
    return {
        "key": Multikey.of(private_key),
        "verification_method": f"{cohort.issuer_did}#{cohort.keys[SCHOOL].key_id}",
        "created": ISSUED_AT,
    }


def _batches(items: Sequence[dict], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _node_pid() -> int | None:
    """The pid of the reference stack's node, a child of this process running harness.mjs."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            command = (entry / "cmdline").read_bytes()
        except OSError:  # the process ended meanwhile
            continue
        if parent == me and b"harness.mjs" in command:
            return int(entry.name)
    return None


def _peak_mb(pid: int | None) -> float:
    """The peak resident set size (VmHWM) of process `pid` so far, in MB; 0 if unknown."""
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
