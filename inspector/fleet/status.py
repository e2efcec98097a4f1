"""What the fleet is doing: the workers of each site, the jobs waiting in each site's
queue, the jobs running. Every question has a short timeout: a worker busy or gone is
simply not listed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from inspector.fleet.settings import QUEUE_PREFIX, is_redis

INSPECT_TIMEOUT_S = 1.0
_BINDINGS = "_kombu.binding."  # kombu's Redis transport: one set per declared queue


@dataclass
class RunningJob:
    worker: str
    job: str
    site: str
    devices: int
    started: float | None  # POSIX time


@dataclass
class FleetStatus:
    workers: dict[str, list[str]] = field(default_factory=dict)  # site -> worker names
    queued: dict[str, int] = field(default_factory=dict)  # site -> jobs waiting
    running: list[RunningJob] = field(default_factory=list)

    def sites(self) -> list[str]:
        return sorted(set(self.workers) | set(self.queued) | {j.site for j in self.running})

    def as_json(self) -> dict[str, Any]:
        return {"sites": [{"site": site, "workers": sorted(self.workers.get(site, [])),
                           "queued": self.queued.get(site, 0),
                           "running": [asdict(j) for j in self.running if j.site == site]}
                          for site in self.sites()]}


def _site_of(queue: str) -> str | None:
    return queue[len(QUEUE_PREFIX):] if queue.startswith(QUEUE_PREFIX) else None


def workers_by_site(app: Any, timeout: float = INSPECT_TIMEOUT_S) -> dict[str, list[str]]:
    """site -> the workers consuming its queue that answered within `timeout`."""
    replies = app.control.inspect(timeout=timeout).active_queues() or {}
    found: dict[str, list[str]] = {}
    for worker, queues in replies.items():
        for queue in queues or []:
            site = _site_of(str(queue.get("name", "")))
            if site is not None:
                found.setdefault(site, []).append(str(worker))
    return found


def running_jobs(app: Any, timeout: float = INSPECT_TIMEOUT_S) -> list[RunningJob]:
    replies = app.control.inspect(timeout=timeout).active() or {}
    running = []
    for worker, tasks in replies.items():
        for task in tasks or []:
            args = task.get("args") or [{}]
            job = args[0] if args and isinstance(args[0], dict) else {}
            running.append(RunningJob(
                worker=str(worker), job=str(job.get("job", task.get("id", ""))),
                site=str(job.get("site", "")), devices=len(job.get("hosts") or []),
                started=task.get("time_start")))
    return running


def queue_depths(broker: str, timeout: float = INSPECT_TIMEOUT_S) -> dict[str, int]:
    """site -> messages waiting in its queue (Redis: LLEN of each declared site queue)."""
    if not is_redis(broker):
        return {}
    import redis  # noqa: PLC0415 - optional: the `fleet` extra

    client = redis.Redis.from_url(broker, socket_timeout=timeout * 3,
                                  socket_connect_timeout=timeout * 3)
    try:
        depths = {}
        for key in client.scan_iter(match=f"{_BINDINGS}{QUEUE_PREFIX}*", count=500):
            queue = key.decode("utf-8", "replace")[len(_BINDINGS):]
            site = _site_of(queue)
            if site is not None:
                depths[site] = int(client.llen(queue))
        return depths
    finally:
        client.close()


def fleet_status(app: Any, broker: str, timeout: float = INSPECT_TIMEOUT_S) -> FleetStatus:
    return FleetStatus(workers=workers_by_site(app, timeout),
                       queued=queue_depths(broker, timeout),
                       running=running_jobs(app, timeout))
