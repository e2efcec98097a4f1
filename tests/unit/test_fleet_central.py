"""The central side's logic without a broker (inspector/fleet/central.py): what a site that
delivered nothing leaves, and when jobs are sent again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspector.fleet import central
from inspector.fleet.delivery import JobPlace
from inspector.fleet.job import Job
from inspector.inventory import Host


def _job(site: str, names: list[str]) -> Job:
    hosts = [Host.model_validate({"name": n, "host": "10.0.0.1", "platform": "huawei_vrp",
                                  "site": site, "username": "u", "password": "env:PW"})
             for n in names]
    return Job(fleet_run="r1", job=f"r1.{site}", site=site, hosts=hosts, deadline_at=0.0)


def test_devices_of_sites_that_delivered_nothing_are_not_reached_with_the_reason(
        tmp_path: Path) -> None:
    offline, late = _job("SH", ["sh-1", "sh-2"]), _job("BJ", ["bj-1"])
    places = {j.job: JobPlace.of(tmp_path, j) for j in (offline, late)}
    recordings, complete = central.merge([offline, late], {}, places, {"BJ"}, 120)
    assert [(r.device.name, r.error) for r in recordings] == [
        ("sh-1", "not reached: no worker of site SH was online (site worker offline)"),
        ("sh-2", "not reached: no worker of site SH was online (site worker offline)"),
        ("bj-1", "not reached: site BJ did not deliver its results before the run's "
                 "deadline of 120 s"),
    ]
    assert not complete


class _Broker:
    def __init__(self, identities: list[str | None], failures: int = 0) -> None:
        self.identities = iter(identities)
        self.failures = failures  # sends that fail first (the broker away)
        self.sent: list[list[str]] = []

    def identity(self) -> str | None:
        return next(self.identities)

    def send(self, jobs: list[Job]) -> list[Job]:
        if self.failures:
            self.failures -= 1
            return jobs
        self.sent.append([j.job for j in jobs])
        return []


def test_jobs_not_delivered_are_sent_again_once_when_the_broker_restarted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(central, "BROKER_CHECK_S", 0.0)
    jobs = [_job("SH", ["sh-1"]), _job("BJ", ["bj-1"])]
    state = central._Waiting(jobs, {}, 0.0, [], "first")
    broker = _Broker(["first", None, "second", "second"])  # same, away, restarted, same
    delivered: dict[str, Any] = {"r1.SH": object()}
    for _ in range(4):
        central._look_for_restart(broker, state, delivered)  # type: ignore[arg-type]
    assert broker.sent == [["r1.BJ"]]


def test_jobs_never_sent_are_tried_again_until_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(central, "BROKER_CHECK_S", 0.0)
    jobs = [_job("SH", ["sh-1"])]
    state = central._Waiting(jobs, {}, 0.0, list(jobs), None)
    broker = _Broker([None, None, "up", "up"], failures=2)
    for _ in range(4):
        central._look_for_restart(broker, state, {})  # type: ignore[arg-type]
    assert broker.sent == [["r1.SH"]]  # sent once it worked, not again
