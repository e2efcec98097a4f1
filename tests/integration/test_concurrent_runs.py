"""Runs started in the same second into one folder and one history (cron lines at 02:00
sharing `reports/`) each keep a whole run of their own: folder, results.json, reports,
bundle index and history rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from inspector.lab.sshserver import Lab, LabDevice, clone, lab_devices
from inspector.store.history import History
from tests.integration.conftest import PASSWORD, PASSWORD_ENV


def _inventory(path: Path, device: LabDevice) -> Path:
    path.write_text(yaml.safe_dump({
        "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}"},
        "hosts": {device.name: {"host": "127.0.0.1", "platform": device.platform,
                                "transport": {"port": device.port, "retries": 0}}}}),
        encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("count", [2, 5])
def test_runs_started_together_each_stay_whole(
    tmp_path: Path, serve: type[Lab], count: int
) -> None:
    template, = lab_devices(password=PASSWORD, names=["sh-core-ce6881"])
    devices = [clone(template, f"site{i}-core") for i in range(count)]
    serve(devices).start()
    out, db = tmp_path / "reports", tmp_path / "reports" / "history.sqlite"
    inventories = [_inventory(tmp_path / f"site{i}.yaml", d) for i, d in enumerate(devices)]
    env = {**os.environ, PASSWORD_ENV: PASSWORD, "INSPECTOR_LOCK_DIR": str(tmp_path / "locks")}
    children = [subprocess.Popen(
        [sys.executable, "-m", "inspector.cli", "run", str(inventory), "--out", str(out),
         "--history", str(db), "--format", "md,json", "-w", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for inventory in inventories]
    for child in children:
        _, errors = child.communicate(timeout=180)
        assert child.returncode in (0, 1), errors
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == count, folders
    seen = set()
    for folder in folders:
        results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        names = [d["device"]["name"] for d in results["devices"]]
        assert len(names) == 1 and results["run_id"] == folder.name
        seen.update(names)
        index = json.loads((folder / "bundle" / "index.json").read_text(encoding="utf-8"))
        assert {d["name"] for d in index["devices"]} == set(names)
        assert folder.name in (folder / "summary.md").read_text(encoding="utf-8")  # its number
    assert seen == {d.name for d in devices}
    with History(db) as store:
        runs = store.runs()
        assert sorted(r.run_id for r in runs) == [f.name for f in folders]
        assert all(r.complete and r.devices == 1 for r in runs)
