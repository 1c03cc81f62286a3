"""The composition root: settings in, concrete adapters out. The only module that knows them all."""

import functools
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask

from adapters.credentials import terms as credential_terms
from adapters.credentials.did import DidResolver
from adapters.credentials.did_hosting import HostedDids
from adapters.credentials.document_loader import context_bytes
from adapters.credentials.issuer import Ob3CredentialIssuer
from adapters.credentials.schema_conformance import JsonSchemaCheck
from adapters.credentials.status_check import StatusChecker
from adapters.credentials.status_fetch import StatusListFetcher
from adapters.credentials.status_list import BitstringStatusListIssuer
from adapters.credentials.verifier import Ob3CredentialVerifier
from adapters.http import make_session
from adapters.images.badge import BadgeImages
from adapters.jobs.rq_queue import RqJobQueue
from adapters.jobs.rq_queue import connect as rq_connect
from adapters.jobs.thread_queue import ThreadJobQueue
from adapters.lms.ags import AgsResultFeed, AgsScores
from adapters.lms.grade_csv import GradeFileReader
from adapters.lms.moodle_courses import MoodleCourses
from adapters.lms.moodle_ws import MoodleWebServices
from adapters.lms.nrps import NrpsRoster
from adapters.lms.platform_services import PlatformServices
from adapters.lti.deep_linking import DeepLinkResponder
from adapters.lti.keys import RsaToolKeys
from adapters.lti.launch import LtiLaunches
from adapters.lti.platform_keys import PlatformKeys
from adapters.lti.redis_stores import RedisAccessTokenCache, RedisLaunchStateStore, connect
from adapters.lti.redis_stores import ping as redis_ping
from adapters.lti.registration import DynamicRegistrar
from adapters.lti.stores import AccessTokenCache, LaunchStateStore
from adapters.sealing import KeySealer, SealedSecrets
from config.settings import Settings
from lti_tool import jobs
from lti_tool.container import Container
from lti_tool.domain.status import PublishedStatusList
from lti_tool.extensions import db
from lti_tool.models.stores import (
    DbAccessTokenCache,
    DbLaunchStateStore,
    DbRegistrationLookup,
    DbToolKeyLookup,
)
from lti_tool.services.job_phases import JobTools
from lti_tool.services.organisations import did_document_for_did
from lti_tool.services.status import hosted_status_list
from lti_tool.services.uow import UnitOfWork

log = logging.getLogger(__name__)


def build(settings: Settings, app: Flask) -> Container:
    """Every adapter the app uses, configured from settings; `app` is where the worker thread
    runs background jobs when there is no Redis."""
    session = make_session(timeout=settings.http_timeout_seconds)
    sealer = KeySealer(_sealing_keys(settings))
    dids = HostedDids(settings.base_url)

    def make_uow() -> UnitOfWork:
        return UnitOfWork(db.session)

    def local_did_document(did: str) -> dict | None:
        return did_document_for_did(did, uow=make_uow(), dids=dids)

    def local_status_list(url: str, index: int) -> PublishedStatusList | None:
        return hosted_status_list(url, index, uow=make_uow(), base_url=settings.base_url)

    registrations = DbRegistrationLookup(db.session)
    states, tokens, probes = _shared_stores(settings)
    services = PlatformServices(
        registrations=registrations,
        tool_keys=DbToolKeyLookup(db.session),
        sealer=sealer,
        session=session,
        tokens=tokens,
    )
    scores = AgsScores(services=services)
    issuer = Ob3CredentialIssuer(sealer=sealer)
    status_lists = BitstringStatusListIssuer(sealer=sealer)
    moodle = MoodleCourses(services=MoodleWebServices(session=session))
    result_feed = AgsResultFeed(services=services)
    roster = NrpsRoster(services=services)
    secret_sealer = SealedSecrets(sealer)
    queue = _job_queue(settings, app)
    return Container(
        base_url=settings.base_url,
        lti=LtiLaunches(
            registrations=registrations,
            states=states,
            state_ttl_seconds=settings.launch_state_ttl_seconds,
            platform_keys=PlatformKeys(session=session),
            leeway_seconds=settings.lti_clock_leeway_seconds,
        ),
        registrar=DynamicRegistrar(session=session),
        deep_links=DeepLinkResponder(
            registrations=registrations, tool_keys=DbToolKeyLookup(db.session), sealer=sealer
        ),
        result_feed=result_feed,
        roster=roster,
        moodle=moodle,
        grade_files=GradeFileReader(),
        badges=BadgeImages(),
        secret_sealer=secret_sealer,
        scores=scores,
        issuer=issuer,
        status_lists=status_lists,
        verifier=Ob3CredentialVerifier(
            resolver=DidResolver(local_documents=local_did_document, session=session),
            now=_utcnow,
            status=StatusChecker(
                fetcher=StatusListFetcher(
                    local_lists=local_status_list,
                    session=session,
                    # Other issuers' lists over plain http only in development and tests.
                    allow_plain_http=not settings.is_production,
                )
            ),
        ),
        dids=dids,
        tool_keys=RsaToolKeys(sealer=sealer),
        clock=_utcnow,
        make_uow=make_uow,
        jobs=queue,
        job_worker=queue.work if isinstance(queue, RqJobQueue) else None,
        job_tools=JobTools(
            moodle=moodle,
            secret_sealer=secret_sealer,
            result_feed=result_feed,
            roster=roster,
            issuer=issuer,
            status_lists=status_lists,
            dids=dids,
            scores=scores,
            clock=_utcnow,
            base_url=settings.base_url,
        ),
        jobs_stale_after=timedelta(seconds=settings.job_stale_seconds),
        job_tick_seconds=settings.job_tick_seconds,
        results_sync_every=(
            timedelta(minutes=settings.results_sync_minutes)
            if settings.results_sync_minutes
            else None
        ),
        schema_check=JsonSchemaCheck,
        health_probes=probes,
        published_contexts={
            # decision 9: the w3id.org URL of our context redirects here.
            "eu-microcredential/v1.jsonld": context_bytes(
                credential_terms.EU_MICROCREDENTIAL_CONTEXT
            ),
        },
    )


def _shared_stores(
    settings: Settings,
) -> tuple[LaunchStateStore, AccessTokenCache, dict[str, Callable[[], None]]]:
    """Launch state and access tokens in Redis when REDIS_URL is set, else in the database,
    and the health probe of Redis when it is used.

    One Redis client serves both stores and every request of this process (decision 6).
    """
    if settings.redis_url:
        client = connect(settings.redis_url)
        return (
            RedisLaunchStateStore(client=client),
            RedisAccessTokenCache(client=client),
            {"redis": functools.partial(redis_ping, client)},
        )
    return DbLaunchStateStore(db.session), DbAccessTokenCache(db.session), {}


def _job_queue(settings: Settings, app: Flask) -> RqJobQueue | ThreadJobQueue:
    """RQ on Redis when REDIS_URL is set (`flask jobs worker` runs the parts), else a worker
    thread of this process, which also ticks: resumes what a stopped process left and starts
    the scheduled syncs."""
    if settings.redis_url:
        return RqJobQueue(connection=rq_connect(settings.redis_url), name=settings.jobs_queue)
    thread = ThreadJobQueue(
        run=functools.partial(jobs.run_part, app=app),
        tick=functools.partial(jobs.tick, app=app) if settings.job_tick_seconds else None,
        tick_seconds=settings.job_tick_seconds,
    )
    if settings.job_tick_seconds:
        thread.start()  # ticks from now on, before any job is started here
    return thread


def _sealing_keys(settings: Settings) -> list[str]:
    if settings.key_encryption_keys:
        return list(settings.key_encryption_keys)
    # Settings.check refuses this in production; in development the key follows SECRET_KEY.
    log.warning("KEY_ENCRYPTION_KEYS is not set: private keys are sealed with a development key")
    return [KeySealer.derive_key(settings.secret_key)]


def _utcnow() -> datetime:
    return datetime.now(UTC)
