"""Templates (fast_rdf.py) give the full path's bytes, or its error, for every document.

FAST_RDF_SHAPES sets how many random shapes are tried, each with FAST_RDF_VARIANTS documents:
500 documents by default, as the full path takes about 25 ms a document under coverage; run
`FAST_RDF_SHAPES=500 pytest --no-cov -k thousands` for 10,000.
"""

import os
import random

import pytest

from adapters.credentials import terms
from adapters.credentials.canonical import canonize, uses_template
from adapters.credentials.document_loader import DEFAULT_LOADER
from adapters.credentials.errors import CredentialError, RelativeIriError
from adapters.credentials.ob3 import build_credential
from tests.adapters.credentials.demo_content import demo_content
from tests.adapters.credentials.random_leaves import random_shape, with_new_leaves
from tests.factories import make_credential_content
from tests.interop.tool_credentials import ToolIssuers

SEED = int(os.environ.get("FAST_RDF_SEED", "20261128"))
SHAPES = int(os.environ.get("FAST_RDF_SHAPES", "25"))
VARIANTS = int(os.environ.get("FAST_RDF_VARIANTS", "20"))


def _outcome(document: dict, *, full: bool) -> tuple:
    try:
        return ("nquads", canonize(document, full=full))
    except CredentialError as error:
        return (type(error).__name__, error.message)


def test_thousands_of_random_credentials_canonicalise_as_the_full_path_does():
    rng = random.Random(SEED)
    tool = ToolIssuers()
    differing, filled, total = [], 0, 0
    for index in range(SHAPES):
        shape = random_shape(rng, tool, index)
        canonize(shape)  # learns the shape's template
        for variant in range(VARIANTS):
            document = with_new_leaves(rng, shape)
            filled += uses_template(document)
            total += 1
            if _outcome(document, full=False) != _outcome(document, full=True):
                differing.append((index, variant))
    assert not differing, f"{len(differing)} of {total} differ (seed {SEED}): {differing[:5]}"
    assert filled > total * 0.6, f"only {filled} of {total} filled a template"


@pytest.fixture
def learnt():
    """A demo credential whose shape has a proven template."""
    document = build_credential(demo_content())
    canonize(document)
    assert uses_template(document)
    return document


def _achievement(document: dict) -> dict:
    return document["credentialSubject"]["achievement"]


@pytest.mark.parametrize(
    "identifier",
    ["achievements/7", "https://school.example/a\u00a0b", "https://a b", "urn:uuid:1> <x:y"],
)
def test_an_identifier_the_full_path_refuses_is_refused_on_a_template_too(learnt, identifier):
    _achievement(learnt)["id"] = identifier
    with pytest.raises(RelativeIriError) as full:
        canonize(learnt, full=True)
    with pytest.raises(RelativeIriError) as fast:
        canonize(learnt)
    assert fast.value.message == full.value.message


def test_a_blank_node_identifier_or_a_compact_iri_takes_the_full_path(learnt):
    for identifier in ("_:b0", "name:x"):
        _achievement(learnt)["id"] = identifier
        assert not uses_template(learnt)
        assert canonize(learnt) == canonize(learnt, full=True)


def test_control_characters_are_escaped_on_a_template_as_on_the_full_path(learnt):
    learnt["name"] = '\b\t\n\x0b\x0c\r"\\\x7f\x00\x1b\U0001f393'
    assert uses_template(learnt)
    assert '"\\b\\t\\n\\u000B\\f\\r\\"\\\\\\u007F\\u0000\\u001B\U0001f393"' in canonize(learnt)
    assert canonize(learnt) == canonize(learnt, full=True)


def test_nodes_made_one_by_equal_identifiers_merge_as_pyld_merges_them(learnt):
    achievement = _achievement(learnt)
    achievement["creator"] = {**learnt["issuer"], "name": learnt["issuer"]["name"]}
    achievement["awardingBody"] = [learnt["issuer"]] * len(achievement["awardingBody"])
    assert canonize(learnt) == canonize(learnt, full=True)


def test_equal_values_of_one_property_count_once(learnt):
    shape = build_credential(demo_content())
    _achievement(shape)["tag"] = ["a", "b", "c"]
    canonize(shape)
    _achievement(shape)["tag"] = ["same", "same", "other"]
    assert canonize(shape) == canonize(shape, full=True)
    assert canonize(shape).count('"same"') == 1


@pytest.mark.parametrize("pair", [(1, 1.0), (2, 2.5), (10**21, 1e21), (0, -0.0), (1e-7, 3)])
def test_numbers_are_written_as_pyld_writes_them(pair):
    document = build_credential(make_credential_content())
    subject = document["credentialSubject"]
    subject["creditsEarned"] = [pair[0], 7.5]
    canonize(document)
    subject["creditsEarned"] = [pair[1], 7.5]
    assert canonize(document) == canonize(document, full=True)


def test_key_order_gives_the_same_bytes_on_a_template(learnt):
    reordered = dict(reversed(list(learnt.items())))
    canonize(reordered)
    assert canonize(reordered) == canonize(learnt) == canonize(learnt, full=True)


def test_an_inline_context_takes_the_full_path(learnt):
    learnt["@context"] = [*learnt["@context"], {"motto": "https://school.example/#motto"}]
    learnt["motto"] = "Learn by doing"
    canonize(learnt)
    assert not uses_template(learnt)
    assert '<https://school.example/#motto> "Learn by doing"' in canonize(learnt)


def test_the_proof_options_of_many_credentials_share_one_template(learnt):
    options = {
        "@context": learnt["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-06-30T12:00:00Z",
        "verificationMethod": "did:web:tool.test:orgs:demo-vet-school#key-1",
        "proofPurpose": "assertionMethod",
    }
    canonize(options)
    options["created"] = "2026-07-01T08:00:00Z"
    assert uses_template(options)
    assert canonize(options) == canonize(options, full=True)


EXTRA_CONTEXT = "https://school.example/context.jsonld"
EXTRA_LOADER = DEFAULT_LOADER.extended(
    {
        EXTRA_CONTEXT: {
            "@context": {
                "ex": "https://school.example/#",
                "steps": {"@id": "ex:steps", "@container": "@list"},
                "label": {"@id": "ex:label", "@language": "nl"},
                "names": {"@id": "ex:names", "@container": "@language"},
                "data": {"@id": "ex:data", "@type": "@json"},
                "kind": {"@id": "ex:kind", "@type": "@vocab"},
                "ref": {"@id": "ex:ref", "@type": "@id"},
                "weight": {"@id": "ex:weight", "@type": "http://www.w3.org/2001/XMLSchema#double"},
            }
        }
    }
)


def _extra(steps, label, names, data, kind, ref, weight) -> dict:
    return {
        "@context": [terms.VC_V2_CONTEXT, EXTRA_CONTEXT],
        "id": "urn:example:extra",
        "type": ["VerifiableCredential"],
        "credentialSubject": {
            "steps": steps,
            "label": label,
            "names": names,
            "data": data,
            "kind": kind,
            "ref": ref,
            "weight": weight,
        },
    }


@pytest.mark.parametrize(
    "values",
    [
        (
            ["b", 2, 2.5],
            "label",
            {"en": "x", "de": "y"},
            {"b": [1, 2.0]},
            "ex:other",
            "urn:b",
            "1.50",
        ),
        (["a", 1, 1.0], "\x00", {"en": "x", "de": "x"}, {"a": 1}, "ex:kind", "urn:a", "x"),
        (["a", 0, -0.0], "", {"en": "", "de": ""}, {"a": 1}, "ex:kind", "ex:ref", 3),
        (["a", 10**21, 1e-3], "b", {"en": "a", "de": "b"}, {"a": 1}, "ex:kind", "https://a", 1e21),
    ],
)
def test_lists_languages_json_vocab_and_double_literals_fill_as_pyld_writes_them(values):
    """Learning a template fills it with the document's own values and keeps it only if that
    gives the full path's bytes (the first document ever with a context only has it analysed)."""
    for _ in range(2):
        canonize(_extra(*values), loader=EXTRA_LOADER)
    document = _extra(*values)
    # a compact IRI ("ex:ref") is pyld's to expand: that document takes the full path
    assert uses_template(document, loader=EXTRA_LOADER) == (not values[5].startswith("ex:"))
    assert canonize(document, loader=EXTRA_LOADER) == canonize(
        document, loader=EXTRA_LOADER, full=True
    )


ODD_CONTEXT = "https://school.example/odd.jsonld"
INDEXED = {"@id": "https://school.example/#indexed", "@container": "@index"}
KIND_OF = {"@id": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "@type": "@id"}


@pytest.mark.parametrize(
    ("definitions", "subject"),
    [
        ({"indexed": INDEXED}, {"indexed": {"a": {"id": "urn:x:1", "name": "one"}}}),
        ({"kindOf": KIND_OF}, {"kindOf": "urn:x:Kind", "type": ["AchievementSubject"]}),
        ({}, {"name": {"@value": {"a": [1, "b"]}, "@type": "@json"}}),
    ],
)
def test_shapes_a_template_cannot_follow_take_the_full_path(definitions, subject):
    """Indexed nodes (pyld refuses to merge them with other indexes), a term that is rdf:type
    (pyld keeps its quads apart from @type's) and a JSON value object."""
    loader = DEFAULT_LOADER.extended({ODD_CONTEXT: {"@context": definitions}})
    document = {
        "@context": [terms.VC_V2_CONTEXT, terms.OB3_CONTEXT, ODD_CONTEXT],
        "id": "urn:example:odd",
        "type": ["VerifiableCredential"],
        "credentialSubject": subject,
    }
    expected = canonize(document, loader=loader, full=True)
    assert {canonize(document, loader=loader) for _ in range(3)} == {expected}
    assert not uses_template(document, loader=loader)
