"""A site worker's job, run in this process without a broker (inspector/fleet/worker.py):
what is skipped, and a secret the worker cannot resolve."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from inspector.fleet.central import merge
from inspector.fleet.delivery import JobPlace
from inspector.fleet.job import Job
from inspector.fleet.worker import WorkerConfig, run_job
from inspector.inventory import Host
from inspector.model import DeviceStatus
from inspector.parsing.device import inspect_device

MISSING = "INSPECTOR_TEST_FLEET_NOT_SET"


def _host(name: str) -> Host:
    return Host.model_validate({
        "name": name, "host": "127.0.0.1", "platform": "huawei_vrp", "site": "SH",
        "username": "u", "password": f"env:{MISSING}",
        "transport": {"port": 9, "retries": 0, "conn_timeout": 2}})


def _job(site: str = "SH", deadline_in: float = 60) -> Job:
    return Job(fleet_run="r1", job=f"r1.{site}", site=site, hosts=[_host("sh-1")],
               deadline_at=time.time() + deadline_in)


def _config(tmp_path: Path) -> WorkerConfig:
    return WorkerConfig(sites=("SH",), broker="redis://127.0.0.1:9/0", results=tmp_path / "res",
                        spool=tmp_path / "spool")


def test_a_secret_the_worker_cannot_resolve_is_that_device_s_recorded_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MISSING, raising=False)
    job = _job()
    receipt = run_job(job.model_dump(mode="json"), _config(tmp_path))
    assert receipt["devices"] == 1
    place = JobPlace.of(tmp_path / "res", job)
    delivered = place.delivered()
    assert delivered is not None
    recordings, _ = merge([job], {job.job: delivered}, {job.job: place}, set(), 60)
    result = inspect_device(recordings[0])
    assert result.status == DeviceStatus.UNREACHABLE
    assert f"env:{MISSING}" in result.reason  # the reference, named where it failed


def test_a_job_already_delivered_is_not_collected_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MISSING, raising=False)
    job = _job()
    run_job(job.model_dump(mode="json"), _config(tmp_path))
    again = run_job(job.model_dump(mode="json"), _config(tmp_path))
    assert again["skipped"] == "already delivered"
    assert len(list(JobPlace.of(tmp_path / "res", job).folder.glob("attempt-*"))) == 1


def test_a_job_past_its_deadline_or_of_another_site_is_not_started(tmp_path: Path) -> None:
    late = run_job(_job(deadline_in=-5).model_dump(mode="json"), _config(tmp_path))
    assert late["skipped"] == "past its deadline"
    other = run_job(_job(site="BJ").model_dump(mode="json"), _config(tmp_path))
    assert other["skipped"].startswith("for site BJ")
    assert not (tmp_path / "res").exists()
