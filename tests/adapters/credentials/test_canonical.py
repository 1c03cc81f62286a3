"""canonize: RDFC-1.0 N-Quads that refuse whatever a signature would silently leave out."""

import copy

import pytest

from adapters.credentials import terms
from adapters.credentials.canonical import canonize
from adapters.credentials.document_loader import DEFAULT_LOADER
from adapters.credentials.errors import (
    CanonicalizationError,
    RelativeIriError,
    RemoteContextError,
    UndefinedTermError,
)
from adapters.credentials.ob3 import build_credential
from tests.factories import make_credential_content


@pytest.fixture
def credential():
    return build_credential(make_credential_content())


def test_our_credential_canonicalises_to_sorted_n_quads(credential):
    nquads = canonize(credential)
    lines = nquads.splitlines()
    assert lines == sorted(lines)
    assert all(line.endswith(" .") for line in lines)
    assert f"<{credential['id']}> <https://schema.org/name>" in nquads


def test_key_order_and_blank_node_labels_do_not_change_the_canonical_form(credential):
    reordered = dict(reversed(list(credential.items())))
    reordered["credentialSubject"] = dict(reversed(list(credential["credentialSubject"].items())))
    assert canonize(reordered) == canonize(credential)


def test_an_undefined_top_level_term_is_refused_by_name(credential):
    credential["favouriteColour"] = "blue"
    with pytest.raises(UndefinedTermError, match=r"'favouriteColour' \(at favouriteColour\)"):
        canonize(credential)


def test_an_undefined_term_inside_the_achievement_is_refused_with_its_path(credential):
    credential["credentialSubject"]["achievement"]["ectsGrade"] = "A"
    with pytest.raises(
        UndefinedTermError, match=r"'ectsGrade' \(at credentialSubject\.achievement\.ectsGrade\)"
    ):
        canonize(credential)


def test_a_term_of_another_type_scoped_context_is_undefined_where_it_is_used(credential):
    # `achievementType` is defined only inside Achievement's type-scoped context.
    credential["issuer"]["achievementType"] = "MicroCredential"
    with pytest.raises(UndefinedTermError, match="achievementType"):
        canonize(credential)


def test_an_undefined_term_in_a_list_item_is_refused(credential):
    credential["credentialSubject"]["achievement"]["alignment"][0]["level"] = "4"
    with pytest.raises(UndefinedTermError, match=r"alignment\[0\]\.level"):
        canonize(credential)


def test_an_undefined_type_is_refused(credential):
    credential["type"].append("EuropeanMicroCredential")
    with pytest.raises(UndefinedTermError, match="'EuropeanMicroCredential'"):
        canonize(credential)


def test_a_relative_id_is_refused_and_never_resolved_against_a_default_base(credential):
    credential["credentialSubject"]["achievement"]["id"] = "achievements/7"
    with pytest.raises(RelativeIriError, match="'achievements/7'"):
        canonize(credential)


def test_a_relative_iri_value_is_refused(credential):
    credential["issuer"]["image"]["id"] = "logo.png"
    with pytest.raises(RelativeIriError, match=r"'logo\.png'"):
        canonize(credential)


def test_an_iri_with_characters_n_quads_forbid_is_refused(credential):
    credential["id"] = "urn:uuid:1> <https://evil.example/p"
    with pytest.raises(RelativeIriError):
        canonize(credential)


@pytest.mark.parametrize("space", ["\u00a0", "\u2028", "\u3000", "\u2003"])
def test_an_iri_with_unicode_white_space_is_refused_not_dropped_unsigned(credential, space):
    credential["credentialSubject"]["achievement"]["id"] = f"https://school.example/a{space}b"
    with pytest.raises(RelativeIriError):
        canonize(credential)


def test_control_characters_are_escaped_as_rdfc_1_0_writes_them(credential):
    """W3C rdf-canon test060: ECHAR for BS HT LF FF CR quote backslash, UCHAR for the rest."""
    credential["name"] = '\b\t\n\x0b\x0c\r"\\\x7f\x00\x1b'
    assert '"\\b\\t\\n\\u000B\\f\\r\\"\\\\\\u007F\\u0000\\u001B"' in canonize(credential)


def test_a_base_direction_is_refused_as_it_would_go_unsigned(credential):
    credential["name"] = {"@value": "شهادة", "@language": "ar", "@direction": "rtl"}
    with pytest.raises(CanonicalizationError, match="base direction"):
        canonize(credential)


def test_pyld_default_base_never_appears(credential):
    credential["@context"] = [*credential["@context"], {"@base": "https://school.example/"}]
    credential["credentialSubject"]["achievement"]["id"] = "achievements/7"
    with pytest.raises(RelativeIriError):
        canonize(credential)


def test_a_term_an_inline_context_defines_is_covered(credential):
    credential["@context"] = [*credential["@context"], {"motto": "https://school.example/#motto"}]
    credential["motto"] = "Learn by doing"
    assert '<https://school.example/#motto> "Learn by doing"' in canonize(credential)


def test_a_property_mapped_to_null_is_refused(credential):
    credential["@context"] = [*credential["@context"], {"secretNote": None}]
    credential["secretNote"] = "not signed"
    with pytest.raises(UndefinedTermError, match="map to nothing"):
        canonize(credential)


def test_a_remote_context_is_refused_and_named(credential):
    credential["@context"].append("https://evil.example/context.jsonld")
    with pytest.raises(RemoteContextError, match=r"https://evil\.example/context\.jsonld"):
        canonize(credential)


def test_a_remote_context_imported_by_an_inline_context_is_refused(credential):
    credential["@context"].append({"@import": "https://evil.example/imported.jsonld"})
    with pytest.raises(RemoteContextError, match=r"imported\.jsonld"):
        canonize(credential)


def test_a_context_url_served_to_one_loader_is_not_served_from_cache_to_another(credential):
    url = "https://example.org/extra-context"
    extended = DEFAULT_LOADER.extended({url: {"@context": {"extra": "https://example.org/extra"}}})
    document = {**credential, "@context": [*credential["@context"], url], "extra": "x"}
    assert "https://example.org/extra" in canonize(document, loader=extended)
    with pytest.raises(RemoteContextError):
        canonize(document)


@pytest.mark.parametrize(
    "document",
    [
        {"@context": 5},
        {"@context": [terms.VC_V2_CONTEXT], "type": {"not": "a type"}},
        {"@context": [terms.VC_V2_CONTEXT], "id": ["a", "list"]},
        {"@context": [terms.VC_V2_CONTEXT, {"name": "https://example.org/name"}]},
    ],
)
def test_invalid_json_ld_is_refused_as_such(document):
    with pytest.raises(CanonicalizationError, match="not valid JSON-LD"):
        canonize(document)


def test_a_document_must_be_an_object():
    with pytest.raises(CanonicalizationError):
        canonize(["not", "an", "object"])


def test_canonicalising_does_not_change_the_document(credential):
    before = copy.deepcopy(credential)
    canonize(credential)
    assert credential == before


def _clique(size: int) -> dict:
    """Blank nodes that all know each other: only trying every ordering can tell them apart."""
    nodes = [f"_:n{i}" for i in range(size)]
    return {
        "@context": {"knows": {"@id": "https://example.org/knows", "@type": "@id"}},
        "@graph": [{"@id": node, "knows": [o for o in nodes if o != node]} for node in nodes],
    }


def test_a_poison_graph_is_refused_instead_of_running_for_ever():
    with pytest.raises(CanonicalizationError, match="too costly"):
        canonize(_clique(10))


def test_a_small_graph_of_look_alike_blank_nodes_is_still_canonicalised():
    assert canonize(_clique(4)).count("_:c14n3 <https://example.org/knows>") == 3


def test_identical_results_are_canonicalised(credential):
    credential["credentialSubject"]["result"] = [{"type": ["Result"]} for _ in range(12)]
    assert "_:c14n12" in canonize(credential)


def test_a_deeply_nested_document_is_refused_not_crashed(credential):
    nested: dict = {"name": "bottom"}
    for _ in range(5000):
        nested = {"type": ["Result"], "result": [nested]}
    credential["credentialSubject"]["result"] = [nested]
    with pytest.raises(CanonicalizationError, match="nested too deeply"):
        canonize(credential)


def test_a_document_with_too_many_statements_is_refused(credential):
    credential["name"] = [f"name {n}" for n in range(20_001)]
    with pytest.raises(CanonicalizationError, match="too large"):
        canonize(credential)


def test_lists_and_reverse_properties_of_inline_contexts_are_checked_too(credential):
    context = {
        "steps": {"@id": "https://school.example/#steps", "@container": "@list"},
        "partOf": {"@reverse": "https://school.example/#hasPart"},
    }
    credential["@context"] = [*credential["@context"], context]
    credential["steps"] = ["one", "two"]
    credential["partOf"] = {"id": "https://school.example/programme"}
    nquads = canonize(credential)
    assert "<https://school.example/programme> <https://school.example/#hasPart>" in nquads
    credential["partOf"] = {"id": "programme"}
    with pytest.raises(RelativeIriError):
        canonize(credential)
    credential["partOf"] = {"id": "https://school.example/programme"}
    credential["steps"] = [{"id": "step-1"}]
    with pytest.raises(RelativeIriError):
        canonize(credential)


def test_a_blank_node_property_is_refused(credential):
    credential["@context"] = [*credential["@context"], {"hidden": "_:hidden"}]
    credential["hidden"] = "RDF drops blank-node properties"
    with pytest.raises(UndefinedTermError, match="'_:hidden'"):
        canonize(credential)


def test_an_undefined_value_type_is_refused(credential):
    credential["name"] = {"@value": "Typed", "@type": "Grade"}
    # pyld itself refuses a value type that is no IRI; either refusal keeps it from being signed.
    with pytest.raises(CanonicalizationError, match=r"invalid typed value|value type 'Grade'"):
        canonize(credential)
