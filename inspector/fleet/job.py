"""What travels through the broker: a site's job, and the receipt a worker leaves for it.

A job holds the site's slice of the inventory as validated `Host`s, whose secrets are
references (`env:NAME`, `file:PATH`, `keyring:...`) by construction: the worker resolves them
where it runs, and no secret is ever in a message. `prompt` is refused here: no one types
at a site worker.

    >>> Job(fleet_run="20261122-020000-7f3a", job="20261122-020000-7f3a.Shanghai",
    ...     site="Shanghai", hosts=[], deadline_at=1795312800.0).queue
    'site.Shanghai'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from inspector.errors import ConfigurationError
from inspector.fleet.settings import queue_name, valid_site
from inspector.inventory import Host
from inspector.preflight import secret_uses
from inspector.store.bundle import safe_name

JOB_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JobOptions(_Strict):
    """How the worker collects: as `inspector run` would with these options."""

    workers: int = Field(default=32, ge=1, le=1000)
    processes: int | None = Field(default=None, ge=1, le=64)
    profile: str = "monthly"


class Job(_Strict):
    version: int = JOB_VERSION
    fleet_run: str  # the central run's id
    # `<fleet_run>.<site>`: the same job sent again (a broker restarted) has the same id.
    job: str
    site: str
    hosts: list[Host]
    deadline_at: float  # POSIX time by which the site's results must be delivered
    options: JobOptions = JobOptions()

    @property
    def queue(self) -> str:
        return queue_name(self.site)


class Receipt(_Strict):
    """What a worker leaves when a job is delivered (`done.json`) and returns to Celery."""

    fleet_run: str
    job: str
    site: str
    attempt: str  # the attempt folder holding the results, beside done.json
    run_folder: str  # the worker's run folder inside the attempt folder
    worker: str
    devices: int
    complete: bool
    started: datetime
    ended: datetime


def job_id(fleet_run: str, site: str) -> str:
    return f"{fleet_run}.{site}"


def by_site(hosts: Iterable[Host], source: str) -> dict[str, list[Host]]:
    """The hosts of each site, in inventory order. ConfigurationError listing every device
    without a site, with a bad site name, or with a secret typed at a prompt."""
    sites: dict[str, list[Host]] = {}
    problems: list[str] = []
    for host in hosts:
        if not host.site:
            problems.append(f"{source}: host {host.name}: no site (set `site:` on the host, "
                            "a group or `defaults`): the fleet sends each device to its "
                            "site's worker")
            continue
        try:
            valid_site(host.site)
        except ConfigurationError as exc:
            problems.append(f"{source}: host {host.name}: {exc}")
            continue
        prompted = [use.field for use in secret_uses(host) if use.ref == "prompt"]
        if prompted:
            problems.append(f"{source}: host {host.name}: {', '.join(prompted)} is `prompt`: "
                            "a site worker cannot ask; use env:, file: or keyring: there")
            continue
        sites.setdefault(host.site, []).append(host)
    problems += _same_folder(sites, source)
    if problems:
        raise ConfigurationError("\n".join(problems))
    return sites


def _same_folder(sites: dict[str, list[Host]], source: str) -> list[str]:
    """Sites whose results would share a folder (`A/B` and `A_B`; `sh` and `SH` on a
    case-insensitive file system): one would be read as the other's."""
    seen: dict[str, str] = {}
    problems = []
    for site in sites:
        key = safe_name(site).lower()
        if key in seen:
            problems.append(f"{source}: sites {seen[key]!r} and {site!r} would share the "
                            "results folder; rename one")
        seen.setdefault(key, site)
    return problems
