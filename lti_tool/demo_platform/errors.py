"""What the emulated Moodle refuses, each error carrying how Moodle answers it."""


class DemoPlatformError(Exception):
    """Base of the emulator's refusals."""

    default_message = "the demo platform refused the request"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        """The human-readable reason."""
        return str(self.args[0])


class AuthRequestError(DemoPlatformError):
    """An OIDC authentication request that auth.php refuses; `code` is the OIDC error code."""

    default_message = "invalid authentication request"

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class TokenRequestError(DemoPlatformError):
    """A client_credentials request that token.php refuses; `code` is the OAuth 2 error code."""

    default_message = "invalid token request"

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or code)
        self.code = code


class ServiceError(DemoPlatformError):
    """A services.php call that Moodle answers with its generic JSON error (status and reason)."""

    default_message = ""

    def __init__(self, status: int, reason: str = "") -> None:
        super().__init__(reason)
        self.status = status


class ScoreRejectedError(DemoPlatformError):
    """A score Moodle refuses: 400 when incomplete or for someone ungradable, 409 when older."""

    default_message = "Incorrect score received"

    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(message)
        self.status = status


class RegistrationError(DemoPlatformError):
    """A dynamic registration openid-registration.php refuses: 401 for the registration token,
    400 for the request; the message is the plain text body Moodle answers."""

    default_message = "invalid registration"

    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(message)
        self.status = status
