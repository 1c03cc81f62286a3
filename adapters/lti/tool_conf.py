"""A pylti1p3 tool configuration that reads registrations from the tool's own database."""

import functools

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

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

    def __init__(self, registrations: RegistrationLookup):
        super().__init__()
        self._registrations = registrations
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
        return to_pylti_registration(found) if found else None

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str | None, *args, **kwargs
    ) -> Deployment | None:
        found = self._find(iss, client_id)
        if found is None or deployment_id not in found.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)


def to_pylti_registration(found: PlatformRegistration) -> Registration:
    """A pylti1p3 Registration for one stored platform."""
    return (
        Registration()
        .set_issuer(found.issuer)
        .set_client_id(found.client_id)
        .set_auth_login_url(found.auth_login_url)
        .set_auth_token_url(found.auth_token_url)
        .set_key_set_url(found.key_set_url)
    )


def signing_registration(
    found: PlatformRegistration, key: ToolKeyPair, *, sealer: KeySealer
) -> Registration:
    """A pylti1p3 Registration that signs with the tool's key (its kid in the JWT header)."""
    private_key, public_pem = _opened_key(key.sealed_private_key, sealer)
    registration = to_pylti_registration(found)
    registration.set_tool_private_key(private_key)  # PyJWT signs with a key object as with a PEM
    registration.set_tool_public_key(public_pem)
    return registration


@functools.lru_cache(maxsize=8)
def _opened_key(sealed_private_key: str, sealer: KeySealer) -> tuple[RSAPrivateKey, str]:
    """The tool key, unsealed and parsed once per process: loading and checking an RSA key
    costs some 70 ms, which every service call and deep-linking answer paid, twice."""
    private_key = serialization.load_pem_private_key(
        sealer.unseal(sealed_private_key), password=None
    )
    if not isinstance(private_key, RSAPrivateKey):
        raise TypeError("the tool's LTI key is not an RSA key")
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_key, public_pem.decode()
