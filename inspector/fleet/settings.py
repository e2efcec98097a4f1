"""The fleet's Celery application, built from the broker URL, the same on both sides.

Why each setting:

- `task_acks_late`, `worker_prefetch_multiplier=1`, `task_reject_on_worker_lost`: a job is
  acknowledged only once its results are delivered, and a worker holds one job at a time;
  a worker killed mid-job leaves its job unacknowledged, and the broker gives it to another
  worker of the site. The job is idempotent (delivery.py), so a second delivery is harmless.
- `visibility_timeout` (Redis): how long an unacknowledged job stays with a worker before
  Redis hands it out again. A whole site's job can take an hour, far longer than anyone
  wants to wait after a worker died, so it is short (`lease_s`, a minute) and a working
  worker renews its lease (lease.py) every quarter of it. `unacked_restore_interval` with a
  throttle of 1: the sweep that hands out expired jobs runs that often in every worker.
- `broker_connection_retry*` with no retry limit for workers: a broker restarted mid-run is
  waited for, never the end of a worker; `socket_timeout`: a broker gone without closing
  the connection does not block a publish or a lease renewal for ever.
- `worker_cancel_long_running_tasks_on_connection_loss=False`: a job under way when the
  broker goes away finishes and delivers its results (they go to the results folder, not
  through the broker).
- `task_ignore_result`: the receipt a job returns is also written as `done.json`; the central
  side reads that, so no result backend is needed and none can lose a result.
- JSON only: a message is data, never a pickled object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from inspector.errors import EXIT_DEVICES, ConfigurationError, InspectorError

TASK_NAME = "inspector.fleet.collect_site"
QUEUE_PREFIX = "site."
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
BROKER_ENV = "INSPECTOR_BROKER"  # the broker URL when --broker is not given


class BrokerUnreachableError(InspectorError, RuntimeError):
    """The broker does not answer (exit 2, like a device that cannot be reached)."""

    exit_code = EXIT_DEVICES


def shown_url(broker: str) -> str:
    """The broker's URL without its password, for messages."""
    parts = urlsplit(broker)
    if parts.password is None:
        return broker
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


@dataclass(frozen=True)
class Timing:
    """The broker's clock: see the module's docstring."""

    lease_s: float = 60.0  # Redis visibility timeout; renewed every lease_s / 4
    restore_every_s: float = 10.0  # how often a worker hands out expired jobs again
    socket_timeout_s: float = 10.0


def queue_name(site: str) -> str:
    """The queue of a site's jobs: `site.<SITE>`."""
    return f"{QUEUE_PREFIX}{site}"


def valid_site(site: str) -> str:
    """`site`, refused (ConfigurationError) when it is empty or holds a control character or
    a space at either end: it names a queue and a folder."""
    if not site or site != site.strip() or any(ord(c) < 32 or ord(c) == 127 for c in site):
        raise ConfigurationError(f"site {site!r}: a site is a non-empty name without control "
                                 "characters or spaces at either end")
    return site


def is_redis(broker: str) -> bool:
    return broker.startswith(("redis://", "rediss://", "unix://"))


def broker_options(timing: Timing) -> dict[str, Any]:
    return {
        "visibility_timeout": timing.lease_s,
        "unacked_restore_interval": timing.restore_every_s,
        "unacked_restore_throttle": 1,
        "socket_timeout": timing.socket_timeout_s,
        "socket_connect_timeout": timing.socket_timeout_s,
        "health_check_interval": max(1.0, min(25.0, timing.lease_s / 2)),
    }


def make_app(broker: str, timing: Timing | None = None) -> Any:
    """A Celery application for `broker` (ConfigurationError when Celery is not installed)."""
    try:
        from celery import Celery  # type: ignore[import-untyped]  # noqa: PLC0415 - optional
    except ImportError:
        raise ConfigurationError("the fleet needs Celery: pip install 'inspector[fleet]'") \
            from None
    app = Celery("inspector-fleet", broker=broker, set_as_current=False)
    app.conf.update(
        task_serializer="json", accept_content=["json"], result_serializer="json",
        task_ignore_result=True,
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_create_missing_queues=True,
        broker_connection_retry=True, broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_transport_options=broker_options(timing or Timing()),
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        enable_utc=True,
    )
    return app
