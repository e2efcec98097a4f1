"""A job's delivery in the results folder: counted once, half attempts never read
(inspector/fleet/delivery.py), and what a job may carry (inspector/fleet/job.py)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.errors import ConfigurationError
from inspector.fleet.delivery import DONE, JobPlace
from inspector.fleet.job import Job, Receipt, by_site
from inspector.inventory import Host


def _job(hosts: list[Host] | None = None) -> Job:
    return Job(fleet_run="20261122-020000-7f3a", job="20261122-020000-7f3a.SH", site="SH",
               hosts=hosts or [], deadline_at=2e9)


def _receipt(job: Job, attempt: Path) -> Receipt:
    now = datetime.now(UTC)
    return Receipt(fleet_run=job.fleet_run, job=job.job, site=job.site, attempt=attempt.name,
                   run_folder=job.job, worker="w", devices=0, complete=True, started=now,
                   ended=now)


def test_the_first_attempt_to_commit_counts_and_the_other_is_removed(tmp_path: Path) -> None:
    job = _job()
    place = JobPlace.of(tmp_path, job)
    first, second = place.new_attempt(), place.new_attempt()
    assert place.delivered() is None
    assert place.commit(first, _receipt(job, first))
    assert not place.commit(second, _receipt(job, second))
    assert not second.exists()
    delivered = place.delivered()
    assert delivered is not None and delivered.attempt == first.name


def test_attempts_racing_to_commit_leave_exactly_one_delivery(tmp_path: Path) -> None:
    job = _job()
    place = JobPlace.of(tmp_path, job)
    attempts = [place.new_attempt() for _ in range(8)]
    won: list[bool] = []
    barrier = threading.Barrier(len(attempts))

    def commit(attempt: Path) -> None:
        barrier.wait()
        won.append(place.commit(attempt, _receipt(job, attempt)))

    threads = [threading.Thread(target=commit, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False] * 7 + [True]
    assert [p.name for p in place.folder.iterdir() if p.name.startswith("attempt-")] == [
        a.name for a in attempts if a.exists()]


def test_a_half_written_attempt_is_no_delivery(tmp_path: Path) -> None:
    """A worker killed mid-job leaves its attempt folder, maybe a receipt written but not
    linked: nothing is delivered until a done.json names an attempt."""
    job = _job()
    place = JobPlace.of(tmp_path, job)
    dead = place.new_attempt()
    (dead / "receipt.json").write_text(_receipt(job, dead).model_dump_json())
    assert place.delivered() is None
    (place.folder / DONE).write_text("{not a receipt")
    assert place.delivered() is None


def test_layout_is_run_site_job(tmp_path: Path) -> None:
    place = JobPlace.of(tmp_path, _job())
    assert place.folder == tmp_path / "20261122-020000-7f3a" / "SH" / "20261122-020000-7f3a.SH"


def _host(name: str, **values: object) -> Host:
    return Host.model_validate({"name": name, "host": "10.0.0.1", "platform": "huawei_vrp",
                                "username": "u", "password": "env:PW", **values})


def test_hosts_are_split_by_site_in_inventory_order() -> None:
    hosts = [_host("a", site="SH"), _host("b", site="BJ"), _host("c", site="SH")]
    assert {s: [h.name for h in hs] for s, hs in by_site(hosts, "inv.yaml").items()} == {
        "SH": ["a", "c"], "BJ": ["b"]}


def test_a_device_without_a_site_or_with_a_prompted_secret_is_refused_by_name() -> None:
    hosts = [_host("nosite"), _host("asks", site="SH", password="prompt"),  # noqa: S106 - a reference
             _host("bad", site=" SH")]
    with pytest.raises(ConfigurationError) as caught:
        by_site(hosts, "inv.yaml")
    message = str(caught.value)
    assert "inv.yaml: host nosite: no site" in message
    assert "inv.yaml: host asks: password is `prompt`" in message
    assert "inv.yaml: host bad: site ' SH'" in message


def test_sites_that_would_share_a_results_folder_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="'A/B' and 'a_b' would share"):
        by_site([_host("x", site="A/B"), _host("y", site="a_b")], "inv.yaml")


def test_a_job_carries_references_never_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PW", "S3cret-Never-Sent")
    payload = _job([_host("a", site="SH")]).model_dump_json()
    assert "env:PW" in payload
    assert "S3cret-Never-Sent" not in payload
