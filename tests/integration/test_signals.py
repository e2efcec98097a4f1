"""SIGTERM and SIGHUP stop a run like Ctrl-C (what was collected is kept, the run is marked
interrupted, exit 2); the collecting processes of a split run die with their parent, even
one killed with SIGKILL; `inspector lab serve` stopped with SIGTERM takes its agents along."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml

from inspector.lab.sshserver import Behaviour, Lab, LabDevice, clone, lab_devices
from tests.integration.conftest import PASSWORD, PASSWORD_ENV

MARK = "INSPECTOR_TEST_PROCESS_MARK"


def _inventory(path: Path, devices: list[LabDevice]) -> Path:
    hosts = {d.name: {"host": "127.0.0.1", "platform": d.platform,
                      "transport": {"port": d.port, "retries": 0, "read_timeout": 120}}
             for d in devices}
    path.write_text(yaml.safe_dump({"defaults": {"username": "inspector",
                                                 "password": f"env:{PASSWORD_ENV}"},
                                    "hosts": hosts}), encoding="utf-8")
    return path


def _env(tmp_path: Path, mark: str = "") -> dict[str, str]:
    return {**os.environ, PASSWORD_ENV: PASSWORD, MARK: mark,
            "INSPECTOR_LOCK_DIR": str(tmp_path / "locks")}


def _marked(mark: str) -> list[int]:
    """Live (not zombie) processes whose environment carries `mark`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"{MARK}={mark}".encode() in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_keeps_what_was_collected(
    tmp_path: Path, serve: type[Lab], stop_signal: signal.Signals
) -> None:
    template, = lab_devices(password=PASSWORD, names=["bj-core-c9300"])
    fast = [clone(template, f"fast{i}") for i in range(2)]
    slow = clone(template, "slow")
    slow.behaviour = Behaviour(latency_s=1.0)  # ~20 s of commands
    serve([*fast, slow]).start()
    out = tmp_path / "out"
    with subprocess.Popen(
        [sys.executable, "-m", "inspector.cli", "run",
         str(_inventory(tmp_path / "inv.yaml", [*fast, slow])), "--out", str(out),
         "--run-id", "stopped", "--format", "none", "-w", "3"],
        env=_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    ) as child:
        assert child.stderr is not None
        collected = 0
        while collected < 2:  # both fast devices are in: now stop the run
            line = child.stderr.readline()
            assert line, f"the run ended early (exit {child.wait()}: {child.stderr.read()})"
            collected += "] fast" in line  # "[1/3] fast0: 21 captures; ..."
        while len(slow.received) < 5:  # and the slow one has answered a few commands
            time.sleep(0.1)
        started = time.monotonic()
        child.send_signal(stop_signal)
        child.wait(timeout=30)
        assert time.monotonic() - started < 10
    assert child.returncode == 2
    results = json.loads((out / "stopped" / "results.json").read_text(encoding="utf-8"))
    assert results["complete"] is False
    status = {d["device"]["name"]: d for d in results["devices"]}
    assert status["fast0"]["status"] == status["fast1"]["status"] == "complete"
    assert status["slow"]["status"] == "partial"  # its first answers kept
    assert "cut short: the run was interrupted" in status["slow"]["reason"]


# Fixed points of the start-up and the collection, and one drawn at random each session.
KILL_POINTS = [0.3, 0.9, 1.6, round(random.uniform(0.2, 3.0), 2)]  # noqa: S311


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", KILL_POINTS)
def test_no_collecting_process_outlives_a_killed_parent(
    tmp_path: Path, serve: type[Lab], kill_after: float
) -> None:
    template, = lab_devices(password=PASSWORD, names=["bj-core-c9300"])
    devices = [clone(template, f"sw{i}") for i in range(8)]
    for device in devices:
        device.behaviour = Behaviour(latency_s=0.3)
    serve(devices).start()
    mark = uuid.uuid4().hex
    parent = subprocess.Popen(
        [sys.executable, "-m", "inspector.cli", "run",
         str(_inventory(tmp_path / "inv.yaml", devices)), "--out", str(tmp_path / "out"),
         "--format", "none", "-w", "4", "--processes", "2"],
        env=_env(tmp_path, mark), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(kill_after)
    parent.kill()
    parent.wait(timeout=10)
    time.sleep(2)  # a child still starting up finds its parent gone
    deadline = time.monotonic() + 5
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _marked(mark) == [], f"collecting processes alive {kill_after} s into the run"
    logins = [d.password_attempts for d in devices]
    typed = [len(d.received) for d in devices]
    time.sleep(2)
    assert [d.password_attempts for d in devices] == logins
    assert [len(d.received) for d in devices] == typed


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(child) for child in text)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_lab_serve_stopped_with_sigterm_stops_its_agents(tmp_path: Path) -> None:
    base = random.randint(30000, 39000)  # noqa: S311 - ports, not secrets
    with subprocess.Popen(
        [sys.executable, "-m", "inspector.cli", "lab", "serve", "--base-port", str(base),
         "--snmp-port", str(base + 900), "--ipmi-port", str(base + 901)],
        env={**os.environ, "COLUMNS": "200"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    ) as lab:
        assert lab.stdout is not None
        for line in lab.stdout:  # the table of devices: every agent is up
            if "export" in line:
                break
        agents = _children(lab.pid)
        assert agents, "the lab started no agent process"
        lab.send_signal(signal.SIGTERM)
        lab.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in agents) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in agents if _alive(pid)]
