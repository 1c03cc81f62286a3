"""Our RDFC-1.0 canonicaliser and jsonld.canonize give byte-identical N-Quads for the same JSON-LD.

A Data Integrity signature covers these bytes, so any difference means a credential that one
stack signs and the other refuses.
"""

import json
import random
from pathlib import Path

import pytest

from adapters.credentials.canonical import canonize, uses_template
from adapters.credentials.document_loader import DEFAULT_LOADER, VENDORED_CONTEXTS
from adapters.credentials.ob3 import build_credential
from tests.adapters.credentials.random_leaves import random_shape, with_new_leaves
from tests.interop.random_credentials import random_credential
from tests.interop.tool_credentials import VARIANT_NAMES, credential_variants

VECTORS = Path(__file__).parents[1] / "vectors"
W3C_VECTOR = VECTORS / "w3c-vc-di-eddsa"
OB3_VECTOR = VECTORS / "ob3-eddsa-rdfc-2022"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"
# The alliance's shared standards folder, beside this repository when it is checked out there.
# Copies of shared/standards/proposed/*.json, so a fresh clone has them.
PROPOSED = Path(__file__).parents[1] / "vectors" / "shared-standards-examples"
RANDOM_SEED = 20260630
RANDOM_COUNT = 300
TEMPLATE_SHAPES = 50
TEMPLATE_VARIANTS = 10


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _unsigned(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "proof"}


def _first_difference(ours: str, theirs: str) -> str | None:
    """None for equal N-Quads, else the first line where they part."""
    if ours == theirs:
        return None
    for number, (mine, other) in enumerate(
        zip(ours.splitlines(), theirs.splitlines(), strict=False), start=1
    ):
        if mine != other:
            return f"line {number}:\n ours:   {mine!r}\n jsonld: {other!r}"
    return f"their lengths: {len(ours)} and {len(theirs)} characters"


def _assert_identical(ours: str, theirs: str) -> None:
    difference = _first_difference(ours, theirs)
    assert difference is None, f"N-Quads differ at {difference}"


@pytest.mark.parametrize("name", VARIANT_NAMES)
def test_credentials_the_tool_builds_canonicalise_identically(reference_stack, tool, name):
    document = build_credential(credential_variants(tool)[name])
    _assert_identical(canonize(document), reference_stack.canonize(document))


def test_credentials_the_tool_signs_canonicalise_identically_with_their_proof_options(
    reference_stack, tool
):
    signed = tool.issue(credential_variants(tool)["grade and co-issuer"])
    proof_options = {key: value for key, value in signed["proof"][0].items() if key != "proofValue"}
    proof_config = {**proof_options, "@context": signed["@context"]}
    _assert_identical(canonize(proof_config), reference_stack.canonize(proof_config))


def test_our_known_answer_vector_canonicalises_identically(reference_stack):
    unsigned = _unsigned(_json(OB3_VECTOR / "signed-credential.json"))
    expected = (OB3_VECTOR / "canonical-document.nq").read_text(encoding="utf-8")
    assert reference_stack.canonize(unsigned) == expected == canonize(unsigned)


def test_the_w3c_vc_di_eddsa_vector_canonicalises_identically(reference_stack):
    documents = {EXAMPLES_CONTEXT: _json(W3C_VECTOR / "credentials-examples-v2.jsonld")}
    loader = DEFAULT_LOADER.extended(documents)
    unsigned = _unsigned(_json(W3C_VECTOR / "signedDataInt.json"))
    proof_config = _json(W3C_VECTOR / "proofConfigDataInt.json")

    theirs = reference_stack.canonize(unsigned, documents=documents)
    assert theirs == canonize(unsigned, loader=loader)
    assert theirs == (W3C_VECTOR / "canonDocDataInt.txt").read_text(encoding="utf-8")
    theirs = reference_stack.canonize(proof_config, documents=documents)
    assert theirs == canonize(proof_config, loader=loader)
    assert theirs == (W3C_VECTOR / "proofCanonDataInt.txt").read_text(encoding="utf-8")


def _proposed_examples() -> list[Path]:
    """The shared standards' example documents whose every context the tool ships."""
    examples = []
    for path in sorted(PROPOSED.glob("*.json")):
        context = _json(path).get("@context")
        urls = context if isinstance(context, list) else [context]
        if all(isinstance(url, str) and url in VENDORED_CONTEXTS for url in urls):
            examples.append(path)
    return examples


@pytest.mark.parametrize("path", _proposed_examples(), ids=lambda path: path.name)
def test_proposed_examples_with_shipped_contexts_canonicalise_identically(reference_stack, path):
    document = _json(path)
    _assert_identical(canonize(document), reference_stack.canonize(document))


def test_hundreds_of_random_credentials_canonicalise_identically(reference_stack, tool):
    rng = random.Random(RANDOM_SEED)
    differing = {}
    for index in range(RANDOM_COUNT):
        document = random_credential(rng, tool, index)
        difference = _first_difference(canonize(document), reference_stack.canonize(document))
        if difference is not None:
            differing[index] = difference
    assert not differing, (
        f"{len(differing)} of {RANDOM_COUNT} random credentials (seed {RANDOM_SEED}) differ; "
        f"the first, index {min(differing)}, at {differing[min(differing)]}"
    )


def _agreeable(document: dict) -> bool:
    """Whether both stacks are meant to agree: none of test_known_differences.py's cases
    (controls but tab, LF and CR, integers beyond 2**53, numbers below 1e-6)."""
    stack: list = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif _known_to_differ(node):
            return False
    return True


def _known_to_differ(value) -> bool:
    if isinstance(value, str):
        return any((ord(c) < 0x20 and c not in "\t\n\r") or c == "\x7f" for c in value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > 2**53
    return isinstance(value, float) and 0 < abs(value) < 1e-6


def test_credentials_filled_into_templates_canonicalise_as_jsonld_does(reference_stack, tool):
    """The fast path against jsonld.js: random shapes, then documents of each shape with new
    values (identifiers of other nodes, merged nodes, numbers), filled into its template."""
    rng = random.Random(RANDOM_SEED + 1)
    differing, filled = {}, 0
    for index in range(TEMPLATE_SHAPES):
        shape = random_shape(rng, tool, index)
        canonize(shape)
        for variant in range(TEMPLATE_VARIANTS):
            document = with_new_leaves(rng, shape, every_value=False)
            if not _agreeable(document):
                continue
            filled += uses_template(document)
            difference = _first_difference(canonize(document), reference_stack.canonize(document))
            if difference is not None:
                differing[(index, variant)] = difference
    assert not differing, f"{len(differing)} differ; the first at {next(iter(differing.values()))}"
    assert filled >= TEMPLATE_SHAPES * TEMPLATE_VARIANTS // 3
