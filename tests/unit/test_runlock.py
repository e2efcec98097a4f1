"""The run lock follows the inventory file (a hard link or another --out is the same
inventory); run ids never collide and never overwrite an earlier run."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.model import Run
from inspector.runlock import LOCK_DIR_ENV, RunLockedError, run_lock
from inspector.store.history import History
from inspector.store.runfolder import RunExistsError, claim_run_folder


@pytest.fixture(autouse=True)
def _private_locks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOCK_DIR_ENV, str(tmp_path / "locks"))


def test_one_inventory_through_a_hard_link_and_another_out_is_refused(tmp_path: Path) -> None:
    inventory = tmp_path / "site.yaml"
    inventory.write_text("hosts: {}\n", encoding="utf-8")
    linked = tmp_path / "elsewhere" / "same.yaml"
    linked.parent.mkdir()
    os.link(inventory, linked)
    with run_lock(inventory, tmp_path / "out-a", tmp_path / "out-a" / "history.sqlite"), \
            pytest.raises(RunLockedError, match="already in progress"), \
            run_lock(linked, tmp_path / "out-b", tmp_path / "out-b" / "history.sqlite"):
        pass
    with run_lock(linked, tmp_path / "out-b"):  # released when the first run ended
        pass


def test_two_inventories_may_write_one_history(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for inventory in (first, second):
        inventory.write_text("hosts: {}\n", encoding="utf-8")
    history = tmp_path / "shared" / "history.sqlite"
    with run_lock(first, tmp_path / "out", history), run_lock(second, tmp_path / "out", history):
        pass


def test_generated_run_ids_in_one_second_never_collide(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    claimed = [claim_run_folder(tmp_path, None, moment) for _ in range(300)]
    ids = [run_id for run_id, _ in claimed]
    assert len(set(ids)) == 300
    assert all(folder.is_dir() and folder.name == run_id for run_id, folder in claimed)
    assert all(run_id.startswith(moment.astimezone().strftime("%Y%m%d-%H%M%S-"))
               for run_id in ids)


def test_a_given_run_id_never_overwrites_a_run(tmp_path: Path) -> None:
    moment = datetime.now(UTC)
    assert claim_run_folder(tmp_path, "monthly", moment)[0] == "monthly"
    with pytest.raises(RunExistsError, match="already exists"):
        claim_run_folder(tmp_path, "monthly", moment)
    assert claim_run_folder(tmp_path, "monthly", moment, replace=True)[0] == "monthly"


def test_a_given_run_id_held_by_the_history_elsewhere_is_refused(tmp_path: Path) -> None:
    with History(tmp_path / "history.sqlite") as store:
        earlier = Run(run_id="monthly", mode="live", started=datetime.now(UTC), source="",
                      tool_version="test")
        store.begin_run(earlier, tmp_path / "other-out" / "monthly")
        with pytest.raises(RunExistsError, match="history already holds"):
            claim_run_folder(tmp_path / "out", "monthly", datetime.now(UTC), store)
        assert not (tmp_path / "out" / "monthly").exists()
