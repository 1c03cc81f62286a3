"""The RDF of one skeleton (rdf_skeleton.py) as a template: learnt once with markers, then filled.

A template holds every quad of the document's dataset, each leaf value replaced by its place,
and fills them with another document's values as pyld's to_rdf would write them. Blank nodes
get their RDFC-1.0 labels from first-degree hashes (https://www.w3.org/TR/rdf-canon/#hash-1d-quads)
and, when hashes collide, from pyld's own Hash N-Degree Quads. `fill` returns None whenever a
value needs what the template cannot show (an identifier that is not a plain absolute IRI,
values pyld would merge differently): the caller then runs the full, checked path.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.identifier_issuer import IdentifierIssuer

from adapters.credentials.errors import CanonicalizationError
from adapters.credentials.rdf_skeleton import MARKER_PREFIX, UnsupportedShape

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_TO_RDF_OPTIONS = {"rdfDirection": None, "processingMode": "json-ld-1.1"}
_PROCESSOR = jsonld.JsonLdProcessor()
_CONSTANT_LITERAL = -1


@dataclass(frozen=True)
class Rendering:
    """How values become N-Quads terms, as the checked path writes and accepts them."""

    escape: Callable[[str], str]
    is_iri: Callable[[str], bool]
    prefixes: frozenset[str]  # terms a compact IRI may start with: such values need pyld
    labeller: Callable[[], URDNA2015]

    def literal(self, value, signature: dict) -> str:
        """The N-Quads literal pyld's to_rdf makes of {"@value": value, **signature}."""
        rdf = _PROCESSOR._object_to_rdf({"@value": value, **signature}, None, [], _TO_RDF_OPTIONS)
        return '"' + self.escape(rdf["value"]) + '"' + _literal_tail(rdf)

    def plain_iri(self, value: str) -> bool:
        """True when pyld expands `value` to itself and the checked path accepts it."""
        if not self.is_iri(value):
            return False
        prefix, _, rest = value.partition(":")
        return prefix not in self.prefixes or rest.startswith("//")


def _literal_tail(rdf: dict) -> str:
    datatype = rdf["datatype"]
    if datatype == _RDF_LANGSTRING:
        return "@" + rdf["language"] if rdf.get("language") else ""
    return "" if datatype == _XSD_STRING else "^^<" + datatype + ">"


class Template:
    """The quads of a skeleton with the places of its leaves; see the module docstring."""

    def __init__(self, quads: list, literals: dict, iri_leaves: set, rendering: Rendering):
        self.verified = False
        self._rendering = rendering
        self._iri_leaves = tuple(sorted(iri_leaves))
        self._signatures = {leaf: signature for leaf, (signature, _) in literals.items()}
        self._plain = tuple(
            (leaf, tail) for leaf, (_, tail) in literals.items() if tail is not None
        )
        self._generic = tuple((leaf, sig) for leaf, (sig, tail) in literals.items() if tail is None)
        self._groups = _merge_groups(quads)
        bnodes = sorted({ref for quad in quads for ref in quad[:4] if _is_bnode(ref)})
        self._final = "\n".join(_line(quad, lambda label: "{" + label[2:] + "}") for quad in quads)
        self._first_degree = {
            bnode: "\n".join(
                _line(quad, lambda label, bnode=bnode: "_:a" if label == bnode else "_:z")
                for quad in quads
                if bnode in quad[:4]
            )
            for bnode in bnodes
        }
        self._related = _pyld_quads(quads)

    def fill(self, leaves: list) -> str | None:
        """The canonical N-Quads with `leaves` in place, or None when the full path must decide."""
        rendered = list(leaves)
        rendering = self._rendering
        for leaf in self._iri_leaves:
            if not rendering.plain_iri(leaves[leaf]):
                return None
            rendered[leaf] = "<" + leaves[leaf] + ">"
        escape = rendering.escape
        for leaf, tail in self._plain:
            rendered[leaf] = '"' + escape(leaves[leaf]) + tail
        try:
            for leaf, signature in self._generic:
                rendered[leaf] = rendering.literal(leaves[leaf], signature)
        except (ValueError, OverflowError):
            return None  # a number pyld cannot write: the full path fails as it always has
        merged = self._merged(rendered, leaves)
        if merged is None:
            return None
        try:
            labels = self._labels(rendered, merged)
        except (UnicodeEncodeError, CanonicalizationError):
            return None  # the full path raises as it always has
        if not self._final:
            return ""
        lines = self._final.format(*rendered, **labels).split("\n")
        lines = sorted(set(lines) if merged else lines)
        return "\n".join(lines) + "\n"

    def _merged(self, rendered: list, leaves: list) -> bool | None:
        """Whether some quads coincide, as pyld's node map merges them; None when pyld would
        keep two equal quads or merge two different ones (its value comparison differs)."""
        merged = False
        for group in self._groups:
            seen: dict = {}
            for subject, object_, graph, literal in group:
                key = (
                    subject if type(subject) is str else rendered[subject],
                    object_ if type(object_) is str else rendered[object_],
                    graph if graph is None or type(graph) is str else rendered[graph],
                )
                if key not in seen:
                    seen[key] = literal
                    continue
                other = seen[key]
                if literal is not None and (
                    literal == _CONSTANT_LITERAL
                    or other == _CONSTANT_LITERAL
                    or self._signatures[literal] != self._signatures[other]
                    or leaves[literal] != leaves[other]
                ):
                    return None
                merged = True
        return merged

    def _labels(self, rendered: list, merged: bool) -> dict[str, str]:
        hashes = {}
        for bnode, template in self._first_degree.items():
            lines = template.format(*rendered).split("\n")
            lines = sorted(set(lines) if merged else lines)
            hashes[bnode] = hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest()
        if len(set(hashes.values())) == len(hashes):
            ordered = sorted((digest, bnode) for bnode, digest in hashes.items())
            return {bnode[2:]: f"_:c14n{number}" for number, (_, bnode) in enumerate(ordered)}
        return self._n_degree_labels(hashes)

    def _n_degree_labels(self, hashes: dict[str, str]) -> dict[str, str]:
        """RDFC-1.0 §4.4.3 steps 5 and 6 with pyld's Hash N-Degree Quads (and its work limits)."""
        labeller = self._rendering.labeller()
        labeller.blank_node_info = {
            bnode: {"quads": self._related[bnode], "hash": digest}
            for bnode, digest in hashes.items()
        }
        by_hash: dict[str, list[str]] = {}
        for bnode, digest in hashes.items():
            by_hash.setdefault(digest, []).append(bnode)
        canonical = labeller.canonical_issuer
        for _, bnodes in sorted(by_hash.items()):
            if len(bnodes) == 1:
                canonical.get_id(bnodes[0])
        for _, bnodes in sorted(by_hash.items()):
            if len(bnodes) == 1:
                continue
            paths = []
            for bnode in bnodes:
                if not canonical.has_id(bnode):
                    issuer = IdentifierIssuer("_:b")
                    issuer.get_id(bnode)
                    paths.append(labeller.hash_n_degree_quads(bnode, issuer))
            for path in sorted(paths, key=lambda result: result["hash"]):
                for existing in path["issuer"].order:
                    canonical.get_id(existing)
        return {bnode[2:]: canonical.get_id(bnode) for bnode in hashes}


def learn(markers: list, expanded: list, dataset: dict, rendering: Rendering) -> Template:
    """The template of the document whose leaves `markers` replaced, from its checked expanded
    form and dataset; raises UnsupportedShape when a marker lands where a template cannot
    follow it."""
    iri_leaves, signatures = _marker_places(expanded, markers)
    literals = {}
    by_rendering = {}
    for leaf, signature in signatures.items():
        rdf = _PROCESSOR._object_to_rdf(
            {"@value": markers[leaf], **signature}, None, [], _TO_RDF_OPTIONS
        )
        by_rendering[(rdf["value"], rdf["datatype"], rdf.get("language"))] = leaf
        simple = type(markers[leaf]) is str and signature.get("@type") not in ("@json", _XSD_DOUBLE)
        literals[leaf] = (signature, '"' + _literal_tail(rdf) if simple else None)
    quads = []
    for graph_name, triples in dataset.items():
        graph = None if graph_name == "@default" else _graph_ref(graph_name, markers, iri_leaves)
        for triple in triples:
            object_, literal = _object_ref(
                triple["object"], markers, iri_leaves, by_rendering, rendering.escape
            )
            predicate = triple["predicate"]["value"]
            if MARKER_PREFIX in predicate or triple["predicate"]["type"] != "IRI":
                raise UnsupportedShape
            subject = _iri_ref(triple["subject"], markers, iri_leaves)
            quads.append((subject, "<" + predicate + ">", object_, graph, literal))
    used = [quad[4] for quad in quads if quad[4] is not None and quad[4] >= 0]
    if len(used) != len(set(used)) or len({quad[:4] for quad in quads}) != len(quads):
        raise UnsupportedShape  # pyld kept equal quads apart, or a value twice
    if any(_repeats_a_bnode(quad) for quad in quads):
        raise UnsupportedShape
    return Template(quads, literals, iri_leaves, rendering)


def _marker_places(expanded: list, markers: list) -> tuple[set, dict]:
    """The leaves the expanded form holds as identifiers, and each literal leaf's value object
    without its value (@type, @language, @index)."""
    numbers = {marker: leaf for leaf, marker in enumerate(markers) if type(marker) is not str}
    iri_leaves: set[int] = set()
    signatures: dict[int, dict] = {}
    stack: list = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict) and "@value" in item:
            value = item["@value"]
            leaf = _leaf_of(value, markers, numbers)
            if leaf is None and MARKER_PREFIX in repr(value):
                raise UnsupportedShape
            if leaf is not None:
                signatures[leaf] = {key: v for key, v in item.items() if key != "@value"}
        elif isinstance(item, dict):
            if "@index" in item:
                raise UnsupportedShape  # pyld refuses to merge nodes with other indexes
            for key, value in item.items():
                if key == "@id":
                    leaf = _leaf_of(value, markers, numbers)
                    if leaf is None and MARKER_PREFIX in value:
                        raise UnsupportedShape
                    if leaf is not None:
                        iri_leaves.add(leaf)
                elif key == "@type":
                    if any(MARKER_PREFIX in type_ for type_ in value):
                        raise UnsupportedShape
                elif key == "@reverse":
                    stack.extend(value.values())
                else:
                    stack.append(value)
    if iri_leaves & signatures.keys():
        raise UnsupportedShape
    return iri_leaves, signatures


def _leaf_of(value, markers: list, numbers: dict) -> int | None:
    if type(value) is str:
        if not value.startswith(MARKER_PREFIX):
            return None
        number = value[len(MARKER_PREFIX) :]
        leaf = int(number) if number.isdigit() else None
        return leaf if leaf is not None and leaf < len(markers) and markers[leaf] == value else None
    if type(value) in (int, float):
        return numbers.get(value)
    return None


def _iri_ref(component: dict, markers: list, iri_leaves: set) -> int | str:
    value = component["value"]
    if component["type"] == "blank node":
        return value
    if value.startswith(MARKER_PREFIX):
        leaf = _leaf_of(value, markers, {})
        if leaf is None or leaf not in iri_leaves:
            raise UnsupportedShape
        return leaf
    if MARKER_PREFIX in value:
        raise UnsupportedShape
    return "<" + value + ">"


def _graph_ref(graph_name: str, markers: list, iri_leaves: set) -> int | str:
    kind = "blank node" if graph_name.startswith("_:") else "IRI"
    return _iri_ref({"type": kind, "value": graph_name}, markers, iri_leaves)


def _object_ref(component: dict, markers, iri_leaves, by_rendering, escape) -> tuple:
    if component["type"] != "literal":
        return _iri_ref(component, markers, iri_leaves), None
    key = (component["value"], component["datatype"], component.get("language"))
    if key in by_rendering:
        return by_rendering[key], by_rendering[key]
    if MARKER_PREFIX in component["value"]:
        raise UnsupportedShape
    constant = '"' + escape(component["value"]) + '"' + _literal_tail(component)
    return constant, _CONSTANT_LITERAL


def _is_bnode(ref) -> bool:
    return type(ref) is str and ref.startswith("_:")


def _repeats_a_bnode(quad: tuple) -> bool:
    bnodes = [ref for ref in (quad[0], quad[2], quad[3]) if _is_bnode(ref)]
    return len(bnodes) != len(set(bnodes))


def _line(quad: tuple, bnode_text: Callable[[str], str]) -> str:
    def text(ref) -> str:
        if type(ref) is int:
            return "{" + str(ref) + "}"
        if _is_bnode(ref):
            return bnode_text(ref)
        return ref.replace("{", "{{").replace("}", "}}")

    subject, predicate, object_, graph, _ = quad
    terms = [text(subject), text(predicate), text(object_)]
    if graph is not None:
        terms.append(text(graph))
    return " ".join(terms) + " ."


def _merge_groups(quads: list) -> tuple:
    """Quads that may coincide once filled: same predicate, subjects and graphs that may match."""
    groups: dict = {}
    for subject, predicate, object_, graph, literal in quads:
        subject_class = subject if _is_bnode(subject) else "IRI"
        graph_class = graph if graph is None or _is_bnode(graph) else "IRI"
        groups.setdefault((predicate, subject_class, graph_class), []).append(
            (subject, object_, graph, literal)
        )
    return tuple(tuple(group) for group in groups.values() if len(group) > 1)


def _pyld_quads(quads: list) -> dict[str, list]:
    """Each blank node's quads in pyld's form, enough for its Hash N-Degree Quads: the types of
    the terms, the blank nodes' labels and the predicates."""
    related: dict[str, list] = {}
    for subject, predicate, object_, graph, _ in quads:
        quad = {
            "subject": _pyld_term(subject),
            "predicate": {"type": "IRI", "value": predicate[1:-1]},
            "object": _pyld_term(object_),
        }
        if graph is not None:
            quad["name"] = _pyld_term(graph)
        for ref in (subject, object_, graph):
            if _is_bnode(ref):
                related.setdefault(ref, []).append(quad)
    return related


def _pyld_term(ref) -> dict:
    if _is_bnode(ref):
        return {"type": "blank node", "value": ref}
    return {"type": "IRI", "value": ""}
