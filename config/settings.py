"""Settings, read from the environment once; the only module that knows variable names."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-change-me"  # noqa: S105 - refused outside dev and tests


class SettingsError(ValueError):
    """An environment variable has a value the tool cannot use; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the tool, typed; see the README for what each one does."""

    secret_key: str = DEV_SECRET
    # Fernet keys (comma-separated in KEY_ENCRYPTION_KEYS) that seal private keys at rest;
    # the first one seals, all of them open, so the key can be rotated.
    key_encryption_keys: tuple[str, ...] = ()
    database_url: str = ""
    # Empty: launch state and access tokens live in the database; else in this Redis.
    redis_url: str = ""
    base_url: str = "http://127.0.0.1:5000"
    environment: str = "development"  # development | production | test
    demo_mode: bool = False
    instance_path: Path = PROJECT_ROOT / "instance"
    session_cookie_secure: bool = False
    proxy_count: int = 0
    log_level: str = "INFO"
    default_locale: str = "en"
    max_upload_bytes: int = 1024 * 1024
    http_timeout_seconds: float = 10.0
    launch_state_ttl_seconds: int = 600
    lti_clock_leeway_seconds: int = 10
    # Background jobs: RQ queue name (with REDIS_URL), how long a part may wait or run before
    # it counts as left by a dead worker, how often workers tick (resume such parts and start
    # the syncs due; 0: never) and how often courses' results are synced (0: never).
    jobs_queue: str = "lti-tool"
    job_stale_seconds: int = 600
    job_tick_seconds: int = 60
    results_sync_minutes: int = 60

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from the environment; raises SettingsError on an unusable value."""
        env = os.environ if environ is None else environ
        instance_path = Path(env.get("INSTANCE_PATH", str(PROJECT_ROOT / "instance")))
        environment = _choice(env, "APP_ENV", ("development", "production", "test"), "development")
        settings = cls(
            secret_key=env.get("SECRET_KEY", DEV_SECRET),
            key_encryption_keys=_list(env, "KEY_ENCRYPTION_KEYS"),
            database_url=_database_url(
                env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'lti_tool.db'}"
            ),
            redis_url=_redis_url(env.get("REDIS_URL", "").strip()),
            base_url=_url(env, "BASE_URL", "http://127.0.0.1:5000"),
            environment=environment,
            demo_mode=_bool(env, "DEMO_MODE", False),
            instance_path=instance_path,
            session_cookie_secure=_bool(env, "SESSION_COOKIE_SECURE", environment == "production"),
            proxy_count=_int(env, "PROXY_COUNT", 0, minimum=0),
            log_level=_choice(env, "LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"),
            default_locale=_choice(env, "DEFAULT_LOCALE", ("en", "nl"), "en"),
            max_upload_bytes=_int(env, "MAX_UPLOAD_BYTES", 1024 * 1024, minimum=1024),
            http_timeout_seconds=float(_int(env, "HTTP_TIMEOUT_SECONDS", 10, minimum=1)),
            launch_state_ttl_seconds=_int(env, "LAUNCH_STATE_TTL_SECONDS", 600, minimum=30),
            lti_clock_leeway_seconds=_int(env, "LTI_CLOCK_LEEWAY_SECONDS", 10, minimum=0),
            jobs_queue=env.get("JOBS_QUEUE", "").strip() or "lti-tool",
            job_stale_seconds=_int(env, "JOB_STALE_SECONDS", 600, minimum=1),
            job_tick_seconds=_int(env, "JOB_TICK_SECONDS", 60, minimum=0),
            results_sync_minutes=_int(env, "RESULTS_SYNC_MINUTES", 60, minimum=0),
        )
        settings.check()
        return settings

    @classmethod
    def for_tests(cls, tmp_path: Path, **overrides) -> Settings:
        """Settings for one test: its own SQLite file (or TEST_DATABASE_URL) and instance folder."""
        values = {
            "environment": "test",
            "secret_key": "test-secret",
            "database_url": f"sqlite:///{tmp_path / 'test.db'}",
            "instance_path": tmp_path,
            "base_url": "http://tool.test",
            "demo_mode": True,
            "results_sync_minutes": 0,  # a test starts the jobs it wants
            "job_tick_seconds": 0,  # and resumes them itself: no thread outlives its test
            **overrides,
        }
        return cls(**values)

    def with_changes(self, **changes) -> Settings:
        """A copy with some values changed; settings themselves never change."""
        return replace(self, **changes)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def check(self) -> None:
        """Refuse to run in production on a development secret or without a sealing key."""
        if not self.is_production:
            return
        if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
            raise SettingsError("SECRET_KEY must be set to a random value of 32+ characters.")
        if not self.key_encryption_keys:
            raise SettingsError(
                "KEY_ENCRYPTION_KEYS must be set in production: private keys are sealed with it."
            )
        if self.demo_mode:
            raise SettingsError("DEMO_MODE must be off in production.")


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}.")


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}.")
    return value


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name) or default
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise SettingsError(f"{name} must be an http(s) URL without a query, not {raw!r}.")
    return raw.rstrip("/")


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    raw = env.get(name) or default
    if raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {raw!r}.")
    return raw


def _database_url(raw: str) -> str:
    """PostgreSQL URLs use the installed psycopg 3 driver, whichever way they are spelled."""
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw.removeprefix(prefix)
    return raw


def _redis_url(raw: str) -> str:
    """Empty, or a URL redis-py connects to; the message never repeats a password it may hold."""
    scheme, separator, rest = raw.partition("://")
    if raw and (scheme.lower() not in ("redis", "rediss", "unix") or not separator or not rest):
        raise SettingsError(
            "REDIS_URL must be empty (launch state in the database) or a URL starting with "
            "redis://, rediss:// or unix:// that names the server, e.g. redis://127.0.0.1:6379/0."
        )
    return raw


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())
