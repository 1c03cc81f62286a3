"""The base of every error an adapter raises: callers catch the outside world in one place."""


class AdapterError(Exception):
    """An outside counterpart failed or answered something unusable; the message says which."""

    default_message = "An outside system did not answer as expected."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
