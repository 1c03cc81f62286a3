"""Starting a job from a teacher's page and following it to its end, as the job page does."""

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rq import SimpleWorker

from adapters.jobs.rq_queue import RqJobQueue
from lti_tool.container import container
from tests.html_forms import csrf_token_of
from tests.redis_server import REDIS_TEST_URL, new_keys_removed, redis_for_tests

TIMEOUT_SECONDS = 60


def run_job(client, action: str, page_path: str = "/teacher/", **fields) -> dict:
    """Press the button that posts to `action`, follow the redirect to the job's page and poll
    its progress until it ends; returns the job as the page's script sees it."""
    token = csrf_token_of(client.get(page_path).get_data(as_text=True))
    started = client.post(action, data={"csrf_token": token, **fields})
    assert started.status_code == 302, started.get_data(as_text=True)
    return follow_job(client, started.headers["Location"])


def follow_job(client, job_url: str) -> dict:
    """Poll the job until it ends. With RQ, a worker of this process runs what is queued."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        _work_queued(client.application)
        job = client.get(f"{job_url}/progress").get_json()
        if job["finished"]:
            return job
        time.sleep(0.02)
    raise AssertionError(f"the job at {job_url} did not end in {TIMEOUT_SECONDS} s: {job}")


def _work_queued(app) -> None:
    with app.app_context():
        queue = container().jobs
        if isinstance(queue, RqJobQueue):
            SimpleWorker([queue.queue], connection=queue.queue.connection).work(burst=True)


def counts_of(job: dict) -> dict[str, int]:
    """The job's counts by their labels on its page."""
    return {count["label"]: count["value"] for count in job["counts"]}


@contextmanager
def settings_for(settings, job_mode: str) -> Iterator:
    """The test's settings for jobs run by the worker thread ("thread"), or by RQ ("rq") on
    the test Redis in a queue of the test's own, whose keys are removed afterwards."""
    if job_mode == "thread":
        yield settings
        return
    client = redis_for_tests()
    with new_keys_removed(client, "rq:*"), new_keys_removed(client, "lti_tool:*"):
        yield settings.with_changes(
            redis_url=REDIS_TEST_URL, jobs_queue=f"test-{secrets.token_hex(4)}"
        )
    client.close()
