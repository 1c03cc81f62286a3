"""Parts of background jobs queued in RQ on Redis, for RQ workers on any host
(`flask jobs worker`).

RQ names the function to run by its import path; the worker imports it and runs it in its own
app (lti_tool/jobs.py). A Redis that cannot be reached becomes Unavailable (a 503).
"""

import logging

import redis
import rq

from lti_tool.domain.errors import Unavailable

log = logging.getLogger(__name__)

RUN_PART = "lti_tool.jobs.run_part"
# RQ stops a part that runs this long: one hangs, as a part of 50 learners or awards takes
# seconds. Whether a part's worker died is the tool's to tell (JOB_STALE_SECONDS), not RQ's.
PART_TIMEOUT_SECONDS = 30 * 60
UNREACHABLE = (
    "The tool cannot reach its job queue (Redis), so the job waits. It starts by itself once "
    "the queue is back; if it does not, ask your administrator to check REDIS_URL."
)


def connect(url: str) -> redis.Redis:
    """A client as RQ wants it: bytes, not decoded strings."""
    return redis.Redis.from_url(url, socket_connect_timeout=2.0, socket_timeout=5.0)


class RqJobQueue:
    """Implements services.ports.JobQueue with an RQ queue."""

    def __init__(self, *, connection: redis.Redis, name: str):
        self.queue = rq.Queue(name, connection=connection)

    def enqueue(self, part_id: int) -> None:
        try:
            self.queue.enqueue(
                RUN_PART,
                part_id,
                job_timeout=PART_TIMEOUT_SECONDS,
                result_ttl=0,  # the outcome is in the database
                failure_ttl=24 * 3600,
                description=f"job part {part_id}",
            )
        except redis.RedisError as error:
            log.warning("job queue unavailable", extra={"detail": str(error)})
            raise Unavailable(UNREACHABLE) from error

    def work(self, *, burst: bool = False) -> None:
        """Run queued parts in this process until stopped, or until the queue is empty with
        `burst`. A SimpleWorker forks nothing, so the worker's app and its database connections
        are built once, not for every part."""
        worker = rq.SimpleWorker([self.queue], connection=self.queue.connection)
        worker.work(burst=burst, logging_level="WARNING")
