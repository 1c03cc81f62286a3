"""The fixed inputs of our own OB3 known-answer vector (tests/vectors/ob3-eddsa-rdfc-2022/)."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.credentials.keys import public_key_multibase
from adapters.sealing import KeySealer
from lti_tool.domain.credentials import CredentialContent, MicroCredential, Organisation
from lti_tool.domain.keys import SigningKey

VECTOR_DIR = Path(__file__).parents[2] / "vectors" / "ob3-eddsa-rdfc-2022"
# RFC 8032 §7.1 TEST 1 secret key: a published, fixed Ed25519 seed.
SEED = bytes.fromhex("9d61b19d effd5a60 ba844af4 92ec2cc4 4449c569 7b326919 703bac03 1cae7f60")


def known_content() -> CredentialContent:
    """A credential content with every value fixed, so its signed form never changes."""
    school = Organisation(
        slug="demo-vet-school",
        name="Demo VET School",
        country_code="NL",
        url="https://demo-vet-school.example",
        logo_url="https://tool.example/orgs/demo-vet-school/logo",
        did="did:web:tool.example:orgs:demo-vet-school",
    )
    alliance = Organisation(
        slug="microvet",
        name="microVET European Alliance for Micro-credentials",
        country_code="BE",
        url="https://microvet.example",
        logo_url="https://tool.example/orgs/microvet/logo",
    )
    return CredentialContent(
        credential_id="urn:uuid:6f1c1b7e-2d0a-4e35-9a8c-51f0d3a2b4c6",
        achievement_id="https://tool.example/micro-credentials/7/versions/1",
        micro_credential=MicroCredential(
            title="Digital content for the workplace",
            description="Create and share digital content in a workplace context.",
            learning_outcomes=(
                "The learner develops digital content for a workplace context.",
                "The learner works in a team on a shared deliverable.",
            ),
            ects=Decimal("2.5"),
            eqf_level=4,
        ),
        issuer=school,
        co_issuers=(alliance,),
        learner_name="Ana Andromeda",
        issued_at=datetime(2026, 6, 30, 12, 0, tzinfo=UTC),
        awarded_at=datetime(2026, 6, 29, 9, 30, tzinfo=UTC),
        grade="7.8",
    )


def known_key(sealer: KeySealer) -> SigningKey:
    """The RFC 8032 test key as an organisation's "key-1", sealed with `sealer`."""
    private_key = Ed25519PrivateKey.from_private_bytes(SEED)
    return SigningKey(
        key_id="key-1",
        public_key_multibase=public_key_multibase(private_key.public_key()),
        sealed_private_key=sealer.seal(SEED),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
