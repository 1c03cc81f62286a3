"""Private keys sealed at rest with Fernet, so a database dump alone reveals no signing key."""

import base64
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from adapters.errors import AdapterError
from lti_tool.domain.errors import Unavailable

# Fixed HKDF parameters: changing either changes every derived key and strands sealed data.
_HKDF_SALT = b"microvet-lti-tool/key-sealing"
_HKDF_INFO = b"fernet-key-v1"


class SealingError(AdapterError):
    """A sealing key is unusable, or a sealed value cannot be opened with any of the keys."""

    default_message = "A sealed private key could not be opened with the configured keys."


class KeySealer:
    """Seals private key bytes with the first of its Fernet keys and opens them with any of them.

    Rotation: put the new key first and keep the old ones after it until `reseal` has moved every
    stored value to the new key. Raises SealingError when no key is given or a key is not a
    Fernet key (32 bytes, URL-safe base64).
    """

    def __init__(self, keys: Sequence[str]):
        if isinstance(keys, str) or not keys:
            raise SealingError("At least one sealing key is needed, as a list of Fernet keys.")
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key))
            except (ValueError, TypeError):
                raise SealingError(
                    f"Sealing key number {position} is not a Fernet key "
                    "(32 bytes, URL-safe base64)."
                ) from None
        self._fernet = MultiFernet(fernets)

    def seal(self, data: bytes) -> str:
        """The sealed form of `data` (a Fernet token, ASCII), made with the first key."""
        return self._fernet.encrypt(data).decode("ascii")

    def unseal(self, token: str) -> bytes:
        """The bytes sealed in `token`; raises SealingError when no key opens it."""
        try:
            return self._fernet.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError, AttributeError):
            raise SealingError() from None

    def reseal(self, token: str) -> str:
        """`token` sealed again with the first key, for key rotation; raises SealingError."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError, AttributeError):
            raise SealingError() from None

    @staticmethod
    def derive_key(secret: str) -> str:
        """A Fernet key derived from any secret string with HKDF-SHA256 (RFC 5869).

        Meant for development defaults derived from SECRET_KEY; production sets real keys.
        """
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO
        ).derive(secret.encode("utf-8"))
        return base64.urlsafe_b64encode(derived).decode("ascii")


class SealedSecrets:
    """Secrets such as a platform's Moodle token or webhook secret, sealed with the KeySealer
    of the private keys (implements services.ports.SecretSealer)."""

    def __init__(self, sealer: KeySealer):
        self._sealer = sealer

    def seal(self, secret: str) -> str:
        return self._sealer.seal(secret.encode("utf-8"))

    def unseal(self, sealed: str) -> str:
        try:
            return self._sealer.unseal(sealed).decode("utf-8")
        except SealingError:
            raise Unavailable(
                "A stored secret cannot be opened with the tool's KEY_ENCRYPTION_KEYS; an "
                "administrator creates a new one."
            ) from None
