"""Old devices over real SSH: the lab's legacy-only switches (group1-sha1, group14-sha1,
gex-sha1; ssh-rsa; CBC) are refused by a default inventory with the reason naming what they
offer, and collected fully with `transport.legacy_algorithms: true`; modern devices are
unaffected; the weak algorithms become a finding in the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from inspector.cli import app
from inspector.inventory import Host
from inspector.lab.legacy import old_devices
from inspector.lab.sshserver import Lab, LabDevice, lab_devices
from inspector.transports.ssh import collect_device
from tests.integration.conftest import PASSWORD_ENV, host_for

# The lab device each old one copies, and the key exchange it alone offers.
OLD = {"bj-acc-c2960-old": ("bj-acc-c2960x", "diffie-hellman-group1-sha1"),
       "sh-acc-s3700-old": ("sh-acc-s5735", "diffie-hellman-group14-sha1"),
       "gz-acc-s5120-old": ("gz-acc-s5130", "diffie-hellman-group-exchange-sha1")}


def _legacy(host: Host, on: bool = True) -> Host:
    return host.model_copy(update={"transport": host.transport.model_copy(
        update={"legacy_algorithms": on, "host_keys": "off"})})


@pytest.fixture
def old_lab(serve: type[Lab], lab_password: str) -> tuple[list[LabDevice], list[LabDevice]]:
    modern = lab_devices(password=lab_password,
                         names=[source for source, _ in OLD.values()])
    old = old_devices(modern)
    serve(modern + old).start()
    return modern, old


@pytest.mark.parametrize("name", sorted(OLD))
def test_default_inventory_refuses_with_what_the_device_offers(
        old_lab: tuple[list[LabDevice], list[LabDevice]], name: str) -> None:
    device = next(d for d in old_lab[1] if d.name == name)
    recording = collect_device(_legacy(host_for(device), on=False))
    assert recording.captures == []
    assert recording.error == (
        f"the device offers only {OLD[name][1]} (key exchange) and ssh-rsa (host key); "
        "set transport.legacy_algorithms: true for it")
    assert device.password_attempts == 0 and device.received == []


@pytest.mark.parametrize("name", sorted(OLD))
def test_legacy_algorithms_collect_old_devices_fully(
        old_lab: tuple[list[LabDevice], list[LabDevice]], name: str) -> None:
    modern, old = old_lab
    device = next(d for d in old if d.name == name)
    source = next(d for d in modern if d.name == OLD[name][0])
    recording = collect_device(_legacy(host_for(device)))
    assert recording.error is None
    assert [c.error for c in recording.captures if c.error] == []
    # Everything the modern original answers, the old copy answers too, over its own session.
    reference = collect_device(host_for(source))
    assert [c.command for c in recording.captures] == [c.command for c in reference.captures]
    for ours, theirs in zip(recording.captures, reference.captures, strict=True):
        # (the caret under a rejected command moves with the prompt's length)
        assert ours.output.split() == theirs.output.replace(source.name, name).replace(
            source.name.upper(), name.upper()).split()
    assert recording.device.ssh_algorithms["kex"] == OLD[name][1]
    assert recording.device.ssh_algorithms["host_key"] == "ssh-rsa"
    assert recording.device.ssh_algorithms["cipher"].endswith("-cbc")
    # Keyboard-interactive only (the Huawei and H3C copies): the password went that way.
    assert device.password_attempts == 1


def test_modern_devices_unaffected(old_lab: tuple[list[LabDevice], list[LabDevice]]) -> None:
    modern = old_lab[0][0]
    for host in (host_for(modern), _legacy(host_for(modern))):
        recording = collect_device(host)
        assert recording.error is None and all(c.error is None for c in recording.captures)
        used = recording.device.ssh_algorithms
        assert used["host_key"] == "ssh-ed25519" and not used["cipher"].endswith("cbc")


def test_keyboard_interactive_on_the_default_path(serve: type[Lab], lab_password: str) -> None:
    device = lab_devices(password=lab_password, names=["sh-acc-s5735"])[0]
    device.keyboard_interactive = True
    serve([device]).start()
    recording = collect_device(host_for(device))
    assert recording.error is None and recording.captures
    assert device.password_attempts == 1


def test_host_key_policy_applies_to_legacy_sessions(
        old_lab: tuple[list[LabDevice], list[LabDevice]], tmp_path: Path) -> None:
    device = old_lab[1][0]
    known = tmp_path / "known_hosts"
    host = _legacy(host_for(device))
    host = host.model_copy(update={"transport": host.transport.model_copy(
        update={"host_keys": "accept-new", "known_hosts": known})})
    assert collect_device(host).error is None
    line = known.read_text(encoding="ascii").split()
    assert line[:2] == [f"[127.0.0.1]:{device.port}", "ssh-rsa"]
    assert collect_device(host).error is None
    known.write_text(" ".join([line[0], "ssh-rsa", "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDh"]) + "\n")
    refused = collect_device(host)
    assert refused.error is not None and refused.error.startswith("refused to log in")
    assert refused.captures == []


def _inventory(path: Path, devices: list[LabDevice], legacy: set[str]) -> Path:
    hosts = {d.name: {"host": "127.0.0.1", "platform": d.platform,
                      "transport": {"port": d.port, "legacy_algorithms": d.name in legacy}}
             for d in devices}
    path.write_text(yaml.safe_dump({
        "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}",
                     "transport": {"conn_timeout": 5, "read_timeout": 10, "retries": 2,
                                   "host_keys": "off"}},
        "hosts": hosts}), encoding="utf-8")
    return path


def _run(tmp_path: Path, inventory: Path, run_id: str) -> dict[str, object]:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [
        "run", str(inventory), "--out", str(out), "--run-id", run_id, "--no-history",
        "--format", "md", "--lang", "zh", "--fail-on", "none", "-w", "4"])
    assert result.exit_code in (0, 1, 2), result.output
    data: dict[str, object] = json.loads((out / run_id / "results.json").read_text("utf-8"))
    return data


def test_a_run_reports_refusals_and_weak_algorithms(
        old_lab: tuple[list[LabDevice], list[LabDevice]], tmp_path: Path) -> None:
    modern, old = old_lab
    devices = [modern[0], *old[:2]]
    # Without the option: refused at once (no retry: the offer will not change), the reason
    # said in the customer's language in the report.
    refused = _run(tmp_path, _inventory(tmp_path / "a.yaml", devices, set()), "refused")
    reasons = {d["device"]["name"]: d["reason"] for d in refused["devices"]}  # type: ignore[index]
    assert reasons[old[0].name].startswith("the device offers only diffie-hellman-group1-sha1")
    assert old[0].password_attempts == 0
    summary = (tmp_path / "out" / "refused" / "summary.md").read_text(encoding="utf-8")
    summary = summary.replace("\\_", "_")  # Markdown's escaped underscores
    assert "设备仅提供 diffie-hellman-group1-sha1（密钥交换）和 ssh-rsa（主机密钥）" in summary
    assert "transport.legacy_algorithms: true" in summary
    # With it on the old devices only: every device collected, the old ones graded.
    collected = _run(tmp_path, _inventory(tmp_path / "b.yaml", devices,
                                          {d.name for d in old}), "collected")
    assert {d["status"] for d in collected["devices"]} == {"complete"}  # type: ignore[index]
    graded = {f["device"]: f for f in collected["findings"]  # type: ignore[union-attr]
              if f["check_id"] == "config.ssh_algorithms"}
    assert graded[modern[0].name]["passed"] is True
    for device in old[:2]:
        finding = graded[device.name]
        assert finding["severity"] == "minor"
        lines = finding["evidence"][0]["lines"]
        assert "server_host_key_algorithms: ssh-rsa" in lines
        assert any(line.startswith("kex_algorithms: diffie-hellman-group") for line in lines)
