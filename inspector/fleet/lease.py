"""A running job's lease on its message (Redis brokers).

Redis hands an unacknowledged message out again once it has been delivered for longer than
the visibility timeout (settings.py). That timeout is short, so that a job whose worker died
is soon collected by another worker of its site; a job still being worked on keeps its
message by renewing it here: the time kombu stamped on the delivery (its score in the
`unacked_index` sorted set) is moved to now, a quarter of the timeout at a time. A worker
killed stops renewing, and the message comes back after at most one timeout.

A renewal that fails (the broker restarting) is tried again at the next tick: the job goes
on, and its results do not travel through the broker. Other brokers (RabbitMQ) give a
message back as soon as its consumer's connection ends and need no lease.
"""

from __future__ import annotations

import json
import threading
import time
from types import TracebackType
from typing import Any

from inspector.fleet.settings import Timing, is_redis

# kombu's Redis transport keeps delivered, unacknowledged messages in a hash (delivery tag
# -> [message, exchange, routing key]) and their delivery times in a sorted set.
UNACKED = "unacked"
UNACKED_INDEX = "unacked_index"


def _tags_of(client: Any, task_id: str) -> list[bytes]:
    """The delivery tags of the messages carrying `task_id` (running jobs are few)."""
    tags = []
    for tag, raw in client.hscan_iter(UNACKED, count=100):
        try:
            message = json.loads(raw)[0]
        except (ValueError, IndexError, TypeError):
            continue
        headers = message.get("headers") if isinstance(message, dict) else None
        if isinstance(headers, dict) and headers.get("id") == task_id:
            tags.append(tag)
    return tags


class Lease:
    """`with Lease(broker, task_id, timing):` renews the task's message while inside."""

    def __init__(self, broker: str, task_id: str | None, timing: Timing) -> None:
        self.broker = broker
        self.task_id = task_id
        self.every_s = timing.lease_s / 4
        self.timeout_s = timing.socket_timeout_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def renew(self, client: Any) -> int:
        """Move the delivery time of this task's messages to now; how many were found."""
        tags = _tags_of(client, self.task_id or "")
        now = time.time()
        for tag in tags:
            client.zadd(UNACKED_INDEX, {tag: now}, xx=True)
        return len(tags)

    def _loop(self) -> None:
        import redis  # noqa: PLC0415 - optional: the `fleet` extra

        client = redis.Redis.from_url(self.broker, socket_timeout=self.timeout_s,
                                      socket_connect_timeout=self.timeout_s)
        try:
            while not self._stop.wait(self.every_s):
                try:
                    self.renew(client)
                except redis.RedisError:
                    continue  # the broker is away: try again at the next tick
        finally:
            client.close()

    def __enter__(self) -> Lease:
        if is_redis(self.broker) and self.task_id:
            self._thread = threading.Thread(target=self._loop, name="fleet-lease", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout_s * 2)
