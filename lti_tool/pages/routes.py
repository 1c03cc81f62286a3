"""The start page, `/healthz`, and each organisation's DID document and logo."""

from flask import Response, current_app, jsonify, render_template

from lti_tool.container import container
from lti_tool.pages import bp
from lti_tool.services import health, micro_credentials, organisations


@bp.get("/")
def start():
    demo = current_app.extensions.get("demo_platform")
    return render_template("pages/start.html", demo_users=demo.launchable_users() if demo else [])


@bp.get("/healthz")
def healthz():
    deps = container()
    report = health.check(uow=deps.uow(), probes=deps.health_probes)
    return jsonify(report), 200 if report["status"] == "ok" else 503


@bp.get("/orgs/<slug>/did.json")
def did_document(slug: str):
    deps = container()
    response = jsonify(organisations.did_document(slug, uow=deps.uow(), dids=deps.dids))
    response.mimetype = "application/did+json"
    return response


@bp.get("/orgs/<slug>/logo")
def logo(slug: str):
    found = organisations.logo(slug, uow=container().uow())
    response = Response(found.content, mimetype=found.content_type)
    # Logos may be SVG: never let one run script when opened directly.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/micro-credentials/<int:micro_credential_id>")
def micro_credential(micro_credential_id: int):
    """The achievement id of every credential: what the micro-credential is, for anyone."""
    found = micro_credentials.public_description(micro_credential_id, uow=container().uow())
    return render_template("pages/micro_credential.html", mc=found)
