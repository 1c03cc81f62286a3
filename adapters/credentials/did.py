"""DIDs of issuers: did:web names and documents for our organisations, and resolution of any DID.

did:web: https://w3c-ccg.github.io/did-method-web/ (DID -> https URL of did.json).
did:key: https://w3c-ccg.github.io/did-method-key/ (the Ed25519 public key is the DID).
"""

import ipaddress
import json
from collections.abc import Callable, Sequence
from urllib.parse import quote, unquote, urlsplit

import requests

from adapters.credentials import terms
from adapters.credentials.errors import DidResolutionError, KeyFormatError
from adapters.credentials.keys import public_key_from_multibase
from lti_tool.domain.keys import SigningKey

MAX_DID_DOCUMENT_BYTES = 100 * 1024
_MAX_DID_CHARS = 2048
_FORBIDDEN_IN_HOST = set("/\\@?#[] \t\r\n")


def did_web_for(base_url: str, *path: str) -> str:
    """The did:web of `path` under `base_url` (its scheme is dropped; did:web always means https).

    Base "http://127.0.0.1:5000" with path ("orgs", "demo-vet-school") gives
    "did:web:127.0.0.1%3A5000:orgs:demo-vet-school".
    Raises ValueError when `base_url` has no host.
    """
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"The base URL {base_url!r} has no host name.")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    segments = [segment for segment in parts.path.split("/") if segment] + list(path)
    return terms.DID_WEB_PREFIX + ":".join([host] + [quote(s, safe="") for s in segments])


def did_web_document_url(did: str) -> str:
    """The https URL of a did:web's DID document; raises DidResolutionError for a malformed DID.

    A DID with no path is served at /.well-known/did.json, one with a path at <path>/did.json.
    """
    if not isinstance(did, str) or not did.startswith(terms.DID_WEB_PREFIX):
        raise DidResolutionError("This is not a did:web identifier.")
    if len(did) > _MAX_DID_CHARS or any(char in did for char in "#?/"):
        raise DidResolutionError("The did:web identifier is malformed.")
    host, *segments = did[len(terms.DID_WEB_PREFIX) :].split(":")
    host = unquote(host)
    path = [unquote(segment) for segment in segments]
    if not host or _FORBIDDEN_IN_HOST & set(host) or not all(path) or _has_dot_segment(path):
        raise DidResolutionError("The did:web identifier is malformed.")
    if not path:
        return f"https://{host}/.well-known/did.json"
    return f"https://{host}/" + "/".join(quote(segment, safe="") for segment in path) + "/did.json"


def did_document(did: str, keys: Sequence[SigningKey]) -> dict:
    """The DID document of `did` listing every key given, for assertions and authentication.

    Every key is listed, rotated-out ones too, so credentials signed with an older key keep
    verifying (https://www.w3.org/TR/did-core/#verification-methods).
    """
    methods = [
        {
            "id": f"{did}#{key.key_id}",
            "type": terms.MULTIKEY,
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
    ]
    method_ids = [method["id"] for method in methods]
    return {
        "@context": [terms.DID_V1_CONTEXT, terms.MULTIKEY_V1_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": list(method_ids),
        "authentication": list(method_ids),
    }


def did_key_document(did: str) -> dict:
    """The DID document of an Ed25519 did:key, built without network; raises DidResolutionError."""
    multibase = did[len(terms.DID_KEY_PREFIX) :] if did.startswith(terms.DID_KEY_PREFIX) else ""
    try:
        public_key_from_multibase(multibase)
    except KeyFormatError:
        raise DidResolutionError("This did:key is not an Ed25519 key.") from None
    method_id = f"{did}#{multibase}"
    return {
        "@context": [terms.DID_V1_CONTEXT, terms.MULTIKEY_V1_CONTEXT],
        "id": did,
        "verificationMethod": [
            {
                "id": method_id,
                "type": terms.MULTIKEY,
                "controller": did,
                "publicKeyMultibase": multibase,
            }
        ],
        "assertionMethod": [method_id],
        "authentication": [method_id],
    }


def assertion_method(document: dict, method_id: str) -> dict:
    """The verification method `method_id` of `document`, if listed in its assertionMethod.

    Raises DidResolutionError when it is not listed there or its key material is not given.
    """
    listed = document.get("assertionMethod")
    listed = listed if isinstance(listed, list) else []
    embedded = [m for m in listed if isinstance(m, dict) and m.get("id") == method_id]
    if not embedded and method_id not in listed:
        raise DidResolutionError("The key that signed is not listed for making assertions.")
    methods = document.get("verificationMethod")
    methods = methods if isinstance(methods, list) else []
    found = embedded or [m for m in methods if isinstance(m, dict) and m.get("id") == method_id]
    if not found:
        raise DidResolutionError("The key that signed is not described in the DID document.")
    return found[0]


class DidResolver:
    """Finds the DID document of a DID: ours without HTTP, did:web over HTTPS, did:key offline.

    `local_documents(did)` returns the document of a DID this deployment hosts, or None.
    """

    def __init__(
        self,
        *,
        local_documents: Callable[[str], dict | None],
        session: requests.Session,
        timeout: float = 5,
    ):
        self._local_documents = local_documents
        self._session = session
        self._timeout = timeout

    def resolve(self, did: str) -> dict:
        """The DID document of `did`; raises DidResolutionError saying why it cannot be had."""
        if not isinstance(did, str) or not did.startswith("did:") or len(did) > _MAX_DID_CHARS:
            raise DidResolutionError("The issuer is not identified by a DID.")
        local = self._local_documents(did)
        if local is not None:
            return local
        if did.startswith(terms.DID_KEY_PREFIX):
            return did_key_document(did)
        if did.startswith(terms.DID_WEB_PREFIX):
            return self._fetch_did_web(did)
        method = did.split(":")[1] if did.count(":") >= 2 else ""
        raise DidResolutionError(
            f"DIDs of the method {method[:30]!r} cannot be resolved; only did:web and did:key can."
        )

    def _fetch_did_web(self, did: str) -> dict:
        url = did_web_document_url(did)
        _refuse_internal_host(urlsplit(url).hostname or "")
        try:
            with self._session.get(
                url,
                timeout=self._timeout,
                stream=True,
                allow_redirects=False,
                headers={"Accept": "application/did+json, application/json"},
            ) as response:
                if response.status_code != 200:
                    raise DidResolutionError(
                        f"The issuer's DID document could not be fetched "
                        f"(HTTP {response.status_code} from {url})."
                    )
                body = _read_limited(response)
        except requests.RequestException:
            raise DidResolutionError(
                f"The issuer's website could not be reached ({url})."
            ) from None
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):
            raise DidResolutionError(f"The issuer's DID document at {url} is not JSON.") from None
        if not isinstance(document, dict) or document.get("id") != did:
            raise DidResolutionError(f"The DID document at {url} is not the issuer's.")
        return document


def _read_limited(response: requests.Response) -> bytes:
    body = bytearray()
    for chunk in response.iter_content(chunk_size=16 * 1024):
        body.extend(chunk)
        if len(body) > MAX_DID_DOCUMENT_BYTES:
            raise DidResolutionError("The issuer's DID document is larger than 100 kB.")
    return bytes(body)


def _refuse_internal_host(host: str) -> None:
    """Refuse loopback, private and link-local hosts: a credential must not make us probe them."""
    if host == "localhost" or host.endswith(".localhost"):
        raise DidResolutionError("The issuer's DID points at this computer.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    if not address.is_global:
        raise DidResolutionError("The issuer's DID points at a private network address.")


def _has_dot_segment(path: list[str]) -> bool:
    return any(segment in (".", "..") for segment in path)
