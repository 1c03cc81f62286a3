"""Ob3CredentialVerifier: eight checks on any submitted document, each explained in plain words.

The checks run in this order: format, proof, issuer, signature, dates, status, endorsements,
completeness. Each needs the ones before it (the signature needs the issuer's key, the key needs
a proof that names it, a status list is trusted only when signed by the issuer the signature
confirmed, what a credential states counts only once its signature holds, and so on), so the
first check that fails ends the run: every later check is still listed, as failed, with the
message "Not checked because …". A report therefore always has the same eight checks.
The co-awarding bodies' endorsements are verified like credentials of their own
(endorsements.py); completeness is whether the credential states every mandatory element of
Annex I of the EU Recommendation on micro-credentials (completeness.py).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jsonschema import Draft202012Validator

from adapters.credentials import terms
from adapters.credentials.completeness import missing_annex_i_elements
from adapters.credentials.data_integrity import proof_of, verify_proof
from adapters.credentials.datetimes import from_xsd
from adapters.credentials.did import DidResolver, assertion_method
from adapters.credentials.document_loader import DEFAULT_LOADER, StaticDocumentLoader
from adapters.credentials.endorsements import check_endorsements
from adapters.credentials.errors import (
    CanonicalizationError,
    CredentialError,
    EndorsementError,
    MalformedProofError,
    RelativeIriError,
    RemoteContextError,
    SignatureMismatchError,
    UndefinedTermError,
)
from adapters.credentials.keys import public_key_from_multibase
from adapters.credentials.schema_conformance import schema_problem
from adapters.credentials.status_check import StatusChecker, StatusCheckFailed
from adapters.credentials.summary import credential_summary
from lti_tool.domain.verification import Check, VerificationReport

CHECKS = (
    "format",
    "proof",
    "issuer",
    "signature",
    "dates",
    "status",
    "endorsements",
    "completeness",
)
DEFAULT_MAX_BYTES = 1_000_000
_SCHEMA = Draft202012Validator(
    json.loads(
        (Path(__file__).parent / "schemas" / "ob3-achievement-credential.schema.json").read_text(
            encoding="utf-8"
        )
    )
)
_MAX_FORMAT_PROBLEMS = 3
_CREDENTIAL_TYPES = {terms.OPEN_BADGE_CREDENTIAL, terms.ACHIEVEMENT_CREDENTIAL}
_WHY_NOT_CHECKED = {
    "format": "the document is not a readable credential",
    "proof": "the credential carries no signature this verifier accepts",
    "issuer": "the issuer and its key could not be confirmed",
    "signature": "the signature is not valid",
    "dates": "the credential is not valid at this date",
    "status": "the credential's status does not allow it",
    "endorsements": "an endorsement of the credential is not valid",
}


class _Failed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class _Run:
    """What one verification has learnt so far, passed from each check to the next."""

    raw: object
    document: dict | None = None
    proof: dict | None = None
    did_document: dict | None = None
    public_key: Ed25519PublicKey | None = None


class Ob3CredentialVerifier:
    """Checks an OB3 credential signed with eddsa-rdfc-2022 by an issuer identified by a DID.

    `now` gives the current time (timezone-aware); `max_bytes` bounds the JSON size accepted.
    `status` reads revocation and suspension lists; without it, a credential that names a
    status list fails the status check, since its status cannot be known.
    """

    def __init__(
        self,
        *,
        resolver: DidResolver,
        now: Callable[[], datetime],
        loader: StaticDocumentLoader = DEFAULT_LOADER,
        max_bytes: int = DEFAULT_MAX_BYTES,
        status: StatusChecker | None = None,
    ):
        self._resolver = resolver
        self._now = now
        self._loader = loader
        self._max_bytes = max_bytes
        self._status = status

    def verify(self, document: object) -> VerificationReport:
        """The report of every check on `document` (a parsed JSON object, or its JSON text).

        Never raises, whatever it is given: each problem becomes a failed check.
        """
        run = _Run(raw=document)
        steps = (
            self._format,
            self._proof,
            self._issuer,
            self._signature,
            self._dates,
            self._status_check,
            self._endorsements,
            self._completeness,
        )
        checks: list[Check] = []
        failed: str | None = None
        for name, step in zip(CHECKS, steps, strict=True):
            if failed is not None:
                reason = f"Not checked because {_WHY_NOT_CHECKED[failed]}."
                checks.append(Check(name, False, reason))
                continue
            try:
                checks.append(Check(name, True, step(run)))
            except _Failed as failure:
                checks.append(Check(name, False, failure.message))
                failed = name
            except Exception:  # the promise is a report, never an exception: see the docstring
                checks.append(Check(name, False, "This check could not be completed."))
                failed = name
        return VerificationReport(checks=tuple(checks), summary=_safe_summary(run.document))

    def _format(self, run: _Run) -> str:
        run.document = self._as_json_object(run.raw)
        problems = _format_problems(run.document)
        if problems:
            raise _Failed(
                "This is not a valid Open Badges 3.0 credential: " + "; ".join(problems) + "."
            )
        return "The document is an Open Badges 3.0 credential with all the required parts."

    def _as_json_object(self, raw: object) -> dict:
        """A pure-JSON copy of `raw` (or of the JSON text `raw`), within the size limit."""
        too_large = f"The document is larger than {self._max_bytes // 1000} kB."
        if isinstance(raw, str | bytes | bytearray):
            if len(raw) > self._max_bytes:
                raise _Failed(too_large)
            try:
                raw = json.loads(raw)
            except (ValueError, RecursionError):
                raise _Failed("This is not a credential: the text is not valid JSON.") from None
        if not isinstance(raw, dict):
            raise _Failed(f"This is not a credential: expected a JSON object, got {_kind(raw)}.")
        try:
            text = json.dumps(raw, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            raise _Failed("This is not a credential: it holds values JSON cannot carry.") from None
        except RecursionError:
            raise _Failed("This is not a credential: it is nested too deeply.") from None
        if len(text.encode("utf-8")) > self._max_bytes:
            raise _Failed(too_large)
        return json.loads(text)

    def _proof(self, run: _Run) -> str:
        try:
            run.proof = proof_of(run.document)
        except CredentialError as error:
            raise _Failed(f"The credential's signature is not accepted: {error.message}") from None
        return "The credential carries one digital signature of an accepted kind (eddsa-rdfc-2022)."

    def _issuer(self, run: _Run) -> str:
        issuer = run.document["issuer"]
        issuer_id = issuer["id"]
        method_id = run.proof["verificationMethod"]
        if method_id.split("#", 1)[0] != issuer_id:
            raise _Failed("The credential was signed with a key that is not its issuer's.")
        try:
            did_document = self._resolver.resolve(issuer_id)
            if did_document.get("id") != issuer_id:
                raise _Failed("The issuer's DID document describes someone else.")
            method = assertion_method(did_document, method_id)
            run.did_document = did_document
        except CredentialError as error:
            raise _Failed(f"The issuer could not be confirmed: {error.message}") from None
        if method.get("controller") != issuer_id:
            raise _Failed("The key that signed is controlled by someone other than the issuer.")
        if method.get("type") != terms.MULTIKEY:
            raise _Failed("The issuer's key is of a kind this verifier does not support.")
        try:
            run.public_key = public_key_from_multibase(method.get("publicKeyMultibase"))
        except CredentialError:
            raise _Failed("The issuer's key is not an Ed25519 key this verifier can use.") from None
        name = issuer.get("name")
        named = f"{name} ({issuer_id})" if isinstance(name, str) and name else issuer_id
        return f"The issuer {named} has published the key that signed this credential."

    def _signature(self, run: _Run) -> str:
        try:
            verify_proof(run.document, public_key=run.public_key, loader=self._loader)
        except SignatureMismatchError:
            raise _Failed(
                "The signature does not match: the credential was changed after it was signed, "
                "or it was signed with another key."
            ) from None
        except RemoteContextError as error:
            raise _Failed(
                "The credential relies on an outside definition (JSON-LD context) that this "
                f"verifier does not trust, so its signature cannot be checked. {error.message}"
            ) from None
        except (UndefinedTermError, RelativeIriError) as error:
            raise _Failed(
                f"The credential contains data its signature does not cover. {error.message}"
            ) from None
        except (CanonicalizationError, MalformedProofError) as error:
            raise _Failed(f"The signature could not be checked. {error.message}") from None
        return "The signature is valid: nothing in the credential changed since it was signed."

    def _dates(self, run: _Run) -> str:
        now = self._aware_now()
        valid_from = from_xsd(run.document["validFrom"])
        if valid_from > now:
            raise _Failed(f"This credential is not valid yet: it is valid from {_day(valid_from)}.")
        if "validUntil" not in run.document:
            return f"The credential is valid from {_day(valid_from)} and does not expire."
        valid_until = from_xsd(run.document["validUntil"])
        if valid_until is None:
            raise _Failed("The credential's expiry date (validUntil) is not a valid date.")
        if valid_until < now:
            raise _Failed(f"This credential expired on {_day(valid_until)}.")
        return f"The credential is valid from {_day(valid_from)} until {_day(valid_until)}."

    def _status_check(self, run: _Run) -> str:
        if "credentialStatus" in run.document and self._status is None:
            raise _Failed("This verifier cannot read status lists, so the status is unknown.")
        if self._status is None:
            return "The credential has no status entry, so its issuer cannot revoke or suspend it."
        try:
            return self._status.check(
                run.document, did_document=run.did_document, now=self._aware_now()
            )
        except StatusCheckFailed as error:
            raise _Failed(error.message) from None

    def _endorsements(self, run: _Run) -> str:
        try:
            return check_endorsements(
                run.document, resolver=self._resolver, now=self._aware_now(), loader=self._loader
            )
        except EndorsementError as error:
            raise _Failed(error.message) from None

    def _completeness(self, run: _Run) -> str:
        missing = missing_annex_i_elements(run.document)
        if missing:
            raise _Failed(
                "The credential does not state every element the EU Recommendation on "
                "micro-credentials requires (Annex I). Missing: "
                + "; ".join(element.value for element in missing)
                + "."
            )
        return "The credential states every mandatory element of an EU micro-credential."

    def _aware_now(self) -> datetime:
        now = self._now()
        return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def _format_problems(document: dict) -> list[str]:
    """What the document lacks of an OB3 AchievementCredential: the essentials in plain words,
    else the first few gaps our schema of the data model finds
    (schemas/ob3-achievement-credential.schema.json), each with where it is."""
    problems = _essential_problems(document)
    if problems:
        return problems
    errors = sorted(_SCHEMA.iter_errors(document), key=lambda error: list(error.absolute_path))
    return [schema_problem(error) for error in errors[:_MAX_FORMAT_PROBLEMS]]


def _essential_problems(document: dict) -> list[str]:
    problems = []
    context = document.get("@context")
    if not (isinstance(context, list) and context and context[0] == terms.VC_V2_CONTEXT):
        problems.append(f"its @context must be a list starting with {terms.VC_V2_CONTEXT}")
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    if terms.VERIFIABLE_CREDENTIAL not in types or not _CREDENTIAL_TYPES & {
        type_ for type_ in types if isinstance(type_, str)
    }:
        problems.append("its type must include VerifiableCredential and OpenBadgeCredential")
    issuer = document.get("issuer")
    if not (isinstance(issuer, dict) and isinstance(issuer.get("id"), str) and issuer["id"]):
        problems.append("it does not say who issued it (issuer with an id)")
    if from_xsd(document.get("validFrom")) is None:
        problems.append("it has no valid issue date (validFrom)")
    subject = document.get("credentialSubject")
    if not (isinstance(subject, dict) and isinstance(subject.get("achievement"), dict)):
        problems.append("it does not describe an achievement (credentialSubject.achievement)")
    return problems


def _safe_summary(document: dict | None) -> dict[str, str]:
    try:
        return credential_summary(document) if document is not None else {}
    except Exception:  # a summary is a courtesy; a report must come back regardless
        return {}


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool | int | float):
        return "a number or true/false"
    return "something else"


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d")
