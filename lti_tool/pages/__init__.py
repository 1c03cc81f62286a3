"""Public pages: the start page, health, and what the organisations publish (DID, logo)."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

from lti_tool.pages import routes  # noqa: E402,F401  (routes attach themselves to bp)
