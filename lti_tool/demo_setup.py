"""The demo's composition root: the emulated Moodle for this tool, and the demo organisations."""

from pathlib import Path

from config.settings import Settings
from lti_tool.demo_platform import DemoMoodle, ToolRegistration
from lti_tool.services.organisations import OrganisationSpec
from lti_tool.services.platforms import PlatformSpec

CLIENT_ID = "demo-tool-client"
DEPLOYMENT_ID = "1"  # Moodle's deployment id is the tool type's id
_ASSETS = Path(__file__).with_name("demo_assets")


def platform_issuer(base_url: str) -> str:
    return f"{base_url}/demo-platform"


def build_demo_platform(settings: Settings) -> DemoMoodle:
    """The emulated Moodle, registered with this tool's URLs; its key persists in the instance."""
    base = settings.base_url
    return DemoMoodle(
        issuer=platform_issuer(base),
        tool=ToolRegistration(
            client_id=CLIENT_ID,
            initiate_login_url=f"{base}/lti/login",
            target_link_uri=f"{base}/lti/launch",
            jwks_url=f"{base}/lti/jwks.json",
        ),
        key_path=settings.instance_path / "demo-platform-key.pem",
    )


def demo_specs(base_url: str) -> dict:
    """The keyword arguments of `services.demo.load_demo`: school, alliance and platform."""
    issuer = platform_issuer(base_url)
    return {
        "school": OrganisationSpec(
            slug="demo-vet-school",
            name="Demo VET School",
            country_code="NL",
            url="https://demo-vet-school.example",
            is_alliance=False,
            logo=(_ASSETS / "demo-vet-school.svg").read_bytes(),
        ),
        "alliance": OrganisationSpec(
            slug="microvet-alliance",
            name="microVET European Alliance",
            country_code="NL",
            url="https://microvet.example",
            is_alliance=True,
            logo=(_ASSETS / "microvet-alliance.svg").read_bytes(),
        ),
        "platform": PlatformSpec.for_moodle(
            name="Demo Moodle",
            issuer=issuer,
            client_id=CLIENT_ID,
            deployment_ids=(DEPLOYMENT_ID,),
        ),
    }
