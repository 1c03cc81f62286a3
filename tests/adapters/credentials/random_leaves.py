"""Seeded random credentials of one shape: the tool's random credentials with endorsements,
status entries and co-issuers added, then new values at every leaf, kind for kind.

`random_shape` makes a credential; `with_new_leaves` gives another with the same keys, types and
contexts but new text (control and astral characters), identifiers (some relative, with white
space or equal to another's) and numbers (0, 1e-3, 1e-7, large integers, whole floats).
"""

import random
import re

from tests.interop.random_credentials import random_credential, random_text

_IRI_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_KEPT = frozenset(("@context", "type", "integrationOption", "proofPurpose", "jsonSchema"))
_CONTROLS = "".join(map(chr, range(0x20))) + "\x7f\u00a0\u2028\U0001f393\ufeff"
_BAD_IRIS = ("relative/path", "https://a.example/x\u00a0y", "https://a b", "_:b7", "xsd:string")
_VC = "https://www.w3.org/ns/credentials/v2"
_OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def random_shape(rng: random.Random, tool, index: int) -> dict:
    """A random credential (tests/interop/random_credentials.py) with endorsements, status
    entries and more co-issuers, each part present or not."""
    document = random_credential(rng, tool, index)
    achievement = document["credentialSubject"]["achievement"]
    for number in range(rng.choice((0, 0, 1, 2))):
        achievement.setdefault("endorsement", []).append(_endorsement(rng, achievement, number))
    if rng.random() < 0.5:
        document["credentialStatus"] = [
            {
                "id": f"https://tool.example/status/{index}#{n}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(rng.randint(0, 131071)),
                "statusListCredential": f"https://tool.example/status/{n}",
            }
            for n, purpose in enumerate(rng.sample(("revocation", "suspension"), rng.randint(1, 2)))
        ]
    if rng.random() < 0.5:
        bodies = achievement.setdefault("awardingBody", [])
        for number in range(rng.randint(1, 3)):
            bodies.append(
                {
                    "id": f"did:web:co-issuer-{number}.example",
                    "type": ["Profile"],
                    "name": random_text(rng),
                    "url": f"https://co-issuer-{number}.example",
                }
            )
    return document


def with_new_leaves(rng: random.Random, document: dict, *, every_value: bool = True) -> dict:
    """`document` with a new value at every leaf of its skeleton, of the same JSON kind.

    With `every_value` False, only values the reference stack reads as we do: no bad
    identifiers, no controls but tab, LF and CR, and numbers of test_known_differences.py's range.
    """
    iris: list[str] = []
    texts: list[str] = []

    def new(node, key=None):
        if key in _KEPT:
            return node
        if isinstance(node, dict):
            return {name: new(value, name) for name, value in node.items()}
        if isinstance(node, list):
            return [new(item, key) for item in node]
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int):
            return _new_int(rng) if every_value else rng.randint(-(2**53), 2**53)
        if isinstance(node, float):
            return _new_float(rng) if every_value else rng.choice((0.0, 2.5, 1e21, -7.25))
        if _IRI_LIKE.match(node):
            iris.append(_new_iri(rng, iris, every_value))
            return iris[-1]
        texts.append(_new_text(rng, texts, every_value))
        return texts[-1]

    return new(document)


def _new_iri(rng: random.Random, seen: list[str], bad_iris: bool) -> str:
    roll = rng.random()
    if bad_iris and roll < 0.003:
        return rng.choice(_BAD_IRIS)
    if roll < 0.08 and seen:
        return rng.choice(seen)  # the same node twice: pyld merges the two
    path = "".join(rng.choice("abcxyz0189-._~%üλ学") for _ in range(rng.randint(1, 12)))
    return rng.choice(("https://school.example/", "urn:uuid:", "did:web:tool.example:")) + path


def _new_text(rng: random.Random, seen: list[str], controls: bool) -> str:
    roll = rng.random()
    if roll < 0.05 and seen:
        return rng.choice(seen)
    if roll < 0.2 and controls:
        return "".join(rng.choice(_CONTROLS) for _ in range(rng.randint(1, 6)))
    return random_text(rng, min_length=0, max_length=30)


def _new_int(rng: random.Random) -> int:
    return rng.choice((0, 1, -1, 2**53 + 1, 10**21, 10**30, rng.randint(-(10**9), 10**9)))


def _new_float(rng: random.Random) -> float:
    return rng.choice((0.0, 1e-3, 1e-7, 1.5, 3.0, 1e21, -0.0, rng.uniform(-1e6, 1e6)))


def _endorsement(rng: random.Random, achievement: dict, number: int) -> dict:
    endorser = f"did:web:endorser-{number}.example"
    return {
        "@context": [_VC, _OB3],
        "id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": random_text(rng),
        "issuer": {"id": endorser, "type": ["Profile"], "name": random_text(rng)},
        "validFrom": "2026-06-30T12:00:00Z",
        "credentialSubject": {
            "id": achievement["id"],
            "type": ["EndorsementSubject"],
            "endorsementComment": random_text(rng),
        },
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2026-06-30T12:00:00Z",
            "verificationMethod": f"{endorser}#key-1",
            "proofPurpose": "assertionMethod",
            "proofValue": "z" + "".join(rng.choice("123456789ABCDEFGH") for _ in range(86)),
        },
    }
