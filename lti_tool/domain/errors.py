"""Errors the domain raises; `lti_tool.app` turns each kind into one HTTP status."""


class DomainError(Exception):
    """Base of every error a person can act on; carries a message fit to show them."""

    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class InvalidInput(DomainError):
    """What was sent is malformed or incomplete (HTTP 400)."""

    default_message = "Some of the information sent is missing or not valid."


class NotAllowed(DomainError):
    """The person may not do this (HTTP 403)."""

    default_message = "You are not allowed to do this."


class NotFound(DomainError):
    """The thing asked for does not exist, or is not visible to this person (HTTP 404)."""

    default_message = "What you asked for was not found."


class Conflict(DomainError):
    """The request clashes with the current state (HTTP 409)."""

    default_message = "This conflicts with the current state; reload and try again."


class LaunchRejected(DomainError):
    """An LTI launch or login failed validation (HTTP 400 or 401); the message says why."""

    default_message = "The launch from your learning platform could not be validated."


class Unavailable(DomainError):
    """A part of the tool itself (its Redis, its keys) cannot serve this now (HTTP 503)."""

    default_message = "The tool cannot do this right now; try again in a moment."


class ServiceUnavailable(DomainError):
    """An outside system (the LMS, a DID host) did not answer as expected (HTTP 502)."""

    default_message = "The learning platform did not answer; try again in a moment."
