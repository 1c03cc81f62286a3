"""Queues of background jobs' parts: RQ on Redis, or a worker thread of this process."""
