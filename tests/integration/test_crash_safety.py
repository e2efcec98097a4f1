"""A run killed with SIGKILL at any point leaves the history consistent and earlier runs
readable; the killed run is marked incomplete (or absent when killed before it began)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from inspector.lab.profiles import LAB_BUNDLE
from inspector.lab.sshserver import Behaviour, Lab, clone, lab_devices
from inspector.pipeline import CheckSettings, replay
from inspector.store.history import History
from tests.integration.conftest import PASSWORD, PASSWORD_ENV


def _inventory(path: Path, devices: list) -> Path:  # type: ignore[type-arg]
    hosts = {d.name: {"host": "127.0.0.1", "platform": d.platform,
                      "transport": {"port": d.port, "retries": 0}} for d in devices}
    path.write_text(yaml.safe_dump({"defaults": {"username": "inspector",
                                                 "password": f"env:{PASSWORD_ENV}"},
                                    "hosts": hosts}), encoding="utf-8")
    return path


def _registered(db: Path, run_id: str, timeout: float = 60) -> bool:
    """Wait until the child has registered its run in the store (it then collects)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            with sqlite3.connect(db) as raw:
                if raw.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone():
                    return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("kill_after", "begun"), [(0.2, False), (0.5, True), (2.0, True)])
def test_sigkill_mid_collection_keeps_history_consistent(
    tmp_path: Path, serve: type[Lab], kill_after: float, begun: bool
) -> None:
    db = tmp_path / "history.sqlite"
    with History(db) as store:
        lab_count = len(replay(LAB_BUNDLE, tmp_path, "earlier",
                               CheckSettings(history=store)).run.devices)
    template, = lab_devices(password=PASSWORD, names=["sh-core-ce6881"])
    devices = [clone(template, f"slow{i}") for i in range(4)]
    for device in devices:
        device.behaviour = Behaviour(latency_s=0.1)
    serve(devices).start()
    inventory = _inventory(tmp_path / "inv.yaml", devices)
    child = subprocess.Popen(
        [sys.executable, "-m", "inspector.cli", "run", str(inventory), "--out", str(tmp_path),
         "--run-id", "killed", "--history", str(db), "-w", "2",
         "--format", "none"],
        env={**os.environ, PASSWORD_ENV: PASSWORD}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    if begun:  # kill_after seconds into the collection
        assert _registered(db, "killed"), "the run never started"
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with History(db) as store:
        runs = {r.run_id: r for r in store.runs()}
        assert runs["earlier"].complete and runs["earlier"].devices == lab_count
        assert len(store.snapshots("earlier")) == lab_count
        if begun:  # killed after the run registered itself: it shows as incomplete
            assert not runs["killed"].complete
        if "killed" in runs:
            assert not runs["killed"].complete
        assert store.latest_snapshots(["slow0"]) == {}  # only the killed run has it
    # and the same inventory can simply be run again
    done = subprocess.run(
        [sys.executable, "-m", "inspector.cli", "run", str(inventory), "--out", str(tmp_path),
         "--run-id", "again", "--history", str(db), "-w", "4",
         "--format", "none"],
        env={**os.environ, PASSWORD_ENV: PASSWORD}, capture_output=True, text=True,
        timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    with History(db) as store:
        assert {r.run_id: r.complete for r in store.runs()}["again"]
