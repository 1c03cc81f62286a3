"""The administrator's pages: what to enter in the LMS, and what is registered here."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from lti_tool.admin import routes  # noqa: E402,F401  (routes attach themselves to bp)
