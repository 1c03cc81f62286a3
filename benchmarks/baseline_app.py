"""The baseline tool of the launch benchmark: LTI 1.3 launches as most Flask tools ship them.

pylti1p3's Flask contrib (`FlaskOIDCLogin`, `FlaskMessageLaunch`) over a `ToolConfDict`, the
OIDC state in a cookie and the nonce (and, as pylti1p3 does, the launch data) in Flask's cookie
session, and the platform's key set fetched over HTTP on every launch: no key caching, no
database. A valid launch redirects to /teacher/ or /learner/, as the tool under test does.

Served by gunicorn: `gunicorn 'benchmarks.baseline_app:create_app()'`, configured by the
environment variables `BENCH_*` read in `create_app`.
"""

import os
from collections.abc import Mapping

from flask import Flask, Response, redirect
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.tool_config import ToolConfDict


def create_app(environ: Mapping[str, str] | None = None) -> Flask:
    """The baseline app; every worker must get the same BENCH_SECRET_KEY to share sessions."""
    env = os.environ if environ is None else environ
    app = Flask(__name__)
    app.secret_key = env["BENCH_SECRET_KEY"]
    tool_conf = _tool_conf(env)
    launch_url = env["BENCH_BASE_URL"] + "/lti/launch"

    @app.route("/lti/login", methods=["GET", "POST"])
    def login() -> Response:
        return FlaskOIDCLogin(FlaskRequest(), tool_conf).redirect(launch_url)

    @app.post("/lti/launch")
    def launch() -> Response:
        message_launch = FlaskMessageLaunch(FlaskRequest(), tool_conf)
        message_launch.get_launch_data()  # validates: state, nonce, signature, deployment
        return redirect("/teacher/" if message_launch.check_teacher_access() else "/learner/")

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    app.register_error_handler(LtiException, _refused)
    app.register_error_handler(OIDCException, _refused)
    return app


def _tool_conf(env: Mapping[str, str]) -> ToolConfDict:
    """One platform (issuer, client id, deployment) with its key set URL, as a tool's JSON has."""
    issuer = env["BENCH_ISSUER"]
    return ToolConfDict(
        {
            issuer: [
                {
                    "default": True,
                    "client_id": env["BENCH_CLIENT_ID"],
                    "auth_login_url": f"{issuer}/mod/lti/auth.php",
                    "auth_token_url": f"{issuer}/mod/lti/token.php",
                    "key_set_url": env["BENCH_KEY_SET_URL"],
                    "deployment_ids": [env["BENCH_DEPLOYMENT_ID"]],
                }
            ]
        }
    )


def _refused(error: Exception) -> tuple[str, int]:
    return f"The launch could not be validated: {error}\n", 400
