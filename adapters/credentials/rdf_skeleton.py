"""The skeleton of a JSON-LD document: what its RDF depends on, apart from the values at its leaves.

Which IRI, datatype and language each leaf value gets depends on the keys, the @context, the
type values along its path (type-scoped contexts) and the values of terms coerced with @vocab or
@json; a skeleton keeps all of those and puts each other leaf's JSON kind in its place.
Documents with one skeleton therefore have the same RDF but for those leaves, which fast_rdf.py
uses to canonicalise a credential from a template instead of running JSON-LD again.
"""

import json
import secrets
from dataclasses import dataclass, field

from adapters.credentials.document_loader import StaticDocumentLoader

# Tokens of a skeleton; keys are strings, so they never equal one of these.
_STR, _INT, _FLOAT, _TRUE, _FALSE, _NULL, _OPEN, _CLOSE, _OPEN_LIST, _CLOSE_LIST = range(10)
# Keywords whose values are nodes or values to walk; every other keyword's value is kept.
_WALKED_KEYWORDS = frozenset(
    ("@id", "@value", "@list", "@set", "@graph", "@included", "@reverse", "@nest")
)
_RDF_TYPE_SUFFIXES = ("rdf-syntax-ns#type", "rdf:type")
# Markers stand in for the leaves while a template is learnt; the nonce keeps them unguessable.
_NONCE = secrets.token_hex(8)
MARKER_PREFIX = f"urn:x-skeleton-{_NONCE}:"
_INT_MARKER_BASE = 10**14 + secrets.randbelow(10**14)
_FLOAT_MARKER_BASE = 10**9 + secrets.randbelow(10**9) + 0.5


class UnsupportedShape(Exception):
    """The document has something the skeleton cache does not handle: use the full path."""


@dataclass
class ContextTerms:
    """What the contexts a loader served so far say about keys: which keep their values."""

    kept: set[str] = field(default_factory=lambda: {"@context"})
    prefixes: set[str] = field(default_factory=set)
    analysed: set[str] = field(default_factory=set)
    redefines_rdf_type: bool = False

    def add_context(self, url: str, loader: StaticDocumentLoader) -> None:
        """Analyse one context URL (and the contexts it refers to); raises CredentialError
        when the loader does not serve it."""
        pending = [url]
        while pending:
            current = pending.pop()
            if current in self.analysed:
                continue
            self.analysed.add(current)
            pending.extend(self._terms_of(loader(current, {})["document"].get("@context")))

    def _terms_of(self, context) -> list[str]:
        urls: list[str] = []
        stack = [context]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str):
                urls.append(item)
            elif isinstance(item, dict):
                for term, definition in item.items():
                    if term == "@import" and isinstance(definition, str):
                        urls.append(definition)
                    elif not term.startswith("@"):
                        self._define(term, definition, stack)
        return urls

    def _define(self, term: str, definition, stack: list) -> None:
        self.prefixes.add(term)
        target = definition.get("@id") if isinstance(definition, dict) else definition
        if isinstance(target, str):
            if target.startswith("@") and target not in _WALKED_KEYWORDS:
                self.kept.add(term)  # an alias of @type, @language, @index, …
            if target.endswith(_RDF_TYPE_SUFFIXES):
                self.redefines_rdf_type = True
        if isinstance(definition, dict):
            if definition.get("@type") in ("@vocab", "@json"):
                self.kept.add(term)
            if "@context" in definition:
                stack.append(definition["@context"])


def skeleton(document: dict, terms: ContextTerms) -> tuple[tuple, list, set[str]]:
    """The skeleton of `document`, its free leaves in walk order and its context URLs.

    Raises UnsupportedShape for an inline context or a value that is not JSON, and
    RecursionError for a document nested too deeply (the full path refuses both properly).
    """
    tokens: list = []
    leaves: list = []
    urls: set[str] = set()
    token, leaf, kept = tokens.append, leaves.append, terms.kept

    def walk(node) -> None:
        kind = type(node)
        if kind is str:
            token(_STR)
            leaf(node)
        elif kind is dict:
            token(_OPEN)
            for key, value in node.items():
                if type(key) is not str:
                    raise UnsupportedShape
                token(key)
                if key == "@context":
                    token(_context_urls(value, urls))
                elif key in kept or (key[:1] == "@" and key not in _WALKED_KEYWORDS):
                    token(_frozen(value))
                else:
                    walk(value)
            token(_CLOSE)
        elif kind is list:
            token(_OPEN_LIST)
            for item in node:
                walk(item)
            token(_CLOSE_LIST)
        elif kind is int:
            token(_INT)
            leaf(node)
        elif kind is float:
            token(_FLOAT)
            leaf(node)
        elif node is None:
            token(_NULL)
        elif node is True or node is False:
            token(_TRUE if node else _FALSE)
        else:
            raise UnsupportedShape

    walk(document)
    return tuple(tokens), leaves, urls


def with_markers(document: dict, terms: ContextTerms) -> tuple[dict, list]:
    """A copy of `document` with every free leaf replaced by a unique marker of its kind,
    and the markers in the order `skeleton` lists the leaves."""
    markers: list = []
    kept = terms.kept

    def marker_of(value):
        number = len(markers)
        if type(value) is str:
            marker = f"{MARKER_PREFIX}{number}"
        elif type(value) is int:
            marker = _INT_MARKER_BASE + number
        else:
            marker = _FLOAT_MARKER_BASE + number
        markers.append(marker)
        return marker

    def copy(node):
        kind = type(node)
        if kind is dict:
            return {
                key: value
                if key == "@context"
                or key in kept
                or (key[:1] == "@" and key not in _WALKED_KEYWORDS)
                else copy(value)
                for key, value in node.items()
            }
        if kind is list:
            return [copy(item) for item in node]
        if kind in (str, int, float):
            return marker_of(node)
        return node

    return copy(document), markers


def _context_urls(context, urls: set[str]):
    if isinstance(context, str):
        urls.add(context)
        return context
    if isinstance(context, list) and all(isinstance(item, str) for item in context):
        urls.update(context)
        return tuple(context)
    raise UnsupportedShape  # an inline context may define anything: the full path handles it


def _frozen(value):
    """A hashable form of a kept value; JSON text where 1, 1.0 and true must stay apart."""
    if type(value) is str:
        return value
    if type(value) is list and all(type(item) is str for item in value):
        return tuple(value)
    try:
        return (None, json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        raise UnsupportedShape from None
