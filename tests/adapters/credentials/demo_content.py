"""The demo micro-credential of `flask demo load` as one fixed credential content."""

from datetime import UTC, datetime
from pathlib import Path

from lti_tool.demo_setup import DEMO_MICRO_CREDENTIAL
from lti_tool.domain.credentials import CredentialContent, Organisation

EXPECTED = Path(__file__).parents[2] / "vectors" / "ob3-demo-micro-credential" / "unsigned.json"

SCHOOL = Organisation(
    slug="demo-vet-school",
    name="Demo VET School",
    country_code="NL",
    url="https://demo-vet-school.example",
    logo_url="https://tool.test/orgs/demo-vet-school/logo",
    did="did:web:tool.test:orgs:demo-vet-school",
)
ALLIANCE = Organisation(
    slug="microvet-alliance",
    name="microVET European Alliance",
    country_code="NL",
    url="https://microvet.example",
    logo_url="https://tool.test/orgs/microvet-alliance/logo",
    did="did:web:tool.test:orgs:microvet-alliance",
)


def demo_content(**overrides) -> CredentialContent:
    """Sam Student's credential of the demo micro-credential, every value fixed."""
    values = {
        "credential_id": "urn:uuid:3b1f5c2e-8d4a-4f6b-9c0d-1e2f3a4b5c6d",
        "achievement_id": "https://tool.test/micro-credentials/1",
        "micro_credential": DEMO_MICRO_CREDENTIAL,
        "issuer": SCHOOL,
        "co_issuers": (ALLIANCE,),
        "learner_name": "Sam Student",
        "issued_at": datetime(2026, 6, 30, 12, 0, tzinfo=UTC),
        "awarded_at": datetime(2026, 6, 29, 9, 30, tzinfo=UTC),
        "grade": "85 %",
        **overrides,
    }
    return CredentialContent(**values)
