"""Use case: anyone checks a credential they were given."""

import json

from lti_tool.domain.verification import Check, VerificationReport
from lti_tool.services.ports import CredentialVerifier


def verify_credential_text(text: str, *, verifier: CredentialVerifier) -> VerificationReport:
    """Parse and verify a credential pasted or uploaded as JSON text; never raises."""
    try:
        document = json.loads(text)
    except ValueError as error:
        return VerificationReport(
            checks=(
                Check(
                    "format",
                    False,
                    f"This is not JSON, so it cannot be a credential ({error}). Paste or upload "
                    "the .json file exactly as it was downloaded.",
                ),
            )
        )
    return verifier.verify(document)
