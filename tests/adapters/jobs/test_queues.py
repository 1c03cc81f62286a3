"""The two queues of job parts: a worker thread of the process, and RQ on a real Redis."""

import os
import select
import threading
import time

import pytest

from adapters.jobs.rq_queue import RqJobQueue, connect
from adapters.jobs.thread_queue import ThreadJobQueue
from lti_tool.domain.errors import Unavailable
from tests.redis_server import closed_port_url


def test_the_thread_runs_parts_in_turn_and_outlives_a_failing_one():
    ran, done = [], threading.Event()

    def run(part_id: int) -> None:
        ran.append(part_id)
        if part_id == 2:
            raise RuntimeError("a part failed")
        if part_id == 3:
            done.set()

    queue = ThreadJobQueue(run=run, tick_seconds=60)
    for part_id in (1, 2, 3):
        queue.enqueue(part_id)
    assert done.wait(5)
    assert ran == [1, 2, 3]


def test_the_thread_ticks_while_it_waits_for_work():
    ticked = threading.Event()
    queue = ThreadJobQueue(run=lambda part_id: None, tick=ticked.set, tick_seconds=0.01)
    queue.start()
    assert ticked.wait(5)


def test_an_unreachable_redis_is_unavailable_with_what_to_do():
    queue = RqJobQueue(connection=connect(closed_port_url()), name="test")
    with pytest.raises(Unavailable, match="the job waits"):
        queue.enqueue(1)


def test_a_process_forked_after_the_thread_started_runs_its_parts_in_its_own():
    """As gunicorn's --preload forks workers from an app whose thread already ran."""
    readable, writable = os.pipe()
    queue = ThreadJobQueue(
        run=lambda part_id: os.write(writable, str(part_id).encode()),
        tick=lambda: None,
        tick_seconds=60,
    )
    queue.start()
    child = os.fork()
    if child == 0:  # the forked worker: its copy of the thread is not running
        queue.enqueue(7)
        time.sleep(2)
        os._exit(0)
    ready, _, _ = select.select([readable], [], [], 5)
    os.waitpid(child, 0)
    assert ready and os.read(readable, 10) == b"7"
