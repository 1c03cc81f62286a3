"""LTI endpoints: OIDC login initiation, the launch, and the tool's public keys."""

from flask import Blueprint

bp = Blueprint("lti", __name__)

from lti_tool.lti import routes  # noqa: E402,F401  (routes attach themselves to bp)
