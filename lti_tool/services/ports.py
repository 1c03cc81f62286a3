"""What the use cases need from the outside world, as Protocols; `wiring.py` supplies them."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from lti_tool.domain.browser_binding import BrowserSecretNeeded, LoginStart
from lti_tool.domain.credentials import CredentialContent
from lti_tool.domain.endorsements import EndorsementContent
from lti_tool.domain.grade_files import ColumnMapping, GradeColumn, GradeImport
from lti_tool.domain.keys import SigningKey
from lti_tool.domain.launch import DeepLinkRequest, Launch, LaunchRequest, PlacedResource
from lti_tool.domain.platforms import (
    ClientRegistration,
    PlatformConfiguration,
    ToolDescription,
    ToolKeyPair,
    WebServiceCheck,
)
from lti_tool.domain.results import Completion, CourseResults, Result
from lti_tool.domain.roster import Member
from lti_tool.domain.status import StatusListContent
from lti_tool.domain.verification import VerificationReport


class LtiLaunches(Protocol):
    def start_login(self, request: LaunchRequest, *, launch_url: str) -> LoginStart:
        """The platform URL to send the browser to, with the browser secret that binds the
        launch to it; raises LaunchRejected."""

    def validate_launch(self, request: LaunchRequest) -> Launch | BrowserSecretNeeded:
        """The validated launch, or what the browser must fetch from the platform's storage
        before sending it again; raises LaunchRejected."""


class DynamicRegistrar(Protocol):
    def platform_configuration(
        self, openid_configuration_url: str, registration_token: str
    ) -> PlatformConfiguration:
        """The platform's published configuration; raises InvalidInput/ServiceUnavailable."""

    def register(
        self,
        configuration: PlatformConfiguration,
        registration_token: str,
        tool: ToolDescription,
    ) -> ClientRegistration:
        """Register the tool with the platform; raises InvalidInput/ServiceUnavailable."""


class DeepLinkResponder(Protocol):
    def response_jwt(
        self,
        request: DeepLinkRequest,
        resources: Sequence[PlacedResource],
        *,
        issuer: str,
        client_id: str,
        deployment_id: str,
    ) -> str:
        """The signed LtiDeepLinkingResponse placing these resources; raises InvalidInput."""


class ResultFeed(Protocol):
    def results(
        self, *, issuer: str, client_id: str, lineitem_url: str, scopes: Sequence[str]
    ) -> list[Result]:
        """Every learner's result on one line item; raises ServiceUnavailable."""


class GradeFiles(Protocol):
    """Grade files teachers upload (CSV): Moodle's export or any mapped file."""

    def headers(self, data: bytes) -> list[str]:
        """The column names; raises InvalidInput for a file that cannot be read."""

    def suggested_mapping(self, data: bytes) -> ColumnMapping | None:
        """The mapping of Moodle's export (maxima not known), None for another file."""

    def column(self, header: str, maximum: Decimal | None) -> GradeColumn:
        """A column of scores as the teacher chose it."""

    def read(self, data: bytes, mapping: ColumnMapping) -> GradeImport:
        """Every row, or InvalidInput naming each faulty line (nothing read then)."""


class MoodleCourses(Protocol):
    """A Moodle site's web services, with the token an administrator stored for its platform."""

    def check(self, site_url: str, token: str) -> WebServiceCheck:
        """What the token reaches. Raises NotAllowed when Moodle refuses it, ServiceUnavailable
        when Moodle cannot be reached; each message says what to do."""

    def course_grades(self, site_url: str, token: str, course_id: int) -> CourseResults:
        """Every learner's grades in the course, its members and activities; no completions.

        Raises as `check` does, and NotFound for a course Moodle does not have.
        """

    def learner_completions(
        self, site_url: str, token: str, course_id: int, subject: str
    ) -> tuple[Completion, ...]:
        """One learner's course completion and activity completions; raises as
        `course_grades` does."""


class BadgeImages(Protocol):
    """Badge images a teacher uploads or has made."""

    def clean(self, data: bytes) -> tuple[str, bytes]:
        """The media type and safe bytes of an uploaded PNG or SVG (metadata and active content
        removed); raises InvalidInput saying what is wrong with the file."""

    def generate(self, *, title: str, logo: bytes | None, logo_type: str | None) -> bytes:
        """An SVG badge showing the logo (PNG or SVG) and the title."""


class JobQueue(Protocol):
    """Where parts of background jobs wait for a worker: RQ on Redis, or a thread in-process."""

    def enqueue(self, part_id: int) -> None:
        """Have a worker run `services.jobs.run_part` for the part, soon."""


class SecretSealer(Protocol):
    """Secrets the tool must read back (platforms' webhook secrets), sealed at rest with the
    KEY_ENCRYPTION_KEYS that seal its private keys."""

    def seal(self, secret: str) -> str:
        """The secret sealed for storage."""

    def unseal(self, sealed: str) -> str:
        """The secret; raises Unavailable when none of the configured keys opens it."""


class ScoreReporter(Protocol):
    def report_issued(
        self,
        *,
        issuer: str,
        client_id: str,
        lineitems_url: str,
        scopes: Sequence[str],
        tag: str,
        learner: str,
        issued_at: datetime,
    ) -> bool:
        """Post "credential issued" on the tagged line item; False if there is none."""


class RosterFeed(Protocol):
    def members(self, *, issuer: str, client_id: str, memberships_url: str) -> list[Member]:
        """Every member of the course; raises ServiceUnavailable."""


class CredentialIssuer(Protocol):
    def new_key(self, key_id: str, created_at: datetime) -> SigningKey:
        """A new signing key for an organisation, private half sealed."""

    def issue(self, content: CredentialContent, key: SigningKey) -> dict:
        """The signed credential document."""

    def endorse(self, content: EndorsementContent, key: SigningKey) -> dict:
        """The endorsement, signed by the key of the co-awarding body that endorses."""


class StatusListIssuer(Protocol):
    def issue(self, content: StatusListContent, key: SigningKey) -> dict:
        """The signed status list credential, by the key of the credentials' issuer."""


class CredentialVerifier(Protocol):
    def verify(self, document: object) -> VerificationReport:
        """Every check on the document; never raises."""


class SchemaCheck(Protocol):
    name: str  # the schema's $id or title, for people

    def problems(self, document: object) -> list[str]:
        """Where the document departs from the schema, in words; empty when it conforms."""


class DidDocuments(Protocol):
    def did_for(self, slug: str) -> str:
        """The did:web this deployment gives the organisation."""

    def slug_for(self, did: str) -> str | None:
        """The organisation slug of a DID this deployment hosts, else None."""

    def document(self, did: str, keys: Sequence[SigningKey]) -> dict:
        """The DID document publishing these keys."""


class ToolKeys(Protocol):
    def new_key(self, created_at: datetime) -> ToolKeyPair:
        """A new RSA key for LTI, private half sealed."""

    def jwks(self, keys: Sequence[ToolKeyPair]) -> dict:
        """The public JSON Web Key Set of these keys."""


class Clock(Protocol):
    def __call__(self) -> datetime:
        """Now, timezone-aware, in UTC."""
