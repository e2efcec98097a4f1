"""A run ends at its deadline: finished work is kept, the rest is recorded with the reason."""

from __future__ import annotations

import time
from pathlib import Path

from inspector.cutshort import cut_short
from inspector.lab.sshserver import Behaviour, Lab, clone, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import collect
from inspector.watchdog import GRACE_S
from tests.integration.conftest import host_for


def test_the_deadline_stops_a_run_cleanly(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    template, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    fast = clone(template, "fast")
    slow = [clone(template, f"slow{i}") for i in range(3)]
    for device in slow:
        device.behaviour = Behaviour(latency_s=1.0)  # ~20 commands: 20 s each
    serve([fast, *slow]).start()
    started = time.monotonic()
    output = collect([host_for(d) for d in [fast, *slow]], tmp_path, workers=2, run_id="r",
                     deadline_s=4)
    elapsed = time.monotonic() - started
    assert elapsed < 15, elapsed  # one command (1 s) and the parse after the deadline
    run = output.run
    assert not run.complete
    results = {d.device.name: d for d in run.devices}
    assert results["fast"].status == DeviceStatus.COMPLETE
    started_slow = [results[d.name] for d in slow if results[d.name].captures]
    never = [results[d.name] for d in slow if not results[d.name].captures]
    assert started_slow and never
    assert all("cut short: the run's deadline of 4 s" in r.reason for r in started_slow)
    assert all(r.status == DeviceStatus.UNREACHABLE and "deadline of 4 s" in r.reason
               for r in never)


def test_a_device_silent_after_login_does_not_hold_the_run(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    """A device that answers two commands and then nothing, with a read timeout of a
    minute: the deadline closes its session, and its two answers are kept."""
    template, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    fast = clone(template, "fast")
    silent = clone(template, "silent")
    silent.behaviour = Behaviour(silent_after_commands=2)
    mute = clone(template, "mute")  # silent from its first command on
    mute.behaviour = Behaviour(silent_after_commands=0)
    serve([fast, silent, mute]).start()
    hosts = [host_for(d, read_timeout=120) for d in (fast, silent, mute)]
    started = time.monotonic()
    output = collect(hosts, tmp_path, workers=3, run_id="r", deadline_s=5)
    elapsed = time.monotonic() - started
    assert elapsed < 5 + GRACE_S + 4, elapsed  # not the 120 s read timeout
    run = output.run
    assert not run.complete
    results = {d.device.name: d for d in run.devices}
    assert results["fast"].status == DeviceStatus.COMPLETE
    kept = results["silent"]
    assert kept.status == DeviceStatus.PARTIAL
    answered = [c for c in kept.captures if c.error is None]
    assert [c.command for c in answered] == ["show version", "show processes cpu"]
    cut = [c for c in kept.captures if c.error is not None]
    assert cut and all(c.error == "cut short: the run's deadline of 5 s was reached"
                       for c in cut)
    assert cut_short(kept) is not None and cut_short(results["mute"]) is not None
    # the bundle keeps what was answered, verbatim
    assert (output.folder / "bundle").is_dir()
    assert "cut short" in results["mute"].reason
