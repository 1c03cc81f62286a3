"""`flask` commands: thin entry points to services; a refused request prints why and exits 1."""

import time
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from lti_tool import demo_setup
from lti_tool import jobs as job_entry
from lti_tool.container import container
from lti_tool.domain.errors import DomainError
from lti_tool.domain.jobs import JobKind
from lti_tool.domain.organisations import OrganisationIdentifier
from lti_tool.domain.status import StatusAction
from lti_tool.services import (
    conformance,
    demo,
    jobs,
    moodle_sync,
    organisations,
    platforms,
    registration,
    revocation,
    tool_keys,
    webhook,
)


def register(app: Flask) -> None:
    app.cli.add_command(lti_group)
    app.cli.add_command(org_group)
    app.cli.add_command(demo_group)
    app.cli.add_command(credentials_group)
    app.cli.add_command(jobs_group)


def _refusals_as_errors(command: Callable) -> Callable:
    """Turn a DomainError into Click's error: its message on stderr, exit status 1."""

    @wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            raise click.ClickException(error.message) from error

    return wrapped


@click.group("lti", cls=AppGroup, help="The tool's LTI configuration.")
def lti_group() -> None:
    pass


@lti_group.command("urls", help="Print the URLs to enter in the LMS's tool registration.")
def lti_urls() -> None:
    base = container().base_url
    # No request here: build the paths from the URL map itself.
    urls = current_app.url_map.bind("localhost")
    for label, endpoint in (
        ("Tool URL / redirection URI", "lti.launch"),
        ("Initiate login URL", "lti.login"),
        ("Public keyset URL", "lti.jwks"),
    ):
        click.echo(f"{label}: {base}{urls.build(endpoint)}")


@lti_group.group("keys", help="The tool's LTI signing keys.")
def keys_group() -> None:
    pass


@keys_group.command("init", help="Make the tool's first LTI key if it has none.")
def keys_init() -> None:
    deps = container()
    kid = tool_keys.ensure_tool_key(uow=deps.uow(), tool_keys=deps.tool_keys, clock=deps.clock)
    click.echo(f"LTI signing key: {kid}")


@keys_group.command("rotate", help="Add a new key; it signs after a delay, the old one retires.")
def keys_rotate() -> None:
    deps = container()
    rotation = tool_keys.rotate_tool_key(uow=deps.uow(), tool_keys=deps.tool_keys, clock=deps.clock)
    click.echo(
        f"New LTI key {rotation.kid} is published now and signs from "
        f"{rotation.signs_from:%Y-%m-%d %H:%M} UTC; older keys leave the key set at "
        f"{rotation.old_keys_retired_at:%Y-%m-%d %H:%M} UTC."
    )


@lti_group.group("platform", help="LMS platforms registered with the tool.")
def platform_group() -> None:
    pass


@platform_group.command("add", help="Register a platform, or update it if registered before.")
@click.option("--name", required=True, help="A name for people, e.g. the school's Moodle.")
@click.option("--issuer", required=True, help="Platform ID: for Moodle, the site URL.")
@click.option("--client-id", required=True, help="Client ID the LMS gave the tool.")
@click.option(
    "--deployment-id", "deployment_ids", multiple=True, required=True, help="Repeat for several."
)
@click.option("--organisation", required=True, help="Slug of the organisation it serves.")
@click.option("--moodle", is_flag=True, help="Derive the endpoint URLs from a Moodle issuer.")
@click.option("--auth-login-url", help="Authentication request URL (not needed with --moodle).")
@click.option("--auth-token-url", help="Access token URL (not needed with --moodle).")
@click.option("--key-set-url", help="Public keyset URL (not needed with --moodle).")
@_refusals_as_errors
def platform_add(moodle: bool, organisation: str, **values) -> None:
    spec = _platform_spec(moodle, values)
    created = platforms.register_platform(
        spec, organisation_slug=organisation, uow=container().uow()
    )
    click.echo(f"{'Registered' if created else 'Updated'} {spec.name} ({spec.issuer}).")


def _platform_spec(moodle: bool, values: dict) -> platforms.PlatformSpec:
    urls = {key: values.pop(key) for key in ("auth_login_url", "auth_token_url", "key_set_url")}
    values["deployment_ids"] = tuple(values["deployment_ids"])
    if moodle:
        spec = platforms.PlatformSpec.for_moodle(**values)
        return replace(spec, **{key: value for key, value in urls.items() if value})
    missing = [f"--{key.replace('_', '-')}" for key, value in urls.items() if not value]
    if missing:
        raise click.UsageError(f"Give {', '.join(missing)}, or --moodle for a Moodle site.")
    return platforms.PlatformSpec(**values, **urls)


@platform_group.command("invite", help="Print a single-use dynamic registration link.")
@click.option("--organisation", required=True, help="Slug of the organisation it will serve.")
@_refusals_as_errors
def platform_invite(organisation: str) -> None:
    deps = container()
    token = registration.invite_registration(organisation, uow=deps.uow(), clock=deps.clock)
    path = current_app.url_map.bind("localhost").build("lti.register", {"invitation": token})
    click.echo(f"Paste this as the tool URL in the LMS (valid 7 days, once): {deps.base_url}{path}")


@platform_group.command("list", help="List the registered platforms.")
def platform_list() -> None:
    found = platforms.registered_platforms(uow=container().uow())
    if not found:
        click.echo("No platform is registered yet.")
    for platform in found:
        click.echo(
            f"{platform.name}: issuer {platform.issuer}, client id {platform.client_id}, "
            f"deployments {', '.join(platform.deployment_ids)}, for {platform.organisation}"
        )


@platform_group.command("remove", help="Unregister a platform that no course has used.")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@_refusals_as_errors
def platform_remove(issuer: str, client_id: str) -> None:
    platforms.remove_platform(issuer, client_id, uow=container().uow())
    click.echo(f"Removed the platform {issuer} ({client_id}).")


@platform_group.command(
    "moodle-token",
    help="Connect a Moodle platform's web services: check a token with Moodle, then store it "
    "sealed, so that teachers can sync grades and completions from Moodle.",
)
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--site-url", help="Moodle's address, if it differs from the issuer.")
@click.option(
    "--token",
    prompt="Web service token",
    hide_input=True,
    envvar="MOODLE_WS_TOKEN",
    help="Asked for when not given (or taken from MOODLE_WS_TOKEN), so it stays out of history.",
)
@_refusals_as_errors
def platform_moodle_token(issuer: str, client_id: str, site_url: str | None, token: str) -> None:
    deps = container()
    check = moodle_sync.store_moodle_token(
        issuer,
        client_id,
        token,
        site_url=site_url,
        uow=deps.uow(),
        moodle=deps.moodle,
        secret_sealer=deps.secret_sealer,
    )
    click.echo(f"Stored: the token reaches {check.site_name} as {check.user}.")
    if check.missing_functions:
        click.echo(
            "Add these functions to the token's external service in Moodle (Site administration "
            "› Server › Web services › External services), or syncs will fail: "
            + ", ".join(check.missing_functions)
        )


@platform_group.command(
    "webhook-secret",
    help="Create the secret that signs the results the platform pushes to POST "
    "/api/v1/results, replacing any earlier one; it is printed once and kept sealed.",
)
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@_refusals_as_errors
def platform_webhook_secret(issuer: str, client_id: str) -> None:
    deps = container()
    secret = webhook.create_webhook_secret(
        issuer, client_id, uow=deps.uow(), secret_sealer=deps.secret_sealer
    )
    click.echo(f"Webhook secret (shown only now; any earlier secret no longer works): {secret}")
    click.echo(
        f"Sign each POST to {deps.base_url}/api/v1/results with it, as "
        f"{deps.base_url}/api/v1/openapi.json describes."
    )


@click.group("org", cls=AppGroup, help="Awarding bodies: member schools and the alliance.")
def org_group() -> None:
    pass


@org_group.command("add", help="Add an organisation with its signing key (kept if it exists).")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--country", required=True, help="Two-letter ISO 3166 code, e.g. NL.")
@click.option("--url", required=True, help="The organisation's website.")
@click.option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--alliance", is_flag=True, help="The alliance, co-issuer of every credential.")
@click.option(
    "--identifier",
    "identifiers",
    multiple=True,
    metavar="TYPE=VALUE",
    help="A registration number shown on credentials, e.g. ext:BRIN=25PX (repeatable).",
)
@_refusals_as_errors
def org_add(slug, name, country, url, logo, alliance, identifiers) -> None:
    deps = container()
    spec = organisations.OrganisationSpec(
        slug=slug,
        name=name,
        country_code=country,
        url=url,
        is_alliance=alliance,
        logo=logo.read_bytes() if logo else None,
        identifiers=tuple(_identifier(text) for text in identifiers),
    )
    created = organisations.add_organisation(
        spec, uow=deps.uow(), issuer=deps.issuer, clock=deps.clock
    )
    click.echo(f"{'Added' if created else 'Kept the existing'} organisation {slug}.")


def _identifier(text: str) -> OrganisationIdentifier:
    identifier_type, _, value = text.partition("=")
    return OrganisationIdentifier(identifier_type.strip(), value.strip())


@org_group.command(
    "rotate-key", help="Add a new signing key; older ones stay published for older credentials."
)
@click.argument("slug")
@_refusals_as_errors
def org_rotate_key(slug) -> None:
    deps = container()
    key_id = organisations.rotate_signing_key(
        slug, uow=deps.uow(), issuer=deps.issuer, clock=deps.clock
    )
    click.echo(f"{slug} now signs with {key_id}; its older keys stay in its DID document.")


@org_group.command(
    "suspension",
    help="Whether new credentials can be suspended as well as revoked (off: OB3's one status "
    "entry; on: a second entry, which 1EdTech's OB3 schema refuses).",
)
@click.argument("slug")
@click.argument("setting", type=click.Choice(["on", "off"]))
@_refusals_as_errors
def org_suspension(slug, setting) -> None:
    organisations.set_suspendable_credentials(slug, setting == "on", uow=container().uow())
    if setting == "on":
        click.echo(f"{slug}'s new credentials get a revocation and a suspension entry.")
    else:
        click.echo(f"{slug}'s new credentials get one status entry, for revocation.")
    click.echo("Credentials issued before keep the entries they have.")


@click.group("demo", cls=AppGroup, help="The demo of `make run`.")
def demo_group() -> None:
    pass


@demo_group.command(
    "load", help="Load the demo organisations, platform and micro-credential (kept if present)."
)
@click.option(
    "--empty-course",
    is_flag=True,
    help="Leave the demo course without a micro-credential, for teachers to define their own.",
)
def demo_load(empty_course: bool) -> None:
    deps = container()
    tool_keys.ensure_tool_key(uow=deps.uow(), tool_keys=deps.tool_keys, clock=deps.clock)
    specs = demo_setup.demo_specs(deps.base_url)
    if empty_course:
        specs["micro_credential"] = None
    created = demo.load_demo(
        **specs,
        make_uow=deps.make_uow,
        issuer=deps.issuer,
        dids=deps.dids,
        clock=deps.clock,
        secret_sealer=deps.secret_sealer,
    )
    click.echo("Demo loaded." if created else "Demo already loaded; nothing changed.")
    click.echo(f"Open {deps.base_url}/ and choose “Launch as teacher” or “Launch as learner”.")


@click.group(
    "credentials",
    cls=AppGroup,
    help="Issued credentials: revoke, suspend, reinstate, check against a schema.",
)
def credentials_group() -> None:
    pass


_DONE = {
    StatusAction.REVOKE: "Revoked",
    StatusAction.SUSPEND: "Suspended",
    StatusAction.REINSTATE: "Reinstated",
}
_HELP = {
    StatusAction.REVOKE: "Revoke a credential for good (its id, urn:uuid:…).",
    StatusAction.SUSPEND: "Suspend a credential until it is reinstated (its id, urn:uuid:…).",
    StatusAction.REINSTATE: "Reinstate a suspended credential (its id, urn:uuid:…).",
}


def _status_command(action: StatusAction) -> click.Command:
    @click.argument("credential_id")
    @click.option("--reason", default="", help="Why, for the audit log.")
    @_refusals_as_errors
    def command(credential_id: str, reason: str) -> None:
        deps = container()
        outcome = revocation.change_credential_status(
            credential_id,
            action,
            reason=reason,
            uow=deps.uow(),
            status_lists=deps.status_lists,
            dids=deps.dids,
            clock=deps.clock,
            base_url=deps.base_url,
        )
        click.echo(
            f"{_DONE[action]} {outcome.credential_id} ({outcome.title}); "
            "its status list is signed again and served now."
        )

    return credentials_group.command(action.value, help=_HELP[action])(command)


for _action in StatusAction:
    _status_command(_action)


@credentials_group.command(
    "check-schema",
    help="Check every issued credential against JSON Schema files, e.g. 1EdTech's official "
    "ob_v3p0_achievementcredential_schema.json (downloaded; the first file is checked, the "
    "others serve its $refs). Exits 1 when a credential does not conform.",
)
@click.argument(
    "schema_files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--show", default=10, show_default=True, help="Credentials listed at most.")
@_refusals_as_errors
def credentials_check_schema(schema_files: tuple[Path, ...], show: int) -> None:
    deps = container()
    check = deps.schema_check([path.read_bytes() for path in schema_files])
    report = conformance.check_issued_credentials(check, uow=deps.uow())
    failing = len(report.nonconforming)
    click.echo(
        f"Checked {report.checked} issued credentials against {report.schema}: "
        f"{report.checked - failing} conform, {failing} do not."
    )
    for item in report.nonconforming[:show]:
        click.echo(f"{item.credential_id}:")
        for problem in item.problems:
            click.echo(f"  - {problem}")
    if failing:
        raise SystemExit(1)


@click.group("jobs", cls=AppGroup, help="Background jobs: syncs of courses' results, issuing.")
def jobs_group() -> None:
    pass


@jobs_group.command(
    "worker", help="Run queued job parts with RQ (needs REDIS_URL); run as many as you like."
)
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@_refusals_as_errors
def jobs_worker(burst: bool) -> None:
    job_entry.work(burst=burst)


@jobs_group.command(
    "tick",
    help="Queue again what dead workers left and start the syncs that are due; workers do "
    "this every minute, cron may too.",
)
def jobs_tick() -> None:
    done = job_entry.tick()
    click.echo(f"Resumed {done['resumed']} job parts; started {done['started']} syncs.")


_STARTABLE = {
    "sync-moodle": JobKind.SYNC_MOODLE,
    "sync-ags": JobKind.SYNC_AGS,
    "issue": JobKind.ISSUE,
}


@jobs_group.command("start", help="Start a job on a course, as its teacher's button does.")
@click.argument("kind", type=click.Choice(sorted(_STARTABLE)))
@click.option("--course-id", type=int, required=True, help="The tool's id of the course.")
@click.option("--wait", is_flag=True, help="Follow the job's progress until it ends.")
@_refusals_as_errors
def jobs_start(kind: str, course_id: int, wait: bool) -> None:
    deps = container()
    job_id = jobs.start_job(
        _STARTABLE[kind],
        course_id,
        requested_by=None,
        uow=deps.uow(),
        queue=deps.jobs,
        clock=deps.clock,
    )
    click.echo(f"Job {job_id} started.")
    while wait:
        job = jobs.job_progress(job_id, course_id=course_id, uow=deps.uow())
        click.echo(f"{job.state.value}: {job.done} of {job.total} done, {job.failed} failed")
        if job.state.finished:
            if job.message:
                raise click.ClickException(job.message)
            return
        time.sleep(1)
