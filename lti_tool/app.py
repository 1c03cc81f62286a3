"""The application factory: `create_app` reads as the table of contents of the tool."""

from flask import Flask, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from config.settings import PROJECT_ROOT, Settings
from lti_tool import cli, demo_setup, errors, templating, wiring
from lti_tool.admin import bp as admin_bp
from lti_tool.api import bp as api_bp
from lti_tool.demo_platform import bp as demo_bp
from lti_tool.extensions import babel, csrf, db, migrate, tune_sqlite
from lti_tool.learner import bp as learner_bp
from lti_tool.logs import configure_logging
from lti_tool.lti import bp as lti_bp
from lti_tool.pages import bp as pages_bp
from lti_tool.security_headers import add_security_headers
from lti_tool.teacher import bp as teacher_bp
from lti_tool.verify import bp as verify_bp

LOCALES = ("en", "nl")


def create_app(settings: Settings | None = None) -> Flask:
    """A configured app; tests pass their own settings, `wsgi.py` reads the environment."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_path))
    _configure(app, settings)
    configure_logging(settings.log_level, json_lines=settings.environment != "development")
    _init_extensions(app)
    _register_blueprints(app)
    errors.register_error_handlers(app)
    templating.register(app)
    app.after_request(add_security_headers)
    app.extensions["lti_tool"] = wiring.build(settings, app)
    if settings.demo_mode:
        _mount_demo_platform(app, settings)
    if settings.proxy_count:
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=settings.proxy_count,
            x_proto=settings.proxy_count,
            x_host=settings.proxy_count,
        )
    return app


def _configure(app: Flask, settings: Settings) -> None:
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        # A database server may drop idle connections: test each before use. A SQLite file
        # cannot, and the test was one statement more on every request.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": not settings.database_url.startswith("sqlite")},
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        # Inside an LMS iframe the session cookie is third-party: it needs SameSite=None and
        # Secure, and Partitioned (CHIPS) where browsers block unpartitioned third-party
        # cookies; on plain http (development) browsers refuse that, so Lax is used there.
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        SESSION_COOKIE_SAMESITE="None" if settings.session_cookie_secure else "Lax",
        SESSION_COOKIE_PARTITIONED=settings.session_cookie_secure,
        SESSION_COOKIE_HTTPONLY=True,
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_TRANSLATION_DIRECTORIES="translations",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the launch session
        TESTING=settings.environment == "test",
    )


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)


def _register_blueprints(app: Flask) -> None:
    app.register_blueprint(pages_bp)
    app.register_blueprint(lti_bp, url_prefix="/lti")
    app.register_blueprint(teacher_bp, url_prefix="/teacher")
    app.register_blueprint(learner_bp, url_prefix="/learner")
    app.register_blueprint(verify_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    # Cross-site POSTs from the LMS are protected by the OIDC state and nonce; the JSON API
    # takes no cookies. Every form of the tool's own pages carries a CSRF token.
    csrf.exempt(lti_bp)
    csrf.exempt(api_bp)
    cli.register(app)


def _mount_demo_platform(app: Flask, settings: Settings) -> None:
    app.extensions["demo_platform"] = demo_setup.build_demo_platform(settings)
    app.register_blueprint(demo_bp, url_prefix="/demo-platform")
    csrf.exempt(demo_bp)


def _select_locale() -> str | None:
    launch_locale = (session.get("locale") or "")[:2]
    if launch_locale in LOCALES:
        return launch_locale
    return request.accept_languages.best_match(LOCALES)
