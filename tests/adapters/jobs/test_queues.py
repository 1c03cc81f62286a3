"""The two queues of job parts: a worker thread of the process, and RQ on a real Redis."""

import threading

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
