"""The fixed inputs of our own OB3 known-answer vector (tests/vectors/ob3-eddsa-rdfc-2022/)."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.credentials.keys import public_key_multibase
from adapters.sealing import KeySealer
from lti_tool.domain.credentials import (
    CredentialContent,
    LearningOutcome,
    MicroCredential,
    Organisation,
    QualityAssurance,
    Translation,
)
from lti_tool.domain.endorsements import EndorsementContent
from lti_tool.domain.keys import SigningKey

VECTOR_DIR = Path(__file__).parents[2] / "vectors" / "ob3-eddsa-rdfc-2022"
# RFC 8032 §7.1 TEST 1 secret key: a published, fixed Ed25519 seed.
SEED = bytes.fromhex("9d61b19d effd5a60 ba844af4 92ec2cc4 4449c569 7b326919 703bac03 1cae7f60")
# RFC 8032 §7.1 TEST 2 secret key: the alliance's, which signs the endorsement.
ALLIANCE_SEED = bytes.fromhex(
    "4ccd089b 28ff96da 9db6c346 ec114e0f 5b8a319f 35aba624 da8cf6ed 4fb8a6fb"
)


def known_school() -> Organisation:
    return Organisation(
        slug="demo-vet-school",
        name="Demo VET School",
        country_code="NL",
        url="https://demo-vet-school.example",
        logo_url="https://tool.example/orgs/demo-vet-school/logo",
        did="did:web:tool.example:orgs:demo-vet-school",
    )


def known_alliance() -> Organisation:
    return Organisation(
        slug="microvet",
        name="microVET European Alliance for Micro-credentials",
        country_code="BE",
        url="https://microvet.example",
        logo_url="https://tool.example/orgs/microvet/logo",
        did="did:web:tool.example:orgs:microvet",
    )


def known_endorsement_content() -> EndorsementContent:
    """The alliance's endorsement of the known micro-credential, every value fixed."""
    return EndorsementContent(
        credential_id="urn:uuid:0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
        achievement_id="https://tool.example/micro-credentials/7",
        title="Digital content for the workplace",
        endorser=known_alliance(),
        awarding_body=known_school(),
        issued_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
    )


def known_content(endorsements: tuple[dict, ...] = ()) -> CredentialContent:
    """A credential content with every value fixed, so its signed form never changes: every
    mandatory Annex I element and every optional one, endorsed by the alliance."""
    school, alliance = known_school(), known_alliance()
    esco = "http://data.europa.eu/esco/skill/"
    return CredentialContent(
        credential_id="urn:uuid:6f1c1b7e-2d0a-4e35-9a8c-51f0d3a2b4c6",
        achievement_id="https://tool.example/micro-credentials/7",
        micro_credential=MicroCredential(
            title="Digital content for the workplace",
            description="Create and share digital content in a workplace context.",
            language="en",
            translations=(
                Translation(
                    "nl",
                    "Digitale content voor de werkplek",
                    "Digitale content maken en delen op de werkplek.",
                ),
            ),
            learning_outcomes=(
                LearningOutcome(
                    "The learner develops digital content for a workplace context.",
                    (f"{esco}5fd5c985-eaaa-47aa-8314-62359c54505a",),
                ),
                LearningOutcome(
                    "The learner works in a team on a shared deliverable.",
                    (f"{esco}326809fc-238d-40c2-881e-40042f7f2f0d",),
                ),
            ),
            ects=Decimal("2.5"),
            hours=70,
            eqf_level=4,
            nqf_level="c_ff656b33",
            assessment_types=("practical-assessment", "portfolio"),
            participation_forms=("blended",),
            quality_assurance=(
                QualityAssurance(
                    kind="programme-quality-assurance",
                    body="Example national VET quality assurance body",
                    description="Accredited VET programme",
                    body_url="https://vet-quality.example",
                    landing_page="https://vet-quality.example/register/demo-vet-school",
                ),
            ),
            awarding_bodies=(school, alliance),
            prerequisites="Basic digital skills.",
            supervision="supervised-onsite-id",
            integration="stackable",
            is_part_of=("https://microvet.example/programmes/digital-media",),
            further_information="Course page: https://demo-vet-school.example/digital-content",
            validity_months=60,
        ),
        issuer=school,
        co_issuers=(alliance,),
        learner_name="Ana Andromeda",
        issued_at=datetime(2026, 6, 30, 12, 0, tzinfo=UTC),
        awarded_at=datetime(2026, 6, 29, 9, 30, tzinfo=UTC),
        grade="7.8",
        endorsements=endorsements,
    )


def known_key(sealer: KeySealer, seed: bytes = SEED) -> SigningKey:
    """An RFC 8032 test key (TEST 1 unless `seed` says otherwise) as an organisation's "key-1",
    sealed with `sealer`."""
    private_key = Ed25519PrivateKey.from_private_bytes(seed)
    return SigningKey(
        key_id="key-1",
        public_key_multibase=public_key_multibase(private_key.public_key()),
        sealed_private_key=sealer.seal(seed),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def known_signed_credential(issuer, sealer: KeySealer) -> dict:
    """The known content signed by the school's key, with the alliance's signed endorsement."""
    endorsement = issuer.endorse(known_endorsement_content(), known_key(sealer, ALLIANCE_SEED))
    return issuer.issue(known_content(endorsements=(endorsement,)), known_key(sealer))
