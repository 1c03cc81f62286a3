"""RDFC-1.0 canonical N-Quads of a JSON-LD document, refusing anything a signature would not cover.

JSON-LD silently drops what it cannot map to RDF: a key no context defines (VC 2.0 has no
`@vocab`, see shared/standards/EU-ELEMENTS.md §0 finding 1), a type no context defines, a
relative `id`. Dropped data is not in the N-Quads, so a Data Integrity signature would not cover
it while a reader of the JSON still sees it. `canonize` therefore expands the document, reports
every dropped key (pyld's `on_property_dropped` hook, which sees keys at every depth and under
type-scoped contexts, because it runs inside expansion with the active context of that node),
then walks the expanded form and refuses any property, type or identifier that is not an
absolute IRI. pyld's default base (http://example.org/base/) is never used: expansion runs with
no base, so a relative IRI stays relative and is refused instead of being quietly resolved.

pyld escapes literals as the older URDNA2015 did (only tab, newline, return, quote and
backslash), so a name holding another control character would be signed over bytes no
conformant verifier produces. RDFC-1.0 writes canonical N-Quads (§4.3, test rdfc10/test060):
BS, HT, LF, FF, CR, quote and backslash as ECHAR, the other C0 controls and DEL as UCHAR with
upper-case hex. `pyld.nquads.escape`, which every pyld N-Quads serialiser calls, is replaced
by that escaping when this module is imported (pyld is pinned, decision 2).

All of the above is the full path, about 5-10 ms a credential. `canonize` runs it once for each
document shape, learns the shape's quads as a template and fills that template for the next
documents of the shape, about 0.4 ms (fast_rdf.py); what a template cannot show for certain
goes the full path again, so the bytes and the refusals are the same.
"""

import re

import pyld.nquads
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

from adapters.credentials.document_loader import DEFAULT_LOADER, StaticDocumentLoader
from adapters.credentials.errors import (
    CanonicalizationError,
    CredentialError,
    RelativeIriError,
    UndefinedTermError,
)
from adapters.credentials.fast_rdf import CheckedPath, SkeletonCache

# An absolute IRI: a scheme, then no character that N-Quads' IRIREF forbids
# (https://www.w3.org/TR/n-quads/#grammar-production-IRIREF) nor any Unicode white space (\s),
# which pyld's to_rdf takes as "not an IRI", dropping the node's every quad from the signature.
_ABSOLUTE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x20<>"{}|^`\\]*')
_BLANK_NODE = re.compile(r"_:[^\s\x00-\x20<>\"{}|^`\\]+")
# RDFC-1.0 canonical N-Quads escaping of literals (see the module docstring).
_ESCAPED = re.compile(r'[\x00-\x1f\x7f"\\]')
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
# Work limits against "poison" graphs, as RDFC-1.0 §4.4 asks of implementations
# (https://www.w3.org/TR/rdf-canon/#dataset-poisoning). Credentials need neither in practice.
_MAX_N_DEGREE_HASHES = 500
_MAX_INDISTINGUISHABLE_NODES = 5
_MAX_QUADS = 20000
_MAX_DEPTH = 100  # JSON levels; an OB3 credential with endorsements needs about 12
_MAX_SHOWN = 120
_N_QUADS = {"format": "application/n-quads"}


def canonize(
    document: dict, *, loader: StaticDocumentLoader = DEFAULT_LOADER, full: bool = False
) -> str:
    """The RDFC-1.0 canonical N-Quads of `document`, contexts served by `loader` alone.

    Raises RemoteContextError for a context URL the loader does not ship, UndefinedTermError for
    a key or type no context defines, RelativeIriError for an identifier that is not an absolute
    IRI, and CanonicalizationError for anything else that is not valid JSON-LD or too costly.
    Documents of a shape seen before are filled into its template (fast_rdf.py), which gives
    the same bytes or the same error; `full` forces the full path, for tests that prove it.
    """
    if full:
        return _canonize_full(document, loader)
    return _TEMPLATES.canonize(document, loader)


def _canonize_full(document: dict, loader: StaticDocumentLoader) -> str:
    dataset = _dataset(expand(document, loader=loader), loader)
    try:
        return _BoundedRdfc10().main(dataset, _N_QUADS)
    except RecursionError:
        raise CanonicalizationError("The document is nested too deeply.") from None


def _dataset(expanded: list, loader: StaticDocumentLoader) -> dict:
    """pyld's RDF dataset of a checked expanded form; raises if it is too large."""
    try:
        dataset = jsonld.JsonLdProcessor().to_rdf(expanded, _options(loader))
    except jsonld.JsonLdError as error:
        raise _translated(error) from None
    except RecursionError:
        raise CanonicalizationError("The document is nested too deeply.") from None
    if sum(len(triples) for triples in dataset.values()) > _MAX_QUADS:
        raise CanonicalizationError("The document is too large to canonicalise.")
    return dataset


def expand(document: dict, *, loader: StaticDocumentLoader = DEFAULT_LOADER) -> list:
    """The JSON-LD expanded form of `document`, with the checks of `canonize`; raises as it does."""
    if not isinstance(document, dict):
        raise CanonicalizationError("A JSON-LD document must be a JSON object.")
    _check_size(document)
    dropped: list[str | None] = []
    try:
        expanded = jsonld.JsonLdProcessor(on_property_dropped=dropped.append).expand(
            document, _options(loader)
        )
    except jsonld.JsonLdError as error:
        raise _translated(error) from None
    except RecursionError:
        raise CanonicalizationError("The document is nested too deeply.") from None
    if dropped:
        raise _undefined_term(document, dropped[0])
    _check_expanded(expanded)
    return expanded


def _options(loader: StaticDocumentLoader) -> dict:
    return {
        "base": None,  # never pyld's default base: relative IRIs stay relative and are refused
        "documentLoader": loader,
        "contextResolver": ContextResolver(loader.resolved_contexts, loader),
        "processingMode": "json-ld-1.1",
        "extractAllScripts": False,
    }


def _translated(error: jsonld.JsonLdError) -> CredentialError:
    """Our own error inside pyld's chain (the loader's refusal) or a readable JSON-LD error."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, CredentialError):
            return cause
        cause = cause.__cause__
    reason = getattr(error, "code", None) or getattr(error, "type", None) or "invalid JSON-LD"
    return CanonicalizationError(f"The document is not valid JSON-LD ({reason}).")


def _undefined_term(document: dict, term: str | None) -> UndefinedTermError:
    if term is None:
        return UndefinedTermError(
            "The document uses a property that its contexts map to nothing, so a signature "
            "would not cover it."
        )
    where = _path_of_key(document, term)
    at = f" (at {where})" if where else ""
    return UndefinedTermError(
        f"The term {_shown(term)}{at} is not defined by any JSON-LD context of the document, "
        "so a signature would not cover it."
    )


def _check_expanded(value) -> None:
    """Refuse properties, types and identifiers of the expanded form that RDF would drop."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if "@value" in item:
                _check_datatype(item.get("@type"))
                if "@direction" in item:
                    # pyld drops a base direction from RDF (it has no rdfDirection option).
                    raise CanonicalizationError(
                        "The document gives a text a base direction (@direction), which this "
                        "tool cannot sign or check."
                    )
                continue
            for key, child in item.items():
                _check_entry(key, child, stack)


def _check_entry(key: str, child, stack: list) -> None:
    if key == "@id":
        if not (_is_iri(child) or _is_blank_node(child)):
            raise RelativeIriError(
                f"The identifier {_shown(child)} is not an absolute IRI, so a signature would "
                "not cover it."
            )
    elif key == "@type":
        for type_ in child:
            if not (_is_iri(type_) or _is_blank_node(type_)):
                raise UndefinedTermError(
                    f"The type {_shown(type_)} is not defined by any JSON-LD context of the "
                    "document, so a signature would not cover it."
                )
    elif key == "@reverse":
        for reverse_key, reverse_value in child.items():
            _check_entry(reverse_key, reverse_value, stack)
    elif key in ("@list", "@graph", "@included"):
        stack.append(child)
    elif key.startswith("@"):
        return
    elif not _is_iri(key):
        raise UndefinedTermError(
            f"The property {_shown(key)} does not map to an absolute IRI, so a signature would "
            "not cover it."
        )
    else:
        stack.append(child)


def _check_datatype(datatype) -> None:
    if datatype is not None and datatype != "@json" and not _is_iri(datatype):
        raise UndefinedTermError(
            f"The value type {_shown(datatype)} is not defined by any JSON-LD context of the "
            "document, so a signature would not cover it."
        )


def _check_size(document: dict) -> None:
    """Refuse, before pyld spends minutes on it, a document too deep or with too many values.

    A credential has a few hundred JSON values, so more than `_MAX_QUADS` of them is refused
    as it would be after conversion to RDF; the walk needs no recursion, so depth cannot crash it.
    """
    stack: list[tuple[object, int]] = [(document, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > _MAX_DEPTH:
            raise CanonicalizationError("The document is nested too deeply.")
        if count > _MAX_QUADS:
            raise CanonicalizationError("The document is too large to canonicalise.")
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)


def _is_iri(value) -> bool:
    return isinstance(value, str) and _ABSOLUTE_IRI.fullmatch(value) is not None


def _is_blank_node(value) -> bool:
    return isinstance(value, str) and _BLANK_NODE.fullmatch(value) is not None


def _path_of_key(document: dict, key: str) -> str | None:
    """The dotted path of the first place `key` appears in `document`, for error messages."""
    stack: list[tuple[object, str]] = [(document, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if key in node:
                return f"{path}.{key}" if path else key
            for name, child in node.items():
                if name != "@context":
                    stack.append((child, f"{path}.{name}" if path else str(name)))
        elif isinstance(node, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(node))
    return None


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def escape_literal(value: str) -> str:
    """A literal's characters as RDFC-1.0's canonical N-Quads write them."""
    if _ESCAPED.search(value) is None:
        return value
    return _ESCAPED.sub(lambda match: _ECHAR.get(match[0]) or f"\\u{ord(match[0]):04X}", value)


pyld.nquads.escape = escape_literal


class _BoundedRdfc10(URDNA2015):
    """pyld's URDNA2015 (= RDFC-1.0) with a work limit, so a crafted graph cannot run forever."""

    def __init__(self):
        super().__init__()
        self._n_degree_hashes = 0

    def hash_n_degree_quads(self, id_, issuer):
        self._n_degree_hashes += 1
        if self._n_degree_hashes > _MAX_N_DEGREE_HASHES:
            raise CanonicalizationError("The document is too costly to canonicalise.")
        return super().hash_n_degree_quads(id_, issuer)

    def create_hash_to_related(self, id_, issuer):
        hash_to_related = super().create_hash_to_related(id_, issuer)
        if any(len(nodes) > _MAX_INDISTINGUISHABLE_NODES for nodes in hash_to_related.values()):
            raise CanonicalizationError("The document is too costly to canonicalise.")
        return hash_to_related


_TEMPLATES = SkeletonCache(
    CheckedPath(
        full=_canonize_full,
        expand=lambda document, loader: expand(document, loader=loader),
        to_dataset=_dataset,
        labeller=_BoundedRdfc10,
        is_iri=_is_iri,
        escape=escape_literal,
    )
)


def uses_template(document: dict, *, loader: StaticDocumentLoader = DEFAULT_LOADER) -> bool:
    """True when `canonize` fills a proven template for `document` instead of running pyld
    (for the tests and the benchmarks that show the fast path is the one taken)."""
    return _TEMPLATES.has_template(document, loader)
