"""Room probes over real SNMP (the lab's snmpsim agent serving our own recordings): a
vendor family chosen by its enterprise, a probe known only by the table it answers, an
unknown probe read by shape, and a known vendor's unknown product line; each collected,
bundled and replayed to the same snapshot."""

from __future__ import annotations

import shutil
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

# community -> our recording (tests/fixtures)
SERVED = {
    "probe-netbotz": FIXTURES / "snmp" / "apc_netbotz" / "netbotz_v2",
    "probe-papouch": FIXTURES / "snmp" / "papouch" / "th2e",
    "probe-linux-netbotz": FIXTURES / "snmp_shape" / "netbotz_linux_agent",
    "probe-unknown": FIXTURES / "snmp_shape" / "unknown_probe",
    "probe-hwg-unknown": FIXTURES / "snmp_shape" / "hwgroup_unknown_subtree",
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpLab]:
    folder = tmp_path_factory.mktemp("probe-families")
    for community, case in SERVED.items():
        shutil.copyfile(case / "walk.snmprec", folder / f"{community}.snmprec")
    with SnmpLab(data_dir=folder, v3_community=None) as running:
        yield running


def _collect(lab: SnmpLab, community: str, monkeypatch: pytest.MonkeyPatch,
             role: str = "env-sensor") -> DeviceRecording:
    variable = "SNMP_PROBE_" + community.upper().replace("-", "_")
    monkeypatch.setenv(variable, community)
    host = Host(name=community, host=lab.host, platform="snmp", role=role,
                snmp=SnmpOptions(port=lab.port, community=f"env:{variable}", timeout=2,
                                 retries=0))
    rec = collect_device(host)
    assert rec.error is None
    assert not [c.error for c in rec.captures if c.error]
    return rec


def _readings(snap: Snapshot) -> list[tuple[str, str, float | None, bool]]:
    return [(s.name, s.kind, s.value, s.generic) for s in snap.sensors.data or []]


def test_probe_families_over_real_snmp(lab: SnmpLab, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    recs = {c: _collect(lab, c, monkeypatch) for c in SERVED}
    snaps = {c: build_snapshot(r.device, r.captures) for c, r in recs.items()}
    assert _readings(snaps["probe-netbotz"]) == [
        ("Rack A1 Front", "temperature", 22.0, False), ("Rack A1 Rear", "temperature", 29.0, False),
        ("Rack A1 Humidity", "humidity", 44.0, False)]
    assert _readings(snaps["probe-papouch"]) == [
        ("Temperature", "temperature", 23.1, False), ("Humidity", "humidity", 45.5, False)]
    # Known by its table only (net-snmp's sysObjectID): the probe GETNEXT found it.
    commands = [c.command.split()[0] for c in recs["probe-linux-netbotz"].captures]
    assert "snmpgetnext" in commands
    assert _readings(snaps["probe-linux-netbotz"]) == _readings(snaps["probe-netbotz"])
    # Unknown: the enterprise subtree walked, its sensor table read by shape.
    assert "snmpwalk 1.3.6.1.4.1.64999" in [c.command for c in recs["probe-unknown"].captures]
    assert _readings(snaps["probe-unknown"]) == [
        ("Cold aisle", "temperature", 22.5, True), ("Hot aisle", "temperature", 41.5, True),
        ("Room humidity", "humidity", 48.0, True)]
    assert _readings(snaps["probe-hwg-unknown"]) == [
        ("Server room", "temperature", 22.8, False),
        ("Battery cabinet", "temperature", 19.5, True)]
    # Every snapshot replays from the bundle exactly.
    replayed = read_bundle(write_bundle(tmp_path / "bundle", list(recs.values()), "live"))
    for rec in replayed:
        assert build_snapshot(rec.device, rec.captures) == snaps[rec.device.name]


def test_a_known_probe_is_not_probed_for_tables(lab: SnmpLab,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Its vendor is known by its sysObjectID: no table probe; its enterprise subtree is
    walked once, bounded, and adds nothing its profile already read."""
    rec = _collect(lab, "probe-netbotz", monkeypatch)
    assert not [c for c in rec.captures if c.command.startswith("snmpgetnext")]
    snap = build_snapshot(rec.device, rec.captures)
    assert not [s for s in snap.sensors.data or [] if s.generic]
