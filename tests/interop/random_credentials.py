"""Seeded random OB3 credentials: Unicode text, numbers, dates and optional parts.

Everything comes from one `random.Random`, so a seed names a reproducible set. Credentials use
only terms of the shipped contexts. The text leaves out the characters with known differences
(C0 controls but tab, LF and CR, DEL, and Unicode white space inside IRIs; numbers below 1e-6
and integers beyond 2**53): test_known_differences.py covers those on their own.
"""

import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from adapters.credentials import terms
from adapters.credentials.ob3 import build_credential
from lti_tool.domain import vocabularies as vocab
from lti_tool.domain.credentials import (
    CredentialContent,
    LearningOutcome,
    MicroCredential,
    QualityAssurance,
    Translation,
)
from tests.factories import make_micro_credential, make_organisation
from tests.interop.tool_credentials import ToolIssuers

# Runs of characters from many scripts, with the JSON and N-Quads specials (quote, backslash,
# tab, LF, CR), combining marks, joiners, bidi marks, C1 controls and astral characters.
_ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'.,",
    "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿĀăĄćČďĐēĘěğĦıĲłŃňŌőŒřŚşŠţŦūŮűŲŸŹżŽ",
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώ",
    "абвгдежзийклмнопрстуфхцчшщъыьэюяЁЖЩЮЯїієґ",
    "中文字学习证书微型资格欧洲联盟日本語のテキスト한국어",
    "مرحبا بالعالم شهادة",
    "שלום עולם תעודה",
    "हिन्दी प्रमाणपत्र",
    "\u0301\u0308\u0327\u200d\u200c\u200e\u200f\u202a\u202c\u2066\u2069\u00ad",
    "\u00a0\u2009\u3000\u2028\u2029\u0085\u0080\u009f",
    '"\\\t\n\r{}[]<>`^|~!@#$%&*()_+=:;?/',
    "🎓📜✨🇪🇺👩🏽‍🎓🧑‍🏫𝔘𝔫𝔦𝔠𝔬𝔡𝔢𐍈",
)
_LANGUAGES = ("en", "nl", "de", "el", "fr", "pt", "bg", "mt", "ga")
_SCALES = (Decimal("1"), Decimal("0.1"), Decimal("0.01"))


def random_text(rng: random.Random, *, min_length: int = 1, max_length: int = 40) -> str:
    """A string of `min_length` to `max_length` characters from runs of random scripts."""
    length = rng.randint(min_length, max_length)
    text = ""
    while len(text) < length:
        alphabet = rng.choice(_ALPHABETS)
        text += "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
    text = text[:length]
    return text if text.strip() else "x" + text  # the domain refuses blank titles


def random_moment(rng: random.Random, *, after: datetime | None = None) -> datetime:
    start = after or datetime(1990, 1, 1, tzinfo=UTC)
    return start + timedelta(seconds=rng.randint(0, 60 * 365 * 24 * 3600))


def random_number(rng: random.Random) -> int | float:
    """A JSON number both stacks read alike: an integer within 2**53, or a float above 1e-6."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.randint(-(2**53), 2**53)
    if kind == 1:
        return rng.randint(0, 100)
    if kind == 2:
        return round(rng.uniform(-1e6, 1e6), rng.randint(0, 6))
    return rng.choice([0.5, 2.5, 1e21, 1.5e300, 123456.789, 1e-6, 0.1 + 0.2, -7.25])


def random_content(rng: random.Random, tool: ToolIssuers, index: int) -> CredentialContent:
    """A CredentialContent with random text, numbers, dates, co-issuer, grade and logo."""
    slug = f"random-{rng.randrange(5)}"
    issuer = tool.organisation(
        slug,
        name=random_text(rng),
        country_code=rng.choice(("NL", "BE", "DE", "GR", "PT", "FI")),
        url=f"https://{slug}.example/{rng.choice(('', 'über-uns', '学校', 'a%20b'))}",
        logo_url=rng.choice((None, f"https://tool.example/orgs/{slug}/logo")),
    )
    co_issuers = ()
    if rng.random() < 0.7:
        co_issuers = (
            make_organisation(
                slug="microvet",
                name=random_text(rng),
                did=rng.choice((None, "did:web:tool.example:orgs:microvet")),
                url=rng.choice(("https://microvet.example", "https://alliance.example/ευρώπη")),
            ),
        )
    issued_at = random_moment(rng)
    return CredentialContent(
        credential_id=f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
        achievement_id=f"https://tool.example/micro-credentials/{index}/versions/{index % 7}",
        micro_credential=random_micro_credential(rng),
        issuer=issuer,
        co_issuers=co_issuers,
        learner_name=random_text(rng, max_length=60),
        issued_at=issued_at,
        awarded_at=issued_at - timedelta(seconds=rng.randint(0, 90 * 24 * 3600)),
        grade=rng.choice((None, random_text(rng, max_length=8), f"{rng.randint(0, 100)} %")),
    )


def random_micro_credential(rng: random.Random) -> MicroCredential:
    """A definition with random text and numbers, and each optional Annex I element or not."""
    language = rng.choice(_LANGUAGES)
    optional: dict = {}
    if rng.random() < 0.4:
        others = [code for code in _LANGUAGES if code != language]
        optional["translations"] = tuple(
            Translation(code, random_text(rng), random_text(rng, min_length=0, max_length=80))
            for code in rng.sample(others, rng.randint(1, 3))
        )
    if rng.random() < 0.4:
        optional["hours"] = rng.randint(1, 3600)
    if rng.random() < 0.3:
        optional["ecvet_points"] = Decimal(rng.randint(1, 1200)) / 10
    for name, vocabulary in (
        ("assessment_types", vocab.ASSESSMENT_TYPES),
        ("participation_forms", vocab.PARTICIPATION_FORMS),
    ):
        if rng.random() < 0.6:
            keys = [concept.key for concept in vocabulary]
            optional[name] = tuple(rng.sample(keys, rng.randint(1, 3)))
    if rng.random() < 0.4:
        optional["quality_assurance"] = (
            QualityAssurance(
                kind=rng.choice([concept.key for concept in vocab.QUALITY_ASSURANCE_TYPES]),
                body=random_text(rng),
                description=random_text(rng, min_length=0, max_length=80),
                body_url=rng.choice((None, "https://qa.example/über")),
            ),
        )
    for name, vocabulary in (
        ("nqf_level", vocab.NQF_LEVELS),
        ("supervision", vocab.SUPERVISION_LEVELS),
        ("integration", vocab.INTEGRATION_OPTIONS),
    ):
        if rng.random() < 0.4:
            optional[name] = rng.choice([concept.key for concept in vocabulary])
    for name in ("prerequisites", "further_information"):
        if rng.random() < 0.4:
            optional[name] = random_text(rng, max_length=200)
    if rng.random() < 0.3:
        optional["is_part_of"] = (f"https://tool.example/programmes/{rng.randint(1, 99)}",)
    return make_micro_credential(
        title=random_text(rng),
        description=random_text(rng, max_length=300),
        learning_outcomes=tuple(_random_outcome(rng) for _ in range(rng.randint(1, 6))),
        ects=(Decimal(rng.randint(1, 6000)) / 100).quantize(rng.choice(_SCALES)) or Decimal("0.1"),
        eqf_level=rng.randint(1, 8),
        language=language,
        **optional,
    )


def _random_outcome(rng: random.Random) -> LearningOutcome:
    skills = tuple(
        f"{vocab.ESCO_SKILL_IRI_PREFIX}{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        for _ in range(rng.choice((0, 0, 1, 2)))
    )
    return LearningOutcome(random_text(rng, max_length=120), skills)


def random_credential(rng: random.Random, tool: ToolIssuers, index: int) -> dict:
    """An unsigned credential: the tool's own form of a random content, plus optional parts."""
    document = build_credential(random_content(rng, tool, index))
    subject = document["credentialSubject"]
    achievement = subject["achievement"]
    if rng.random() < 0.5:
        valid_until = random_moment(rng, after=datetime.fromisoformat(document["validFrom"]))
        document["validUntil"] = _xsd_variant(rng, valid_until)
    if rng.random() < 0.4:
        document["description"] = random_text(rng, max_length=200)
    if rng.random() < 0.5:
        subject["id"] = rng.choice(
            (f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}", "did:example:λ-1")
        )
    if rng.random() < 0.5:
        subject["creditsEarned"] = random_number(rng)
    if rng.random() < 0.5:
        achievement["tag"] = [random_text(rng, max_length=20) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.4:
        achievement["image"] = {
            "id": f"https://tool.example/images/{index}.png",
            "type": terms.IMAGE,
            "caption": random_text(rng),
        }
    if rng.random() < 0.5:
        _add_result_description(rng, document, index)
    if rng.random() < 0.3:
        document["evidence"] = [
            {"type": ["Evidence"], "name": random_text(rng), "narrative": random_text(rng)}
            for _ in range(rng.randint(1, 3))
        ]
    if rng.random() < 0.3:
        document["credentialSchema"] = [
            {
                "id": f"https://tool.example/schemas/{index}.json",
                "type": "JsonSchema",
                "jsonSchema": _random_json(rng, depth=3),
            }
        ]
    return document


def _add_result_description(rng: random.Random, document: dict, index: int) -> None:
    description_id = f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    document["credentialSubject"]["achievement"]["resultDescription"] = [
        {
            "id": description_id,
            "type": ["ResultDescription"],
            "name": random_text(rng),
            "resultType": rng.choice(("Percent", "LetterGrade", "ext:Grade")),
            "valueMin": str(rng.randint(0, 10)),
            "valueMax": str(rng.randint(10, 100)),
        }
    ]
    document["credentialSubject"]["result"] = [
        {"type": ["Result"], "resultDescription": description_id, "value": random_text(rng)}
    ]


def _random_json(rng: random.Random, *, depth: int):
    """A JSON value (an @json literal: JCS-canonicalised by both stacks)."""
    kind = rng.randrange(6 if depth > 0 else 4)
    if kind == 0:
        return random_text(rng, max_length=12)
    if kind == 1:
        return random_number(rng)
    if kind == 2:
        return rng.choice((True, False, None))
    if kind == 3:
        return rng.randint(-5, 5)
    if kind == 4:
        return [_random_json(rng, depth=depth - 1) for _ in range(rng.randint(0, 4))]
    return {
        random_text(rng, max_length=8): _random_json(rng, depth=depth - 1)
        for _ in range(rng.randint(0, 4))
    }


def _xsd_variant(rng: random.Random, moment: datetime) -> str:
    """xsd:dateTimeStamp in one of its lexical forms: Z, an offset, fractional seconds."""
    form = rng.randrange(3)
    if form == 0:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if form == 1:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    offset = timedelta(hours=rng.randint(-12, 14))
    shifted = moment.astimezone(UTC) + offset
    sign = "+" if offset >= timedelta(0) else "-"
    hours = abs(int(offset.total_seconds())) // 3600
    return shifted.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{hours:02d}:00"
