"""The status check of a verification: find each status list a credential names, trust it only
when the credential's issuer signed it, and read the credential's bit.

https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm, with the checks of the
1EdTech validator and Digital Bazaar's verifier (shared/standards/EU-ELEMENTS.md §4): the list
verifies, is a BitstringStatusListCredential of a BitstringStatusList, has the entry's purpose,
was issued by the credential's issuer, is long enough, and holds the index.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from adapters.credentials import terms
from adapters.credentials.data_integrity import proof_of, verify_proof
from adapters.credentials.datetimes import from_xsd
from adapters.credentials.did import assertion_method
from adapters.credentials.document_loader import DEFAULT_LOADER, StaticDocumentLoader
from adapters.credentials.errors import CredentialError, SignatureMismatchError
from adapters.credentials.keys import public_key_from_multibase
from adapters.credentials.status_fetch import StatusListFetcher, StatusListUnavailable
from adapters.credentials.status_list import (
    STATUS_LIST,
    STATUS_LIST_CREDENTIAL,
    STATUS_LIST_ENTRY,
    StatusListFormatError,
    decode_list,
)
from lti_tool.domain.status import MIN_LIST_ENTRIES, StatusPurpose, bit_at

_MAX_INDEX_DIGITS = 12
_MAX_SHOWN = 200
_WHETHER = {
    StatusPurpose.REVOCATION: "whether the credential was revoked",
    StatusPurpose.SUSPENSION: "whether the credential is suspended",
}


class StatusCheckFailed(CredentialError):
    """The credential is revoked or suspended, or its status could not be confirmed."""

    default_message = "The credential's status could not be confirmed."


@dataclass(frozen=True)
class _Entry:
    purpose: StatusPurpose
    index: int
    list_url: str


class StatusChecker:
    """Reads a credential's revocation and suspension bits from lists its issuer signed."""

    def __init__(
        self,
        *,
        fetcher: StatusListFetcher,
        loader: StaticDocumentLoader = DEFAULT_LOADER,
        min_entries: int = MIN_LIST_ENTRIES,
    ):
        self._fetcher = fetcher
        self._loader = loader
        self._min_entries = min_entries

    def check(self, credential: dict, *, did_document: dict, now: datetime) -> str:
        """What the status lists say when the credential is neither revoked nor suspended.

        `did_document` is the issuer's, already resolved for the credential's own signature.
        Raises StatusCheckFailed when it is revoked or suspended (saying since when, where
        known), and when a list cannot be had or trusted (saying why).
        """
        entries = _entries(credential.get("credentialStatus"))
        if not entries:
            return "The credential has no status entry, so its issuer cannot revoke or suspend it."
        issuer_id = credential["issuer"]["id"]
        suspended: str | None = None
        # Revocation first: a revoked credential is reported as such, whatever else is wrong.
        for entry in sorted(entries, key=lambda e: e.purpose != StatusPurpose.REVOCATION):
            when = self._when_set(entry, issuer_id, did_document, now)
            if when is not None and entry.purpose == StatusPurpose.REVOCATION:
                raise StatusCheckFailed(f"This credential was revoked by its issuer {when}.")
            suspended = suspended or when
        if suspended is not None:
            raise StatusCheckFailed(
                f"This credential was suspended by its issuer {suspended}; it is not valid "
                "unless the issuer reinstates it."
            )
        purposes = " and ".join(sorted({entry.purpose.value for entry in entries}))
        return f"The credential is not revoked or suspended: its issuer's {purposes} lists say so."

    def _when_set(
        self, entry: _Entry, issuer_id: str, did_document: dict, now: datetime
    ) -> str | None:
        """None when the entry's bit is clear, else "on <day>" or "on or before <day>"."""
        shown = _shown(entry.list_url)
        try:
            published = self._fetcher.fetch(entry.list_url, entry.index)
        except StatusListUnavailable as error:
            raise StatusCheckFailed(
                f"The status list at {shown} could not be fetched ({error.message}), so "
                f"{_WHETHER[entry.purpose]} cannot be confirmed."
            ) from None
        try:
            bits, valid_from = self._trusted_bits(
                published.document, entry, issuer_id, did_document, now
            )
        except StatusCheckFailed as error:
            raise StatusCheckFailed(
                f"The status list at {shown} cannot be trusted. {error.message} So "
                f"{_WHETHER[entry.purpose]} cannot be confirmed."
            ) from None
        if entry.index >= len(bits) * 8:
            raise StatusCheckFailed(
                f"The credential's place in the status list at {shown} ({entry.index}) is "
                f"beyond its end ({len(bits) * 8:,} entries), so {_WHETHER[entry.purpose]} "
                "cannot be confirmed."
            )
        if not bit_at(bits, entry.index):
            return None
        if published.entry_set_at is not None:
            return f"on {_day(published.entry_set_at)}"
        return f"on or before {_day(valid_from)}" if valid_from else "at some time"

    def _trusted_bits(
        self, document: dict, entry: _Entry, issuer_id: str, did_document: dict, now: datetime
    ) -> tuple[bytes, datetime | None]:
        if document.get("id") != entry.list_url:
            raise StatusCheckFailed("It is not the list the credential names (its id differs).")
        if not {terms.VERIFIABLE_CREDENTIAL, STATUS_LIST_CREDENTIAL} <= _types(document):
            raise StatusCheckFailed(f"It is not a {STATUS_LIST_CREDENTIAL}.")
        issuer = document.get("issuer")
        if (issuer.get("id") if isinstance(issuer, dict) else issuer) != issuer_id:
            raise StatusCheckFailed("It was issued by someone other than the credential's issuer.")
        subject = document.get("credentialSubject")
        if not isinstance(subject, dict) or STATUS_LIST not in _types(subject):
            raise StatusCheckFailed(f"Its subject is not a {STATUS_LIST}.")
        purposes = subject.get("statusPurpose")
        purposes = purposes if isinstance(purposes, list) else [purposes]
        if entry.purpose.value not in purposes:
            raise StatusCheckFailed(f"It is not a list for {entry.purpose.value}.")
        self._verify_signature(document, issuer_id, did_document)
        valid_from = from_xsd(document.get("validFrom"))
        if "validFrom" in document and (valid_from is None or valid_from > now):
            raise StatusCheckFailed("It is not valid yet (validFrom).")
        if "validUntil" in document:
            valid_until = from_xsd(document["validUntil"])
            if valid_until is None or valid_until < now:
                raise StatusCheckFailed("It has expired (validUntil), and no newer one was found.")
        try:
            bits = decode_list(subject.get("encodedList"), min_entries=self._min_entries)
        except StatusListFormatError as error:
            raise StatusCheckFailed(error.message) from None
        return bits, valid_from

    def _verify_signature(self, document: dict, issuer_id: str, did_document: dict) -> None:
        try:
            method_id = proof_of(document)["verificationMethod"]
            if method_id.split("#", 1)[0] != issuer_id:
                raise StatusCheckFailed(
                    "It was signed by someone other than the credential's issuer."
                )
            method = assertion_method(did_document, method_id)
            if method.get("controller") != issuer_id or method.get("type") != terms.MULTIKEY:
                raise StatusCheckFailed("It was signed with a key the issuer does not control.")
            key = public_key_from_multibase(method.get("publicKeyMultibase"))
            verify_proof(document, public_key=key, loader=self._loader)
        except SignatureMismatchError:
            raise StatusCheckFailed(
                "Its signature does not match: it was changed after its issuer signed it."
            ) from None
        except StatusCheckFailed:
            raise
        except CredentialError as error:
            raise StatusCheckFailed(f"Its signature cannot be checked. {error.message}") from None


def _entries(value: object) -> list[_Entry]:
    """The credential's status entries; raises StatusCheckFailed for any this cannot check."""
    if value is None:
        return []
    listed = value if isinstance(value, list) else [value]
    return [_entry(item) for item in listed]


def _entry(item: object) -> _Entry:
    if not isinstance(item, dict) or STATUS_LIST_ENTRY not in _types(item):
        raise StatusCheckFailed(
            f"The credential's status is not a {STATUS_LIST_ENTRY}, the only kind this "
            "verifier can check."
        )
    try:
        purpose = StatusPurpose(item.get("statusPurpose"))
    except ValueError:
        raise StatusCheckFailed(
            f"The credential has a status entry for {_shown(repr(item.get('statusPurpose')))}; "
            "this verifier checks revocation and suspension only."
        ) from None
    index = item.get("statusListIndex")
    if (
        not (isinstance(index, str) and index.isascii() and index.isdigit())
        or len(index) > _MAX_INDEX_DIGITS
    ):
        raise StatusCheckFailed(
            "The credential's status entry has no valid statusListIndex (a whole number "
            "written as text)."
        )
    url = item.get("statusListCredential")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise StatusCheckFailed("The credential's status entry does not name its list's URL.")
    if item.get("statusSize", 1) != 1:
        raise StatusCheckFailed(
            "The credential's status entry uses several bits per entry (statusSize), which this "
            "verifier does not support."
        )
    return _Entry(purpose, int(index), url)


def _types(value: dict) -> set:
    types = value.get("type")
    return {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}


def _shown(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d")
