"""The JSON API (OpenAPI description at /api/v1/openapi.json)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from lti_tool.api import routes  # noqa: E402,F401  (routes attach themselves to bp)
