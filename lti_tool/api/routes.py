"""JSON endpoints; errors answer JSON `{"error": {status, title, message}}`."""

import json
from pathlib import Path

from flask import jsonify, request

from lti_tool.api import bp
from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.services import verifying

_OPENAPI = Path(__file__).with_name("openapi.json")


@bp.post("/verify")
def verify():
    """Verify the credential in the body; 200 with the report whether or not it verified."""
    if not request.is_json:
        raise InvalidInput(
            "Send the credential as the JSON body, with Content-Type: application/json."
        )
    text = request.get_data(as_text=True)
    report = verifying.verify_credential_text(text, verifier=container().verifier)
    return jsonify(report.as_dict())


@bp.get("/openapi.json")
def openapi():
    return jsonify(json.loads(_OPENAPI.read_text(encoding="utf-8")))
