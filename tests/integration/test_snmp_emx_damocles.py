"""Raritan EMX and HW-group Damocles over real SNMP (the lab's snmpsim agent serving our own
recordings): collected as a probe, nothing found twice by the shape walk, and replayed from
the bundle to the same snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.inventory import Host, SnmpOptions
from inspector.lab.snmpagent import SnmpLab
from inspector.model import Snapshot
from inspector.parsing.builders import build_snapshot
from inspector.store.bundle import DeviceRecording, read_bundle, write_bundle
from inspector.transports.snmp import collect_device
from tests.conftest import FIXTURES

pytestmark = pytest.mark.filterwarnings(
    r"ignore:add(Sources|Searchers|Borrowers) is deprecated:DeprecationWarning")

SERVED = {
    "emx-ok": FIXTURES / "snmp" / "raritan_emx" / "emx2_two_sensors",
    "emx-alarm": FIXTURES / "snmp" / "raritan_emx" / "emx2_alarm_fahrenheit",
    "damocles-ok": FIXTURES / "snmp" / "hwg_damocles" / "damocles_normal",
    "damocles-alarm": FIXTURES / "snmp" / "hwg_damocles" / "damocles_alarm",
}
# The EMX recording answering with net-snmp's sysObjectID: chosen by the EMD-MIB table.
LINUX_AGENT = "emx-linux-agent"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpLab]:
    folder = tmp_path_factory.mktemp("emx-damocles")
    for community, case in SERVED.items():
        (folder / f"{community}.snmprec").write_bytes((case / "walk.snmprec").read_bytes())
    text = (SERVED["emx-ok"] / "walk.snmprec").read_text(encoding="utf-8")
    (folder / f"{LINUX_AGENT}.snmprec").write_text(
        text.replace("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.13742.8\n",
                     "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"), encoding="utf-8")
    with SnmpLab(data_dir=folder, v3_community=None) as running:
        yield running


def _collect(lab: SnmpLab, community: str, monkeypatch: pytest.MonkeyPatch) -> DeviceRecording:
    variable = "SNMP_" + community.upper().replace("-", "_")
    monkeypatch.setenv(variable, community)
    host = Host(name=community, host=lab.host, platform="snmp", role="env-sensor",
                snmp=SnmpOptions(port=lab.port, community=f"env:{variable}", timeout=2,
                                 retries=0))
    rec = collect_device(host)
    assert rec.error is None
    assert not [c.error for c in rec.captures if c.error]
    return rec


def _readings(snap: Snapshot) -> list[tuple[str, float | None, str | None, str, bool]]:
    return [(s.name, s.value, s.unit, s.status, s.generic) for s in snap.sensors.data or []]


def test_emx_and_damocles_over_real_snmp(lab: SnmpLab, monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    recs = {c: _collect(lab, c, monkeypatch) for c in [*SERVED, LINUX_AGENT]}
    snaps = {c: build_snapshot(r.device, r.captures) for c, r in recs.items()}
    assert _readings(snaps["emx-ok"]) == [("Cold aisle top", 22.4, "C", "ok", False),
                                          ("Cold aisle RH", 41.0, "%RH", "ok", False)]
    assert _readings(snaps["emx-alarm"]) == [
        ("Hot aisle", 42.5, "C", "critical", False), ("Supply air", 20.5, "C", "ok", False),
        ("Room humidity", 18.0, "%RH", "warning", False)]
    assert _readings(snaps["damocles-ok"]) == [("Rack 7 temp", 23.4, "C", "ok", False),
                                               ("Rack 7 RH", 45.0, "%RH", "ok", False)]
    assert _readings(snaps["damocles-alarm"]) == [
        ("Aisle B temp", 36.0, "C", "critical", False),
        ("Aisle B RH", 82.5, "%RH", "warning", False)]
    assert "snmpgetnext" in [c.command.split()[0] for c in recs[LINUX_AGENT].captures]
    assert _readings(snaps[LINUX_AGENT]) == _readings(snaps["emx-ok"])
    replayed = read_bundle(write_bundle(tmp_path / "bundle", list(recs.values()), "live"))
    for rec in replayed:
        assert build_snapshot(rec.device, rec.captures) == snaps[rec.device.name]
