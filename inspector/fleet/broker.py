"""The central side's few words with the broker: send a job, tell a restarted broker.

Every call is bounded (socket timeouts, a few retries): a broker away is a site's devices
not reached at the deadline, never a central side that hangs.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from inspector.fleet.failure import FailedJob, read_failures
from inspector.fleet.job import Job
from inspector.fleet.settings import TASK_NAME, Timing, is_redis, make_app

log = logging.getLogger("inspector.fleet")

_SEND_RETRY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5,
               "interval_max": 1.0}
_PROBE_TIMEOUT_S = 2.0


class Broker:
    """The central side's connection to the broker at `url`."""

    def __init__(self, url: str, timing: Timing | None = None) -> None:
        self.url = url
        self.app = make_app(url, timing)

    def send(self, jobs: list[Job]) -> list[Job]:
        """Send each job to its site's queue; the jobs that could not be sent."""
        from kombu.entity import Exchange, Queue  # noqa: PLC0415 - optional: the `fleet` extra
        from kombu.exceptions import OperationalError  # noqa: PLC0415

        unsent = []
        try:
            # A new connection each time: after a broker restart the queues are declared
            # again (a connection remembers what it declared).
            with self.app.connection_for_write() as connection:
                for job in jobs:
                    exchange = Exchange(job.queue, type="direct")  # type: ignore[no-untyped-call]
                    queue = Queue(job.queue, exchange,  # type: ignore[no-untyped-call]
                                  routing_key=job.queue)
                    try:
                        self.app.send_task(
                            TASK_NAME, args=[job.model_dump(mode="json")], queue=queue,
                            expires=datetime.fromtimestamp(job.deadline_at, UTC),
                            connection=connection, retry=True, retry_policy=_SEND_RETRY)
                    except (OperationalError, OSError) as exc:
                        log.info("job %s not sent: %s", job.job, exc)
                        unsent.append(job)
        except (OperationalError, OSError) as exc:
            log.info("the broker is unreachable: %s", exc)
            return list(jobs)
        return unsent

    def identity(self) -> str | None:
        """Who the broker is now (Redis: its run id, new at every start); None when it does
        not answer or cannot say. A new identity means the queued jobs may be lost."""
        if not is_redis(self.url):
            return None
        import redis  # noqa: PLC0415 - optional: the `fleet` extra

        client = redis.Redis.from_url(self.url, socket_timeout=_PROBE_TIMEOUT_S,
                                      socket_connect_timeout=_PROBE_TIMEOUT_S)
        try:
            info: dict[str, Any] = client.info("server")
            return str(info.get("run_id") or "") or None
        except redis.RedisError:
            return None
        finally:
            client.close()

    def failures(self, jobs: list[str]) -> dict[str, FailedJob]:
        """The failure receipts left for `jobs` (failure.py; Redis brokers only)."""
        if not is_redis(self.url):
            return {}
        return read_failures(self.url, jobs, _PROBE_TIMEOUT_S)

    def answers(self) -> bool:
        """Whether the broker answers now (a Redis broker is asked; others are assumed to)."""
        return not is_redis(self.url) or self.identity() is not None

    def close(self) -> None:
        self.app.close()
