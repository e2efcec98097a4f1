"""An OceanStor array over real SNMP (snmpsim serving our recording): its storage profile is
chosen by the enterprise subtree, the parts and controllers read, the planted faults found
at their levels."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inspector.checks import load_rules, run_checks
from inspector.inventory import Host, SnmpOptions
from inspector.lab.snmpagent import LAB_DEVICES, SnmpLab
from inspector.model import DeviceResult, DeviceStatus, FamilyStatus, Severity
from inspector.parsing.builders import build_snapshot
from inspector.transports.snmp import collect_device

PYSMI_NAMES = r"ignore:add(Sources|Searchers|Borrowers) is deprecated:DeprecationWarning"
pytestmark = pytest.mark.filterwarnings(PYSMI_NAMES)
ARRAY = next(d for d in LAB_DEVICES if d.name == "gz-san-5300v5")


@pytest.fixture
def lab(monkeypatch: pytest.MonkeyPatch) -> Iterator[SnmpLab]:
    monkeypatch.setenv("SNMP_LAB_SAN", ARRAY.community)
    with SnmpLab() as running:
        yield running


def test_oceanstor_over_snmp(lab: SnmpLab) -> None:
    host = Host(name=ARRAY.name, host=lab.host, platform="snmp", role=ARRAY.role,
                snmp=SnmpOptions(port=lab.port, community="env:SNMP_LAB_SAN", timeout=2,
                                 retries=1))
    recording = collect_device(host)
    assert recording.error is None, recording.error
    snapshot = build_snapshot(recording.device, recording.captures)
    assert snapshot.device.kind == "storage"
    assert snapshot.storage.status == FamilyStatus.OK, snapshot.storage.reason
    parts = {(p.part, p.name): p for p in snapshot.storage.data or []}
    assert parts[("disk", "CTE0.6")].health == "pre-fail"
    assert {m.name: (m.role, m.online) for m in snapshot.ha.data or []} == {
        "0A": ("master", True), "0B": ("slave", True)}

    result = DeviceResult(device=snapshot.device, status=DeviceStatus.COMPLETE,
                          snapshot=snapshot)
    problems = {f.check_id: f.severity for f in run_checks([result], {}, load_rules())
                if f.is_problem}
    assert problems == {"storage.disk": Severity.MINOR, "storage.pool_usage": Severity.MINOR}
