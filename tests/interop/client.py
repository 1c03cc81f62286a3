"""ReferenceStack: the JavaScript reference stack (tests/interop/harness.mjs) driven from Python.

One `node harness.mjs` process serves every request of a ReferenceStack, one JSON line each way.
At start-up it receives the JSON-LD contexts that adapters/credentials/document_loader.py ships,
read from that module, so the two stacks resolve exactly the same URLs to the same files and
nothing else. The benchmarks use it too: see tests/interop/README.md.
"""

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.credentials import terms
from adapters.credentials.document_loader import CONTEXT_DIR, VENDORED_CONTEXTS
from adapters.credentials.keys import public_key_multibase, raw_private_key

HARNESS_DIR = Path(__file__).parent
HARNESS = HARNESS_DIR / "harness.mjs"
NODE_MODULES = HARNESS_DIR / "node_modules"
INSTALL_COMMAND = "npm ci --prefix tests/interop --no-audit --no-fund"
_STOP_SECONDS = 10


class HarnessNotInstalled(RuntimeError):
    """Node.js or the harness's npm packages are missing: the message says how to install them."""


class ReferenceStackError(RuntimeError):
    """The reference stack answered a request with an error; `error` is its JSON description."""

    def __init__(self, op: str, error: dict):
        self.op = op
        self.error = error
        super().__init__(f"{op}: {'; '.join(_messages(error))}")


@dataclass(frozen=True)
class Multikey:
    """An Ed25519 key pair as Multikey strings, as the reference stack takes it."""

    public_key_multibase: str
    secret_key_multibase: str

    @classmethod
    def of(cls, private_key: Ed25519PrivateKey) -> "Multikey":
        """The Multikey form of `private_key` (secret: 0x80 0x26 header and the 32-byte seed)."""
        secret = terms.ED25519_PRIVATE_KEY_HEADER + raw_private_key(private_key)
        return cls(
            public_key_multibase=public_key_multibase(private_key.public_key()),
            secret_key_multibase=terms.MULTIBASE_BASE58BTC
            + base58.b58encode(secret).decode("ascii"),
        )

    def as_json(self) -> dict:
        return {
            "publicKeyMultibase": self.public_key_multibase,
            "secretKeyMultibase": self.secret_key_multibase,
        }


@dataclass(frozen=True)
class Verification:
    """The reference stack's verdict on one credential.

    `statuses` has one entry per credentialStatus entry checked (statusPurpose, statusListIndex,
    statusListCredential, `set`: the bit of the list); vc counts a credential whose bit is set
    as verified, so a caller that cares about revocation reads `statuses`.
    """

    verified: bool
    errors: tuple[str, ...]
    statuses: tuple[dict, ...]

    @classmethod
    def from_json(cls, answer: dict) -> "Verification":
        return cls(answer["verified"], tuple(answer["errors"]), tuple(answer["statuses"]))


@dataclass(frozen=True)
class Batch:
    """Per-item results of `issue_many`/`verify_many`, and the time the batch took in node."""

    results: tuple
    elapsed_ms: float


def is_installed() -> bool:
    """True when `npm ci` has run in tests/interop and a `node` is on the PATH."""
    return NODE_MODULES.is_dir() and shutil.which("node") is not None


def shipped_contexts() -> dict[str, dict]:
    """Every context the tool ships, URL -> parsed JSON, read as document_loader.py reads them."""
    return {
        url: json.loads((CONTEXT_DIR / filename).read_text(encoding="utf-8"))
        for url, filename in VENDORED_CONTEXTS.items()
    }


class ReferenceStack:
    """A running `node harness.mjs`: start it with `with ReferenceStack() as stack:`.

    Each method sends one request and returns its answer; an error answer raises
    ReferenceStackError, a missing installation HarnessNotInstalled, and a harness that dies or
    does not answer within `timeout` seconds RuntimeError (with what node wrote to stderr).
    """

    def __init__(self, *, timeout: float = 120, contexts: Mapping[str, dict] | None = None):
        self._timeout = timeout
        self._contexts = dict(contexts) if contexts is not None else shipped_contexts()
        self._process: subprocess.Popen | None = None
        self._answers: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._next_id = 0

    def __enter__(self) -> "ReferenceStack":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        """Start node and send it the contexts; raises HarnessNotInstalled when it cannot."""
        node = shutil.which("node")
        if node is None:
            raise HarnessNotInstalled("Node.js (`node`) is not on the PATH; install Node.js 20+.")
        if not NODE_MODULES.is_dir():
            raise HarnessNotInstalled(
                f"The reference stack is not installed in {HARNESS_DIR}: run `{INSTALL_COMMAND}` "
                "from the repository root (`make test` does it)."
            )
        # A file, not a pipe: node may write much to stderr and nobody reads it until a failure.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self._process = subprocess.Popen(  # noqa: S603 - node and our own harness, no shell
            [node, str(HARNESS)],
            cwd=HARNESS_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )
        reader = threading.Thread(target=self._read, args=(self._process.stdout,), daemon=True)
        reader.start()
        self._reader = reader
        self.request("contexts", contexts=self._contexts)

    def stop(self) -> None:
        """Close node's input, so it ends; kill it if it does not within a few seconds."""
        process, self._process = self._process, None
        if process is None:
            return
        process.stdin.close()
        try:
            process.wait(timeout=_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._reader.join(timeout=_STOP_SECONDS)
        process.stdout.close()
        self._stderr.close()

    def request(self, op: str, **fields) -> dict:
        """The `result` of one request `op` with `fields`; raises as the class says."""
        if self._process is None:
            raise RuntimeError("The reference stack is not running; use it in a `with` block.")
        with self._lock:
            self._next_id += 1
            line = json.dumps({"id": self._next_id, "op": op, **fields}, ensure_ascii=True)
            try:
                self._process.stdin.write(line + "\n")
                self._process.stdin.flush()
                answer = self._answers.get(timeout=self._timeout)
            except (BrokenPipeError, queue.Empty):
                answer = None
            if answer is None:
                raise RuntimeError(
                    f"The reference stack did not answer {op}: {self._stderr_text()}"
                )
        if answer.get("id") != self._next_id:
            raise RuntimeError(f"The reference stack answered out of turn: {answer!r:.200}")
        if not answer["ok"]:
            raise ReferenceStackError(op, answer["error"])
        return answer["result"]

    def versions(self) -> dict[str, str]:
        """The versions of node and of every package of the stack, as installed."""
        return self.request("versions")

    def canonize(self, document: dict, *, documents: Mapping[str, dict] | None = None) -> str:
        """RDFC-1.0 N-Quads by jsonld.canonize in safe mode, as the cryptosuite signs them."""
        return self.request("canonize", document=document, documents=dict(documents or {}))[
            "nquads"
        ]

    def verify(
        self,
        credential: dict,
        *,
        documents: Mapping[str, dict] | None = None,
        now: datetime | None = None,
    ) -> Verification:
        """vc.verifyCredential with eddsa-rdfc-2022 for assertionMethod (and status if any)."""
        fields = _common(documents, now)
        return Verification.from_json(self.request("verify", credential=credential, **fields))

    def verify_many(
        self,
        credentials: Sequence[dict],
        *,
        documents: Mapping[str, dict] | None = None,
        now: datetime | None = None,
    ) -> Batch:
        """`verify` of each credential, in one request; results are Verifications."""
        fields = _common(documents, now)
        answer = self.request("verify_many", credentials=list(credentials), **fields)
        results = tuple(Verification.from_json(item) for item in answer["results"])
        return Batch(results, answer["elapsedMs"])

    def issue(
        self,
        credential: dict,
        *,
        key: Multikey,
        verification_method: str,
        created: datetime | None = None,
        documents: Mapping[str, dict] | None = None,
        now: datetime | None = None,
    ) -> dict:
        """`credential` signed by vc.issue with an eddsa-rdfc-2022 DataIntegrityProof."""
        fields = _signing(key, verification_method, created) | _common(documents, now)
        return self.request("issue", credential=credential, **fields)["credential"]

    def issue_many(
        self,
        credentials: Sequence[dict],
        *,
        key: Multikey,
        verification_method: str,
        created: datetime | None = None,
        documents: Mapping[str, dict] | None = None,
        now: datetime | None = None,
        return_credentials: bool = True,
    ) -> Batch:
        """`issue` of each credential by one key, in one request.

        Results are dicts {"ok": True, "credential": ...} (without "credential" when
        `return_credentials` is False, to time signing alone) or {"ok": False, "error": ...}.
        """
        fields = _signing(key, verification_method, created) | _common(documents, now)
        answer = self.request(
            "issue_many",
            credentials=list(credentials),
            returnCredentials=return_credentials,
            **fields,
        )
        return Batch(tuple(answer["results"]), answer["elapsedMs"])

    def _read(self, stdout) -> None:
        for line in stdout:
            self._answers.put(json.loads(line))
        self._answers.put(None)

    def _stderr_text(self) -> str:
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace").strip()
        return text[-2000:] or "(nothing on stderr)"


def _common(documents: Mapping[str, dict] | None, now: datetime | None) -> dict:
    fields: dict = {"documents": dict(documents or {})}
    if now is not None:
        fields["now"] = now.isoformat()
    return fields


def _signing(key: Multikey, verification_method: str, created: datetime | None) -> dict:
    fields: dict = {"key": key.as_json(), "verificationMethod": verification_method}
    if created is not None:
        fields["created"] = created.isoformat()
    return fields


def _messages(error: dict) -> list[str]:
    inner = [message for child in error.get("errors", ()) for message in _messages(child)]
    return [error.get("message", "?"), *inner]
