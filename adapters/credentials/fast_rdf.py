"""Canonical N-Quads from templates learnt once per document skeleton, proven against the full path.

The first document of a skeleton (rdf_skeleton.py) goes the full, checked path: it raises as
canonical.py always has, and gives the bytes. Its template (rdf_template.py) is learnt from the
same checked path with markers at the leaves, and used only once filling it has given the full
path's bytes for a document; from then on documents of that skeleton are filled in. Whatever a
template cannot show for certain (an inline context, a value that is not a plain absolute IRI
where an identifier goes, values pyld would merge differently, colliding hash work limits) goes
the full path again, so both paths give the same bytes or the same error.
"""

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from pyld.canon import URDNA2015

from adapters.credentials.document_loader import StaticDocumentLoader
from adapters.credentials.rdf_skeleton import (
    ContextTerms,
    UnsupportedShape,
    skeleton,
    with_markers,
)
from adapters.credentials.rdf_template import Rendering, Template, learn

_UNSUPPORTED = None  # a skeleton that goes the full path for good


@dataclass(frozen=True)
class CheckedPath:
    """The checked canonicalisation of canonical.py, which every template is learnt from."""

    full: Callable[[dict, StaticDocumentLoader], str]
    expand: Callable[[dict, StaticDocumentLoader], list]
    to_dataset: Callable[[list, StaticDocumentLoader], dict]
    labeller: Callable[[], URDNA2015]
    is_iri: Callable[[str], bool]
    escape: Callable[[str], str]


@dataclass
class _LoaderState:
    terms: ContextTerms = field(default_factory=ContextTerms)
    templates: OrderedDict = field(default_factory=OrderedDict)
    version: int = 0


class SkeletonCache:
    """Canonicalises documents through templates, at most `size` skeletons per loader."""

    def __init__(self, checked: CheckedPath, *, size: int = 256):
        self._checked = checked
        self._size = size
        self._lock = threading.Lock()
        self._states: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def canonize(self, document: dict, loader: StaticDocumentLoader) -> str:
        """The RDFC-1.0 N-Quads of `document`, byte for byte those of the full path, which
        raises for whatever it refuses."""
        state = self._state(loader)
        version = state.version
        try:
            key, leaves, urls = skeleton(document, state.terms)
        except (UnsupportedShape, RecursionError):
            return self._checked.full(document, loader)
        if not urls <= state.terms.analysed:
            return self._analysed_then_full(document, loader, state, urls)
        with self._lock:
            template = state.templates.get(key, False)
            if template is not False:
                state.templates.move_to_end(key)
        if template is False:
            return self._learnt(document, loader, state, key, version)
        if template is _UNSUPPORTED or state.version != version:
            return self._checked.full(document, loader)
        filled = template.fill(leaves)
        if filled is None:
            return self._checked.full(document, loader)
        if not template.verified:
            return self._verified(document, loader, state, key, template, filled)
        return filled

    def has_template(self, document: dict, loader: StaticDocumentLoader) -> bool:
        """True when a proven template of `document`'s skeleton is cached and its values fit."""
        state = self._state(loader)
        try:
            key, leaves, _ = skeleton(document, state.terms)
        except (UnsupportedShape, RecursionError):
            return False
        template = state.templates.get(key)
        return template is not None and template.verified and template.fill(leaves) is not None

    def _state(self, loader: StaticDocumentLoader) -> _LoaderState:
        state = self._states.get(loader)
        if state is None:
            with self._lock:
                state = self._states.setdefault(loader, _LoaderState())
        return state

    def _analysed_then_full(self, document, loader, state: _LoaderState, urls: set) -> str:
        """Analyse the contexts first seen here; the full path canonicalises (or refuses)."""
        result = self._checked.full(document, loader)  # refuses a context the loader lacks
        with self._lock:
            terms = ContextTerms(
                set(state.terms.kept), set(state.terms.prefixes), set(state.terms.analysed)
            )
            terms.redefines_rdf_type = state.terms.redefines_rdf_type
            try:
                for url in sorted(urls - terms.analysed):
                    terms.add_context(url, loader)
            except Exception:  # a context the full path did not need: documents stay on it
                return result
            state.terms, state.version = terms, state.version + 1
            state.templates.clear()
        return result

    def _learnt(self, document, loader, state: _LoaderState, key, version: int) -> str:
        result = self._checked.full(document, loader)
        with self._lock:
            if state.version != version:
                return result
            terms = state.terms
        try:
            template = self._template(document, loader, terms)
        except Exception:  # any surprise means: this skeleton takes the full path
            template = _UNSUPPORTED
        with self._lock:
            if state.version == version:
                state.templates[key] = template
                if len(state.templates) > self._size:
                    state.templates.popitem(last=False)
        if template is not _UNSUPPORTED:
            filled = template.fill(skeleton(document, terms)[1])
            if filled is not None:
                return self._verified(document, loader, state, key, template, filled, result)
        return result

    def _template(self, document: dict, loader, terms: ContextTerms) -> Template | None:
        if terms.redefines_rdf_type:
            return _UNSUPPORTED  # pyld keeps rdf:type quads of @type and of such a term apart
        marked, markers = with_markers(document, terms)
        expanded = self._checked.expand(marked, loader)
        checked = self._checked
        rendering = Rendering(
            escape=checked.escape,
            is_iri=checked.is_iri,
            prefixes=frozenset(terms.prefixes),
            labeller=checked.labeller,
        )
        return learn(markers, expanded, checked.to_dataset(expanded, loader), rendering)

    def _verified(self, document, loader, state, key, template, filled, result=None) -> str:
        """The full path's bytes; the template is used from now on if it gave the same."""
        if result is None:
            result = self._checked.full(document, loader)
        if filled == result:
            template.verified = True
        else:
            with self._lock:
                state.templates[key] = _UNSUPPORTED
        return result
