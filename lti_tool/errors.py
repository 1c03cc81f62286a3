"""One place where errors become responses: JSON for the API, a page for people."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lti_tool.domain import errors

log = logging.getLogger(__name__)

STATUS = {
    errors.InvalidInput: 400,
    errors.LaunchRejected: 400,
    errors.NotAllowed: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.ServiceUnavailable: 502,
    errors.Unavailable: 503,
}


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(errors.DomainError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def wants_json() -> bool:
    """API paths and clients that prefer JSON get JSON errors."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, title: str, message: str):
    if wants_json():
        return jsonify({"error": {"status": status, "title": title, "message": message}}), status
    return render_template("error.html", status=status, title=title, message=message), status


def _domain_error(error: errors.DomainError):
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
    log.info("request refused", extra={"status": status, "kind": type(error).__name__})
    return error_response(status, _title(status), gettext(error.message))


def _csrf_error(error: CSRFError):
    return error_response(
        400,
        gettext("The form expired"),
        gettext(
            "The form was open too long or came from elsewhere. Reload the page and try again."
        ),
    )


def _http_error(error: HTTPException):
    status = error.code or 500
    messages = {
        404: gettext("There is nothing at this address. Check the link, or go back and try again."),
        405: gettext("This address does not accept that kind of request."),
        413: gettext("What you sent is too large. Send a smaller file."),
    }
    return error_response(status, _title(status), messages.get(status, error.description or ""))


def _unexpected_error(error: Exception):
    log.exception("unexpected error")
    return error_response(
        500,
        gettext("Something went wrong"),
        gettext(
            "Something went wrong on our side. Try again; if it keeps happening, tell your "
            "administrator."
        ),
    )


def _title(status: int) -> str:
    return {
        400: gettext("This request could not be completed"),
        401: gettext("You need to sign in"),
        403: gettext("Not allowed"),
        404: gettext("Not found"),
        405: gettext("Not allowed here"),
        409: gettext("This changed in the meantime"),
        413: gettext("Too large"),
        502: gettext("The learning platform did not answer"),
        503: gettext("Temporarily unavailable"),
    }.get(status, gettext("Error"))
