"""The public verifier page: anyone pastes or uploads a credential and sees every check."""

from flask import Blueprint

bp = Blueprint("verify", __name__)

from lti_tool.verify import routes  # noqa: E402,F401  (routes attach themselves to bp)
