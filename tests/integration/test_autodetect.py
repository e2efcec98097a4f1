"""`platform: autodetect`: the platform is recognized from the version output over SSH."""

from __future__ import annotations

from pathlib import Path

from inspector.access import PLATFORM_TRANSPORTS
from inspector.lab.sshserver import Lab, clone, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import collect
from tests.integration.conftest import host_for


def test_each_platform_is_recognized(tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    chosen = {}
    for device in lab_devices(password=lab_password):
        # Every CLI OS; a Linux host is its own transport (`platform: linux`, exec
        # channels), never a CLI to be recognized at login.
        if device.platform not in PLATFORM_TRANSPORTS:
            chosen.setdefault(device.platform, device)
    assert {"fortinet_fortios", "huawei_usg", "huawei_oceanstor", "cisco_ios"} <= set(chosen)
    unknown = clone(next(iter(chosen.values())), "mystery")
    unknown.outputs = {"show version": "Mystery Networks OS 1.0\nuptime 3 days\n"}
    serve([*chosen.values(), unknown]).start()
    hosts = [host_for(d).model_copy(update={"platform": "autodetect"})
             for d in [*chosen.values(), unknown]]
    run = collect(hosts, tmp_path, workers=5, run_id="r").run
    results = {d.device.name: d for d in run.devices}
    for platform, device in chosen.items():
        assert results[device.name].device.platform == platform
        assert results[device.name].status == DeviceStatus.COMPLETE, results[device.name].reason
    assert results["mystery"].status == DeviceStatus.UNREACHABLE
    assert "no known platform" in results["mystery"].reason
