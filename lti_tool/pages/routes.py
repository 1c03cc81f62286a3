"""The start page, `/healthz`, each organisation's DID document, logo and status lists, the public
page of each micro-credential, and our JSON-LD context."""

import json

from flask import Response, current_app, jsonify, render_template, request
from flask_babel import gettext

from lti_tool.container import container
from lti_tool.domain.errors import NotFound
from lti_tool.pages import bp
from lti_tool.services import definitions, health, micro_credentials, organisations, status

# VC 2.0's media type first (https://www.w3.org/TR/vc-data-model-2.0/#vc-ld-media-type); clients
# that ask for JSON-LD or JSON (document loaders) get the same bytes under the type they accept.
STATUS_LIST_MEDIA_TYPES = (
    "application/vc",
    "application/vc+ld+json",
    "application/ld+json",
    "application/json",
)
# Verifiers may cache a list this long; a revocation reaches them within five minutes.
STATUS_LIST_MAX_AGE = 300
CONTEXT_MAX_AGE = 365 * 24 * 3600


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


@bp.get("/badges/<digest>")
def badge(digest: str):
    """A micro-credential's badge image, which credentials state; it never changes."""
    found = definitions.badge(digest, uow=container().uow())
    response = Response(found.data, mimetype=found.media_type)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Access-Control-Allow-Origin"] = "*"  # wallets and verifiers show it
    response.cache_control.public = True
    response.cache_control.immutable = True
    response.cache_control.max_age = 365 * 24 * 3600
    return response


@bp.get("/orgs/<slug>/status/<purpose>/<int:number>")
def status_list(slug: str, purpose: str, number: int):
    """A signed status list credential, as stored when it last changed; anyone may fetch it."""
    found = status.published_status_list(slug, purpose, number, uow=container().uow())
    media_type = request.accept_mimetypes.best_match(
        STATUS_LIST_MEDIA_TYPES, default=STATUS_LIST_MEDIA_TYPES[0]
    )
    response = Response(json.dumps(found.document, ensure_ascii=False), mimetype=media_type)
    response.cache_control.public = True
    response.cache_control.max_age = STATUS_LIST_MAX_AGE
    response.vary.add("Accept")
    response.headers["Access-Control-Allow-Origin"] = "*"  # browser-based verifiers fetch it
    response.set_etag(found.etag)
    response.last_modified = found.updated_at
    return response.make_conditional(request)


@bp.get("/micro-credentials/<int:micro_credential_id>")
def micro_credential(micro_credential_id: int):
    """The achievement id of every credential: what the micro-credential is, for anyone, in the
    language `?lang=` asks for when it was translated (a credential's `related` entries)."""
    found = micro_credentials.public_description(
        micro_credential_id, uow=container().uow(), language=request.args.get("lang")
    )
    return render_template("pages/micro_credential.html", mc=found)


@bp.get("/contexts/<name>/<version>.jsonld")
def json_ld_context(name: str, version: str):
    """Our JSON-LD context of the EU micro-credential terms, byte for byte as credentials pin it
    (decision 9). A version never changes, so caches may keep it for a year."""
    found = container().published_contexts.get(f"{name}/{version}.jsonld")
    if found is None:
        raise NotFound(gettext("There is no JSON-LD context at this address."))
    response = Response(found, mimetype="application/ld+json")
    response.cache_control.public = True
    response.cache_control.max_age = CONTEXT_MAX_AGE
    response.cache_control.immutable = True
    response.headers["Access-Control-Allow-Origin"] = "*"  # browser-based verifiers fetch it
    return response
