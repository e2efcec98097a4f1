"""Telnet fallback: only when the inventory allows it, only when SSH cannot be reached."""

from __future__ import annotations

from pathlib import Path

from inspector.access import PLATFORM_TRANSPORTS
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import collect
from tests.integration.conftest import host_for


def test_fallback_to_telnet_when_allowed(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    chosen = {}
    for device in lab_devices(password=lab_password):
        # Every CLI OS; a Linux host is read through SSH exec channels only (no Telnet).
        if device.platform not in PLATFORM_TRANSPORTS:
            chosen.setdefault(device.platform, device)
    lab = serve(list(chosen.values()), telnet=True)
    lab.start()
    hosts = []
    for device in chosen.values():
        ssh_closed = host_for(device, conn_timeout=3)
        ssh_closed = ssh_closed.model_copy(update={"transport": ssh_closed.transport.model_copy(
            update={"port": 1, "telnet_fallback": True, "telnet_port": device.telnet_port})})
        hosts.append(ssh_closed)
    no_fallback = host_for(next(iter(chosen.values()))).model_copy(update={"name": "no-fallback"})
    no_fallback = no_fallback.model_copy(update={"transport": no_fallback.transport.model_copy(
        update={"port": 1})})
    run = collect([*hosts, no_fallback], tmp_path, workers=5, run_id="t").run
    results = {d.device.name: d for d in run.devices}
    for device in chosen.values():
        result = results[device.name]
        assert result.status == DeviceStatus.COMPLETE, (device.name, result.reason)
        assert result.device.protocol == "telnet"
        assert result.snapshot.facts.status == "ok"
    assert results["no-fallback"].status == DeviceStatus.UNREACHABLE
    assert "connection refused" in results["no-fallback"].reason
