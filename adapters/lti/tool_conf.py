"""A pylti1p3 tool configuration that reads registrations from the tool's own database."""

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from adapters.lti.keys import public_pem_of
from adapters.lti.stores import RegistrationLookup
from adapters.sealing import KeySealer
from lti_tool.domain.platforms import PlatformRegistration, ToolKeyPair


class StoredToolConf(ToolConfAbstract):
    """Finds registrations and deployments through a lookup, so platforms live in the database.

    Every issuer is treated as possibly having many clients: the client_id always takes part
    in the lookup, as several organisations may register the same LMS.

    Make one per request: it remembers what it found, as pylti1p3 asks for the same
    registration up to three times in one launch.
    """

    def __init__(self, registrations: RegistrationLookup, *, private_key_pem: str | None = None):
        super().__init__()
        self._registrations = registrations
        self._private_key_pem = private_key_pem
        self._found: dict[tuple[str, str | None], PlatformRegistration | None] = {}

    def _find(self, iss: str, client_id: str | None) -> PlatformRegistration | None:
        if (iss, client_id) not in self._found:
            self._found[iss, client_id] = self._registrations.find(iss, client_id)
        return self._found[iss, client_id]

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration | None:
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(
        self, iss: str, client_id: str | None, *args, **kwargs
    ) -> Registration | None:
        found = self._find(iss, client_id)
        return to_pylti_registration(found, self._private_key_pem) if found else None

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str | None, *args, **kwargs
    ) -> Deployment | None:
        found = self._find(iss, client_id)
        if found is None or deployment_id not in found.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)


def to_pylti_registration(
    found: PlatformRegistration, private_key_pem: str | None = None
) -> Registration:
    """A pylti1p3 Registration for one stored platform, with the tool key when services need it."""
    registration = (
        Registration()
        .set_issuer(found.issuer)
        .set_client_id(found.client_id)
        .set_auth_login_url(found.auth_login_url)
        .set_auth_token_url(found.auth_token_url)
        .set_key_set_url(found.key_set_url)
    )
    if private_key_pem:
        registration.set_tool_private_key(private_key_pem)
    return registration


def signing_registration(
    found: PlatformRegistration, key: ToolKeyPair, *, sealer: KeySealer
) -> Registration:
    """A pylti1p3 Registration that signs with the tool's key (its kid in the JWT header)."""
    private_pem = sealer.unseal(key.sealed_private_key).decode()
    registration = to_pylti_registration(found, private_pem)
    registration.set_tool_public_key(public_pem_of(private_pem))
    return registration
