"""The setups the launch benchmark compares, and the platform both of them trust.

- ours: the tool in demo mode (`flask db upgrade`, `flask demo load`), under gunicorn;
- baseline: `benchmarks/baseline_app.py` (plain pylti1p3), under the same gunicorn settings;
- the platform: the demo Moodle (issuer, client id, deployment, its key file and kid), whose key
  set is served by `benchmarks/jwks_server.py` as a separate process, as from another host.
"""

import contextlib
import json
import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg import sql

from benchmarks.processes import run_command
from lti_tool import demo_setup
from lti_tool.demo_platform import DemoMoodle, ToolRegistration

ROOT = Path(__file__).resolve().parent.parent
KEY_FILE = "demo-platform-key.pem"  # where the demo platform keeps its key in INSTANCE_PATH


@dataclass(frozen=True)
class Gunicorn:
    """The worker settings both setups are served with."""

    workers: int
    worker_class: str  # "sync" or "gthread"
    threads: int

    def command(self, port: int, app: str) -> list[str]:
        """The gunicorn command line serving `app` on 127.0.0.1:`port`."""
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(self.workers), "--worker-class", self.worker_class]
        if self.worker_class == "gthread":
            command += ["--threads", str(self.threads)]
        # No control socket: its default path is shared by every gunicorn of the user.
        command += ["--timeout", "30", "--graceful-timeout", "5", "--no-control-socket"]
        return [*command, app]

    def describe(self) -> str:
        threads = f", {self.threads} threads each" if self.worker_class == "gthread" else ""
        return f"gunicorn, {self.workers} {self.worker_class} workers{threads}"


@contextlib.contextmanager
def database(kind: str, *, workdir: Path, postgres_url: str) -> Iterator[str]:
    """Our tool's DATABASE_URL: a new SQLite file, or a new PostgreSQL schema dropped after."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'lti_tool.db'}"
        return
    schema = f"lti_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        separator = "&" if urlsplit(postgres_url).query else "?"
        yield postgres_url + separator + urlencode({"options": f"-csearch_path={schema}"})
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            drop = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            connection.execute(drop)


def our_environment(*, port: int, workdir: Path, database_url: str) -> dict[str, str]:
    """The environment of every command and worker of our tool."""
    return {
        **os.environ,
        "DEMO_MODE": "true",
        "BASE_URL": base_url(port),
        "INSTANCE_PATH": str(workdir / "instance"),
        "DATABASE_URL": database_url,
        "APP_ENV": "development",
        "LOG_LEVEL": "WARNING",
        "FLASK_APP": "wsgi:app",
    }


FLASK = [sys.executable, "-m", "flask", "--app", "wsgi:app"]  # our tool's `flask` command


def load_demo(env: dict[str, str], *, log_path: Path) -> None:
    """Migrate the database and load the demo, as `make run` does."""
    run_command([*FLASK, "db", "upgrade"], env=env, cwd=ROOT, log_path=log_path)
    run_command([*FLASK, "demo", "load"], env=env, cwd=ROOT, log_path=log_path)


def prepare_ours(env: dict[str, str], *, key_set_url: str, log_path: Path) -> None:
    """Migrate and load the demo, then point the demo platform's key set URL at `key_set_url`."""
    load_demo(env, log_path=log_path)
    specs = demo_setup.demo_specs(env["BASE_URL"])
    platform = specs["platform"]
    register = [*FLASK, "lti", "platform", "add", "--moodle", "--name", platform.name]
    register += ["--issuer", platform.issuer, "--client-id", platform.client_id]
    register += ["--deployment-id", *platform.deployment_ids[:1]]
    register += ["--organisation", specs["school"].slug, "--key-set-url", key_set_url]
    run_command(register, env=env, cwd=ROOT, log_path=log_path)


def platform_issuer(env: dict[str, str]) -> str:
    """The demo platform's issuer, which both tools are registered with."""
    return demo_setup.platform_issuer(env["BASE_URL"])


def write_key_set(platform: DemoMoodle, path: Path) -> None:
    """The platform's JWKS, as certs.php serves it, for the key set server."""
    path.write_text(json.dumps(platform.jwks(), ensure_ascii=False))


def key_set_server_command(port: int, jwks_path: Path) -> list[str]:
    server = Path(__file__).with_name("jwks_server.py")
    return [sys.executable, str(server), "--port", str(port), "--file", str(jwks_path)]


def baseline_environment(*, port: int, issuer: str, key_set_url: str) -> dict[str, str]:
    """The environment of the baseline's workers: the same platform registration as ours."""
    return {
        **os.environ,
        "BENCH_SECRET_KEY": secrets.token_hex(32),
        "BENCH_BASE_URL": base_url(port),
        "BENCH_ISSUER": issuer,
        "BENCH_CLIENT_ID": demo_setup.CLIENT_ID,
        "BENCH_DEPLOYMENT_ID": demo_setup.DEPLOYMENT_ID,
        "BENCH_KEY_SET_URL": key_set_url,
    }


def platform_for(tool_port: int, *, issuer: str, key_path: Path) -> DemoMoodle:
    """The demo Moodle (its key and kid) with the tool on `tool_port` as its registered tool."""
    tool = base_url(tool_port)
    return DemoMoodle(
        issuer=issuer,
        tool=ToolRegistration(
            client_id=demo_setup.CLIENT_ID,
            initiate_login_url=f"{tool}/lti/login",
            target_link_uri=f"{tool}/lti/launch",
            jwks_url=f"{tool}/lti/jwks.json",
        ),
        key_path=key_path,
    )


def base_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"
