"""Parts of background jobs run by one worker thread of this process: the queue when no Redis
is configured (the embedded shape of `make run`).

The queue itself is memory only; what a part must do is in the database, so the parts a
stopped process left are queued again by the tick (`services.jobs.resume_stale`).
"""

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class ThreadJobQueue:
    """Implements services.ports.JobQueue with a daemon thread that runs `run(part_id)` for
    each part in turn, and `tick()`, if given, whenever it has waited `tick_seconds` for work."""

    def __init__(
        self,
        *,
        run: Callable[[int], None],
        tick: Callable[[], None] | None = None,
        tick_seconds: float = 60.0,
    ):
        self._run, self._tick, self._tick_seconds = run, tick, tick_seconds
        self._parts: queue.Queue[int] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def enqueue(self, part_id: int) -> None:
        self.start()
        self._parts.put(part_id)

    def start(self) -> None:
        """Start the worker thread, unless it runs: a process forked from one whose thread
        ran (gunicorn's --preload) starts its own."""
        with self._lock:
            if self._thread is not None and not self._thread.is_alive():
                # Forked: the copied queue still lists the parent's thread as its waiter.
                self._parts = _copy_of(self._parts)
                self._thread = None
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="jobs", daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            try:
                part_id = self._parts.get(timeout=self._tick_seconds if self._tick else None)
            except queue.Empty:
                if self._tick:
                    self._guarded(self._tick)
                continue
            self._guarded(self._run, part_id)

    @staticmethod
    def _guarded(call: Callable, *args) -> None:
        # The thread must outlive any one failure; the failure is the job's to report.
        try:
            call(*args)
        except Exception:
            log.exception("background work failed")


def _copy_of(parts: queue.Queue[int]) -> queue.Queue[int]:
    """A new queue holding the same parts, with locks of this process's own."""
    fresh: queue.Queue[int] = queue.Queue()
    for part_id in list(parts.queue):
        fresh.put(part_id)
    return fresh
