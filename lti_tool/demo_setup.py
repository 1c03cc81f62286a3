"""The demo's composition root: the emulated Moodle for this tool, the demo organisations, and
the demo course's micro-credential."""

from decimal import Decimal
from pathlib import Path

from config.settings import Settings
from lti_tool.demo_platform import DemoMoodle, ToolRegistration, seed
from lti_tool.domain.credentials import (
    LearningOutcome,
    MicroCredential,
    QualityAssurance,
    Translation,
)
from lti_tool.services.demo import CourseSpec
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
    """The keyword arguments of `services.demo.load_demo`: school, alliance, platform, and the
    platform's course with its micro-credential."""
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
        "course": CourseSpec(
            context_id=str(seed.COURSE.id),
            label=seed.COURSE.shortname,
            title=seed.COURSE.fullname,
        ),
        "micro_credential": DEMO_MICRO_CREDENTIAL,
        "base_url": base_url,
        "moodle_token": seed.WS_TOKEN,
    }


_ESCO = "http://data.europa.eu/esco/skill/"
# Every mandatory Annex I element and most optional ones, in English and Dutch; the ESCO skills
# are those of the EU's official Annex I sample (shared/standards/elm/examples).
DEMO_MICRO_CREDENTIAL = MicroCredential(
    title="Digital content creation in a team",
    description=(
        "Plan, create and publish digital content for a real client of the school, working "
        "in a small team."
    ),
    language="en",
    translations=(
        Translation(
            language="nl",
            title="Digitale content maken in teamverband",
            description=(
                "Digitale content plannen, maken en publiceren voor een echte opdrachtgever "
                "van de school, in een klein team."
            ),
        ),
    ),
    learning_outcomes=(
        LearningOutcome(
            "The learner develops digital content for a client's communication channels.",
            (f"{_ESCO}5fd5c985-eaaa-47aa-8314-62359c54505a",),
        ),
        LearningOutcome(
            "The learner works with team members and the client towards a shared result.",
            (
                f"{_ESCO}326809fc-238d-40c2-881e-40042f7f2f0d",
                f"{_ESCO}80f308e6-0e09-404a-80cd-ec5f50f6f304",
            ),
        ),
        LearningOutcome("The learner presents the result and reflects on the process."),
    ),
    ects=Decimal("3"),
    hours=84,
    eqf_level=4,
    nqf_level="c_ff656b33",  # NLQF Level 4
    assessment_types=("practical-assessment", "portfolio"),
    participation_forms=("blended",),
    quality_assurance=(
        QualityAssurance(
            kind="programme-quality-assurance",
            body="Demo national VET quality assurance body",
            description="Accredited VET programme",
            body_url="https://vet-quality.example",
            landing_page="https://vet-quality.example/register/demo-vet-school",
        ),
    ),
    prerequisites="Basic digital skills; no prior qualification needed.",
    supervision="supervised-onsite-id",
    integration="stackable",
    is_part_of=("https://microvet.example/programmes/digital-media",),
    further_information="The course runs twice a year; see https://demo-vet-school.example.",
    validity_months=60,
)
