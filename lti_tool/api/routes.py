"""JSON endpoints; errors answer JSON `{"error": {status, title, message}}`."""

import json
from pathlib import Path

from flask import jsonify, request

from lti_tool.api import bp
from lti_tool.container import container
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.webhook import SignatureRefused, TooManyEntries
from lti_tool.errors import error_response
from lti_tool.services import verifying, webhook

_OPENAPI = Path(__file__).with_name("openapi.json")
# A push of 5,000 results is about 700 kB of JSON; the limit holds whatever MAX_UPLOAD_BYTES is.
_RESULTS_MAX_BYTES = 1024 * 1024


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


@bp.post("/results")
def results():
    """Keep the signed grades and completions of a course (see openapi.json); 200 with counts."""
    request.max_content_length = _RESULTS_MAX_BYTES
    deps = container()
    summary = webhook.receive_results(
        request.get_data(cache=False),
        timestamp=request.headers.get("X-Microvet-Timestamp"),
        signature=request.headers.get("X-Microvet-Signature"),
        uow=deps.uow(),
        secret_sealer=deps.secret_sealer,
        clock=deps.clock,
    )
    return jsonify(summary.as_dict())


@bp.errorhandler(SignatureRefused)
def _signature_refused(error: SignatureRefused):
    answer, status = error_response(401, "Signature refused", error.message)
    answer.headers["WWW-Authenticate"] = 'HMAC-SHA256 realm="/api/v1/results"'
    return answer, status


@bp.errorhandler(TooManyEntries)
def _too_many_entries(error: TooManyEntries):
    return error_response(413, "Too large", error.message)


@bp.get("/openapi.json")
def openapi():
    return jsonify(json.loads(_OPENAPI.read_text(encoding="utf-8")))
