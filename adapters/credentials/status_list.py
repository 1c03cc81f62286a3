"""W3C Bitstring Status List v1.0: the entries credentials carry, the signed list credential.

https://www.w3.org/TR/vc-bitstring-status-list/. Every term used here is defined by the VC 2.0
context itself (BitstringStatusListCredential, BitstringStatusList with encodedList and
statusPurpose, BitstringStatusListEntry), so a list needs no other context and canonical.py
covers all of it.
"""

import base64
import binascii
import gzip
import re
import zlib

from adapters.credentials import terms
from adapters.credentials.data_integrity import add_proof
from adapters.credentials.datetimes import to_xsd
from adapters.credentials.document_loader import DEFAULT_LOADER, StaticDocumentLoader
from adapters.credentials.errors import CredentialError, IssuingError, KeyFormatError
from adapters.credentials.keys import public_key_multibase, unseal_private_key
from adapters.sealing import KeySealer
from lti_tool.domain.keys import SigningKey
from lti_tool.domain.status import MIN_LIST_ENTRIES, StatusEntry, StatusListContent

# --- Spec terms: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry ------
STATUS_LIST_ENTRY = "BitstringStatusListEntry"
# https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
STATUS_LIST_CREDENTIAL = "BitstringStatusListCredential"
STATUS_LIST = "BitstringStatusList"
# Multibase prefix "u" = base64url without padding: https://www.w3.org/TR/cid-1.0/#multibase-0
MULTIBASE_BASE64URL = "u"
# The fragment naming the list inside its credential, as in the spec's examples ("…/3#list").
LIST_FRAGMENT = "#list"

# The largest list accepted when decoding: 2 MiB of bits (16,777,216 entries). A GZIP bomb of a
# few kilobytes could otherwise expand to gigabytes.
MAX_DECODED_BYTES = 2 * 1024 * 1024
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class StatusListFormatError(CredentialError):
    """An encodedList is not multibase base64url of a GZIP-compressed bitstring of a usable size."""

    default_message = "The status list is not a valid encoded bitstring."


def encode_list(bits: bytes) -> str:
    """The encodedList of `bits`: "u" + base64url (no padding) of the GZIP-compressed bytes.

    mtime is fixed at 0 so that one list always encodes the same way.
    """
    compressed = gzip.compress(bits, compresslevel=9, mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_list(
    encoded: object,
    *,
    min_entries: int = MIN_LIST_ENTRIES,
    max_bytes: int = MAX_DECODED_BYTES,
) -> bytes:
    """The bitstring of an encodedList; raises StatusListFormatError saying what is wrong.

    Refuses anything but multibase base64url of one complete GZIP member, and a bitstring shorter
    than `min_entries` entries or longer than `max_bytes` bytes once decompressed.
    """
    if not isinstance(encoded, str) or not encoded.startswith(MULTIBASE_BASE64URL):
        raise StatusListFormatError(
            "Its encodedList is not multibase base64url text (it must start with “u”)."
        )
    text = encoded[1:].rstrip("=")
    if len(text) > max_bytes * 2 or not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        raise StatusListFormatError("Its encodedList is not valid base64url.")
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise StatusListFormatError("Its encodedList is not valid base64url.") from None
    bits = _gunzip(compressed, max_bytes)
    if len(bits) * 8 < min_entries:
        raise StatusListFormatError(
            f"The list has {len(bits) * 8:,} entries; a status list needs at least "
            f"{min_entries:,}, so that no credential's status stands out."
        )
    return bits


def _gunzip(compressed: bytes, max_bytes: int) -> bytes:
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP only, no raw deflate
    try:
        bits = decompressor.decompress(compressed, max_bytes + 1)
    except zlib.error:
        raise StatusListFormatError("Its encodedList is not GZIP-compressed data.") from None
    if len(bits) > max_bytes:
        raise StatusListFormatError(
            f"The list is larger than {max_bytes // 1024 // 1024} MiB once decompressed."
        )
    if not decompressor.eof or decompressor.unused_data:
        raise StatusListFormatError("Its encodedList is not one complete GZIP stream.")
    return bits


def status_entry(entry: StatusEntry) -> dict:
    """The credentialStatus entry of `entry`: a BitstringStatusListEntry.

    Its `id` is the list URL with the index as fragment: OB3 requires an id, and the spec says
    it must not be the list's own URL.
    """
    return {
        "id": f"{entry.list_url}#{entry.index}",
        "type": STATUS_LIST_ENTRY,
        "statusPurpose": entry.purpose.value,
        "statusListIndex": str(entry.index),
        "statusListCredential": entry.list_url,
    }


def build_status_list_credential(content: StatusListContent) -> dict:
    """The unsigned BitstringStatusListCredential of `content`; raises IssuingError when its
    time has no time zone."""
    try:
        valid_from = to_xsd(content.issued_at)
    except ValueError as error:
        raise IssuingError(str(error)) from None
    return {
        "@context": [terms.VC_V2_CONTEXT],
        "id": content.list_url,
        "type": [terms.VERIFIABLE_CREDENTIAL, STATUS_LIST_CREDENTIAL],
        "issuer": content.issuer_did,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": content.list_url + LIST_FRAGMENT,
            "type": STATUS_LIST,
            "statusPurpose": content.purpose.value,
            "encodedList": encode_list(content.bits),
        },
    }


class BitstringStatusListIssuer:
    """Signs status list credentials with an organisation's key (eddsa-rdfc-2022).

    The key must be one of the DID that issued the credentials in the list: verifiers require
    the list's issuer to be the credential's issuer.
    """

    def __init__(self, *, sealer: KeySealer, loader: StaticDocumentLoader = DEFAULT_LOADER):
        self._sealer = sealer
        self._loader = loader

    def issue(self, content: StatusListContent, key: SigningKey) -> dict:
        """The signed BitstringStatusListCredential; proof by "<issuer DID>#<key_id>".

        Raises SealingError when the key cannot be unsealed and KeyFormatError when the sealed
        key is not the published one.
        """
        document = build_status_list_credential(content)
        private_key = unseal_private_key(key, sealer=self._sealer)
        if public_key_multibase(private_key.public_key()) != key.public_key_multibase:
            raise KeyFormatError(
                f"The sealed key {key.key_id!r} does not match the public key published for it."
            )
        return add_proof(
            document,
            private_key=private_key,
            verification_method=f"{content.issuer_did}#{key.key_id}",
            created=content.issued_at,
            loader=self._loader,
        )
