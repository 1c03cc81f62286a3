"""The teacher's pages: define micro-credentials, set the rule that awards them, sync results."""

from flask import Blueprint

bp = Blueprint("teacher", __name__)

from lti_tool.teacher import grade_import, routes, rule_routes  # noqa: E402,F401  (attach to bp)
