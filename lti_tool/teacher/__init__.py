"""The teacher's pages: define micro-credentials, set the rule that awards them, sync results."""

from flask import Blueprint

bp = Blueprint("teacher", __name__)

from lti_tool.teacher import (  # noqa: E402,F401  (the views attach themselves to bp)
    approval_routes,
    designer_routes,
    grade_import,
    job_routes,
    routes,
    rule_routes,
)
