"""A run ends at its deadline: finished work is kept, the rest is recorded with the reason."""

from __future__ import annotations

import time
from pathlib import Path

from inspector.lab.sshserver import Behaviour, Lab, clone, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import collect
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
    assert all("run interrupted" in r.reason for r in started_slow)
    assert all(r.status == DeviceStatus.UNREACHABLE and "deadline of 4 s" in r.reason
               for r in never)
