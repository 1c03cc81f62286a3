"""Entry points of background work, thin as views: what a worker runs for a queued part, and the
tick that resumes what dead workers left and starts the scheduled syncs."""

import functools
import logging
import threading
import time

from flask import Flask, current_app, has_app_context

from lti_tool.container import container
from lti_tool.domain.errors import Conflict
from lti_tool.services import jobs

log = logging.getLogger(__name__)


def run_part(part_id: int, app: Flask | None = None) -> None:
    """Run one part of a job in `app`: the worker thread's app, the app of `flask jobs worker`
    (RQ names this function), or one built from the environment for a bare `rq worker`."""
    with (app or _worker_app()).app_context():
        deps = container()
        jobs.run_part(
            part_id,
            uow=deps.uow(),
            tools=deps.job_tools,
            queue=deps.jobs,
            stale_after=deps.jobs_stale_after,
        )


def tick(app: Flask | None = None) -> dict[str, int]:
    """Queue again the parts dead workers left, and start the syncs that are due; say how many."""
    with (app or _worker_app()).app_context():
        deps = container()
        resumed = jobs.resume_stale(
            uow=deps.uow(), queue=deps.jobs, clock=deps.clock, stale_after=deps.jobs_stale_after
        )
        started = (
            jobs.start_due_syncs(
                uow=deps.uow(), queue=deps.jobs, clock=deps.clock, every=deps.results_sync_every
            )
            if deps.results_sync_every
            else []
        )
    return {"resumed": resumed, "started": len(started)}


def work(*, burst: bool = False) -> None:
    """Run RQ's queued parts in this process (`flask jobs worker`), ticking every
    JOB_TICK_SECONDS beside them unless `burst` asks to stop when the queue is empty. Raises
    Conflict without Redis: then the app's own thread runs the parts."""
    app = _worker_app()
    worker = container().job_worker
    if worker is None:
        raise Conflict(
            "REDIS_URL is not set, so jobs run in the tool's own worker thread and need no "
            "worker. Set REDIS_URL to run jobs with RQ workers."
        )
    every = container().job_tick_seconds
    if every and not burst:
        ticking = threading.Thread(target=_tick_forever, args=(app, every), daemon=True)
        ticking.start()
    worker(burst=burst)


def _tick_forever(app: Flask, every: int) -> None:
    while True:
        time.sleep(every)
        try:
            tick(app)
        except Exception:
            log.exception("the job tick failed")


def _worker_app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()
    return _app_from_environment()


@functools.cache
def _app_from_environment() -> Flask:
    from lti_tool.app import create_app  # the app imports this module's callers

    return create_app()
