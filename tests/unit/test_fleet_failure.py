"""Failure receipts, a broker never reached and a worker of several sites, without a broker
(inspector/fleet/failure.py, central.py, worker.py); tests/fleet has them with real
processes and Redis."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.catalog import render
from inspector.fleet import central
from inspector.fleet.delivery import JobPlace
from inspector.fleet.failure import FailedJob, error_text
from inspector.fleet.job import Job
from inspector.fleet.worker import WorkerConfig, _host_label, run_job
from inspector.inventory import Host
from inspector.reasons import reason
from inspector.redact import register_secret

MISSING = "INSPECTOR_TEST_FLEET_NOT_SET"


def _job(site: str, names: list[str], deadline_in: float = 60) -> Job:
    hosts = [Host.model_validate({
        "name": n, "host": "127.0.0.1", "platform": "huawei_vrp", "site": site,
        "username": "u", "password": f"env:{MISSING}",
        "transport": {"port": 9, "retries": 0, "conn_timeout": 2}}) for n in names]
    return Job(fleet_run="r1", job=f"r1.{site}", site=site, hosts=hosts,
               deadline_at=time.time() + deadline_in)


def test_failed_and_never_sent_jobs_leave_their_own_reasons_in_both_languages(
        tmp_path: Path) -> None:
    failed_job, unsent, late = _job("SH", ["sh-1"]), _job("BJ", ["bj-1"]), _job("GZ", ["gz-1"])
    jobs = [failed_job, unsent, late]
    failed = FailedJob(fleet_run="r1", job="r1.SH", site="SH", worker="jump-1-42",
                       error="OSError: [Errno 28] No space left on device", at=datetime.now(UTC))
    why = central.Undelivered(failed={"r1.SH": failed}, never_sent={"r1.BJ"},
                              broker="redis://:***@mq:6379/0")
    places = {j.job: JobPlace.of(tmp_path, j) for j in jobs}
    recordings, complete = central.merge(jobs, {}, places, {"GZ"}, 90, why)
    errors = [r.error or "" for r in recordings]
    assert errors == [
        "not inspected: the job of site SH failed on worker jump-1-42: OSError: [Errno 28] "
        "No space left on device",
        "not reached: the broker redis://:***@mq:6379/0 could not be reached during the run "
        "(broker unreachable)",
        "not reached: site GZ did not deliver its results before the run's deadline of 90 s"]
    assert not complete
    said = [render(reason(e), "zh") for e in errors[:2]]
    assert said == [
        "未巡检：站点 SH 的任务在采集节点 jump-1-42 上失败：OSError: [Errno 28] No space left "
        "on device",
        "未连通：本次巡检期间无法连接消息代理 redis://:***@mq:6379/0（消息代理不可达）"]


def test_a_failure_receipt_names_the_error_class_and_masks_secrets() -> None:
    secret = "Fl2-Secret-93xq"  # noqa: S105 - a test secret
    register_secret(secret)
    said = error_text(PermissionError(13, f"cannot write with {secret}"))
    assert said.startswith("PermissionError: [Errno 13] cannot write with ")
    assert secret not in said
    assert len(error_text(RuntimeError("x" * 10000))) < 2100


def test_the_wait_ends_at_the_deadline_without_grace_when_nothing_was_ever_sent() -> None:
    job = _job("SH", ["sh-1"])
    now = time.time()
    nothing_sent = central._Waiting([job], {}, now + 5, [job], None, grace_s=10)
    assert nothing_sent.over({})  # the deadline (until - grace) is past
    sent = central._Waiting([job], {}, now + 5, [], None, grace_s=10, sent={job.job})
    assert not sent.over({})  # its results may still land during the grace


def test_a_worker_of_several_sites_collects_each_one_s_jobs_and_no_other(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MISSING, raising=False)
    config = WorkerConfig(sites=("SH", "BJ"), broker="redis://127.0.0.1:9/0",
                          results=tmp_path / "res", spool=tmp_path / "spool")
    receipt = run_job(_job("BJ", ["bj-1"]).model_dump(mode="json"), config)
    assert receipt["site"] == "BJ" and receipt["devices"] == 1
    other = run_job(_job("GZ", ["gz-1"]).model_dump(mode="json"), config)
    assert other["skipped"] == "for site GZ, not this worker's SH, BJ"
    assert _host_label(("SH", "BJ", "GZ")) == "SH+2"


def test_a_job_that_raises_is_a_failure_receipt_not_an_exception(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = WorkerConfig(sites=("SH",), broker="redis://127.0.0.1:9/0",
                          results=tmp_path / "res", spool=tmp_path / "spool")
    config.results.mkdir()
    (config.results / "r1").write_text("in the way\n")  # the run's folder cannot be made
    said = run_job(_job("SH", ["sh-1"]).model_dump(mode="json"), config)
    assert said["job"] == "r1.SH"
    assert said["error"].startswith("NotADirectoryError: ")
    assert said["receipt_left"] is False  # no broker at that port: said in the log
