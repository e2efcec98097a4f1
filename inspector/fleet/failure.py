"""A failure receipt: what a worker leaves when a job raised (a full disk, a bug).

A job that raises is acknowledged (it would only raise again), so without a word its devices
would wait for the run's deadline and read "did not deliver". The worker instead leaves a
failure receipt: the job, the worker and the error's class and message, with every secret
this process knows masked (redact.py). It travels through the broker, not the results
location, because the results location may be the very thing that failed: a Redis key per
job, `inspector.fleet.failed.<job>`, kept until a day after the run's deadline. The central
side reads the keys of the jobs it waits for and records their devices at once. Other brokers
(RabbitMQ) carry no failure receipt: there the devices wait for the deadline, as before.

A delivered job (`done.json`) always wins over a failure receipt of the same job: a second
delivery that succeeded elsewhere counts.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from inspector.redact import redact

log = logging.getLogger("inspector.fleet")

KEY_PREFIX = "inspector.fleet.failed."
KEEP_AFTER_DEADLINE_S = 86400.0  # the central side stops reading at its deadline + grace
ERROR_CHARS = 2000  # a traceback-sized message is cut: the worker's log has the rest


class FailedJob(BaseModel):
    """The failure receipt of one job."""

    model_config = ConfigDict(extra="forbid")

    fleet_run: str
    job: str
    site: str
    worker: str
    error: str  # "<class>: <message>", secrets masked
    at: datetime


def error_text(exc: BaseException) -> str:
    """The error's class and message, secrets masked, bounded."""
    text = redact(f"{type(exc).__name__}: {exc}")
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS] + "…"


def failure_key(job: str) -> str:
    return f"{KEY_PREFIX}{job}"


def _client(broker: str, timeout_s: float) -> Any:
    import redis  # noqa: PLC0415 - optional: the `fleet` extra

    return redis.Redis.from_url(broker, socket_timeout=timeout_s,
                                socket_connect_timeout=timeout_s)


def report_failure(broker: str, failed: FailedJob, deadline_at: float,
                   timeout_s: float) -> bool:
    """Leave the failure receipt in the broker (Redis); whether it was left."""
    import redis  # noqa: PLC0415 - optional: the `fleet` extra

    keep_s = max(1, int(deadline_at - time.time() + KEEP_AFTER_DEADLINE_S))
    client = _client(broker, timeout_s)
    try:
        client.set(failure_key(failed.job), failed.model_dump_json(), ex=keep_s)
        return True
    except redis.RedisError as exc:
        log.warning("job %s: its failure receipt could not be left: %s", failed.job, exc)
        return False
    finally:
        client.close()


def read_failures(broker: str, jobs: list[str], timeout_s: float) -> dict[str, FailedJob]:
    """job id -> its failure receipt, for the jobs of `jobs` that have one (none when the
    broker does not answer: asked again at the next poll)."""
    import redis  # noqa: PLC0415 - optional: the `fleet` extra

    if not jobs:
        return {}
    client = _client(broker, timeout_s)
    try:
        values = client.mget([failure_key(job) for job in jobs])
    except redis.RedisError:
        return {}
    finally:
        client.close()
    found = {}
    for job, raw in zip(jobs, values, strict=True):
        if raw is None:
            continue
        try:
            failed = FailedJob.model_validate_json(raw)
        except ValidationError:
            continue  # not a receipt: no failure said
        if failed.job == job:
            found[job] = failed
    return found
