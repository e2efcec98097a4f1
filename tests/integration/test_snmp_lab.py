"""Real SNMP against the lab's agent (snmpsim on 127.0.0.1): v2c and v3 authPriv,
collector -> bundle -> replay, a wrong community, and no secret in anything written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.inventory import Host, SnmpOptions
from inspector.lab.snmpagent import LAB_DEVICES, V3_AUTH_KEY, V3_PRIV_KEY, V3_USER, SnmpLab
from inspector.parsing.builders import build_snapshot
from inspector.store.bundle import DeviceRecording, read_bundle, write_bundle
from inspector.transports.snmp import collect_device

BY_NAME = {d.name: d for d in LAB_DEVICES}
# pysnmp sets up pysmi's MIB compiler per engine through names pysmi now deprecates (like
# the getReadersFromUrls one); pyproject ignores these too, this keeps the file self-contained.
PYSMI_NAMES = r"ignore:add(Sources|Searchers|Borrowers) is deprecated:DeprecationWarning"
pytestmark = pytest.mark.filterwarnings(PYSMI_NAMES)


@pytest.fixture(scope="module")
def lab() -> Iterator[SnmpLab]:
    with SnmpLab() as running:
        yield running


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for device in LAB_DEVICES:
        monkeypatch.setenv(_var(device.community), device.community)
    monkeypatch.setenv("SNMP_LAB_AUTH", V3_AUTH_KEY)
    monkeypatch.setenv("SNMP_LAB_PRIV", V3_PRIV_KEY)
    monkeypatch.setenv("SNMP_LAB_WRONG", "not-the-community-3f1")
    return monkeypatch


def _var(community: str) -> str:
    return "SNMP_LAB_" + community.upper().replace("-", "_")


def host(lab: SnmpLab, name: str, **snmp: object) -> Host:
    device = BY_NAME[name]
    options = {"port": lab.port, "community": f"env:{_var(device.community)}", "timeout": 1,
               "retries": 0, **snmp}
    return Host(name=name, host=lab.host, platform="snmp", role=device.role,
                snmp=SnmpOptions.model_validate(options))


def test_v2c_collect_bundle_replay(lab: SnmpLab, env: pytest.MonkeyPatch,
                                   tmp_path: Path) -> None:
    recordings = [collect_device(host(lab, d.name)) for d in LAB_DEVICES]
    assert all(r.error is None and r.captures for r in recordings)
    live = {r.device.name: build_snapshot(r.device, r.captures) for r in recordings}
    replayed = read_bundle(write_bundle(tmp_path / "bundle", recordings, "live"))
    for rec in replayed:
        assert build_snapshot(rec.device, rec.captures) == live[rec.device.name]

    ups = live["bj-ups-2000g"].ups
    assert ups.status == "ok" and ups.data is not None
    assert (ups.data.on_battery, ups.data.battery_status, ups.data.charge_pct) == (
        True, "low", 18)
    assert "low battery" in ups.data.alarms
    healthy = live["sh-ups-srt6k"].ups.data
    assert healthy is not None and (healthy.on_battery, healthy.charge_pct) == (False, 100)
    hot = live["sh-env-b1-201"].sensors.data or []
    assert max(s.value or 0 for s in hot if s.kind == "temperature") > 30
    assert any(s.kind == "humidity" and (s.value or 0) > 80 for s in hot)
    room = live["bj-env-a3-101"].sensors.data or []
    assert {s.kind for s in room} == {"temperature", "humidity"}
    switch = live["gz-core-s6720"]
    assert switch.interfaces.data and switch.cpu.data and switch.inventory.data
    assert switch.ups.status == "unsupported"


def test_v3_authpriv(lab: SnmpLab, env: pytest.MonkeyPatch) -> None:
    rec = collect_device(host(lab, "sh-ups-srt6k", version="3", community=None, user=V3_USER,
                              auth_protocol="SHA", auth_key="env:SNMP_LAB_AUTH",
                              priv_protocol="AES", priv_key="env:SNMP_LAB_PRIV"))
    assert rec.error is None
    snap = build_snapshot(rec.device, rec.captures)
    assert snap.ups.data is not None and snap.ups.data.charge_pct == 100
    _no_secret(rec, V3_AUTH_KEY, V3_PRIV_KEY)


def test_v3_wrong_key_is_a_clear_failure(lab: SnmpLab, env: pytest.MonkeyPatch) -> None:
    rec = collect_device(host(lab, "sh-ups-srt6k", version="3", community=None, user=V3_USER,
                              auth_protocol="SHA", auth_key="env:SNMP_LAB_WRONG",
                              priv_protocol="AES", priv_key="env:SNMP_LAB_PRIV"))
    assert not rec.captures and rec.error
    assert "SNMPv3 authentication" in rec.error or "no SNMP answer" in rec.error
    _no_secret(rec, "not-the-community-3f1", V3_PRIV_KEY)


def test_wrong_community_is_a_timeout_with_a_reason(lab: SnmpLab,
                                                    env: pytest.MonkeyPatch) -> None:
    rec = collect_device(host(lab, "bj-ups-2000g", community="env:SNMP_LAB_WRONG"))
    assert not rec.captures
    assert rec.error is not None and "no SNMP answer" in rec.error
    assert "wrong community" in rec.error
    _no_secret(rec, "not-the-community-3f1")


def test_v1(lab: SnmpLab, env: pytest.MonkeyPatch) -> None:
    rec = collect_device(host(lab, "bj-ups-2000g", version="1"))
    snap = build_snapshot(rec.device, rec.captures)
    assert snap.ups.data is not None and snap.ups.data.charge_pct == 18


def test_communities_never_written(lab: SnmpLab, env: pytest.MonkeyPatch,
                                   tmp_path: Path) -> None:
    recordings = [collect_device(host(lab, d.name)) for d in LAB_DEVICES]
    folder = write_bundle(tmp_path / "b", recordings, "live")
    written = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())
    for device in LAB_DEVICES:
        assert device.community not in written
    for rec in recordings:
        _no_secret(rec, *(d.community for d in LAB_DEVICES))


def _no_secret(rec: DeviceRecording, *secrets: str) -> None:
    text = repr(rec.error) + "".join(c.command + c.output + (c.error or "")
                                     for c in rec.captures)
    for secret in secrets:
        assert secret not in text
