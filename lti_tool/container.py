"""The adapters and settings a request needs, built once by `wiring.build` and kept on the app."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app

from lti_tool.services import ports
from lti_tool.services.job_phases import JobTools
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class Container:
    """Everything the blueprints hand to services; typed by the ports, filled by wiring."""

    base_url: str
    lti: ports.LtiLaunches
    registrar: ports.DynamicRegistrar
    deep_links: ports.DeepLinkResponder
    result_feed: ports.ResultFeed
    roster: ports.RosterFeed
    moodle: ports.MoodleCourses
    grade_files: ports.GradeFiles
    badges: ports.BadgeImages
    secret_sealer: ports.SecretSealer
    scores: ports.ScoreReporter
    issuer: ports.CredentialIssuer
    status_lists: ports.StatusListIssuer
    verifier: ports.CredentialVerifier
    dids: ports.DidDocuments
    tool_keys: ports.ToolKeys
    clock: ports.Clock
    make_uow: Callable[[], UnitOfWork]
    # Background jobs: where their parts queue, what their parts use, when a part counts as
    # left by a dead worker, and how often courses are synced (None: never by schedule).
    jobs: ports.JobQueue
    job_tools: JobTools
    jobs_stale_after: timedelta
    job_tick_seconds: int  # how often a worker ticks beside its work; 0: never
    # Runs RQ's queued parts in this process (`flask jobs worker`); None without Redis, where
    # the app's own thread runs them.
    job_worker: Callable[..., None] | None
    results_sync_every: timedelta | None
    # A check against JSON Schema files an operator gives (the first is checked, the others
    # are for its $refs); raises InvalidInput for a file that is not a schema.
    schema_check: Callable[[Sequence[bytes]], ports.SchemaCheck]
    # What /healthz checks besides the database: each raises a DomainError when failing.
    health_probes: Mapping[str, Callable[[], None]] = field(default_factory=dict)
    # JSON-LD contexts of our own that every deployment serves: path under /contexts/ -> bytes.
    published_contexts: Mapping[str, bytes] = field(default_factory=dict)

    def uow(self) -> UnitOfWork:
        return self.make_uow()


def container() -> Container:
    """The container of the running app."""
    return current_app.extensions["lti_tool"]
