"""The learner's pages: see earned micro-credentials, claim them, download the credential."""

from flask import Blueprint

bp = Blueprint("learner", __name__)

from lti_tool.learner import routes  # noqa: E402,F401  (routes attach themselves to bp)
