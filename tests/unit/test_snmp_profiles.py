"""Every SNMP profile against our own fixtures: tests/fixtures/snmp/<profile>/<case>/.

`walk.snmprec` is what the device holds (served as one walk of 1.3.6.1); `expected.json`
is the snapshot's families we expect, as {family: {"status": ..., "data": ...}} for the
families listed. Regenerate after a deliberate change with
`python -m tests.unit.test_snmp_profiles` and review the diff.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from inspector.collectors.snmp_parse import build_snmp_snapshot
from inspector.collectors.snmpprofile import snmp_profiles
from inspector.model import Capture, Device
from tests.conftest import FIXTURES

SNMP_FIXTURES = FIXTURES / "snmp"
CASES = sorted(p.parent for p in SNMP_FIXTURES.glob("*/*/walk.snmprec"))
ROLES = {"ups_mib": "ups", "apc_powernet_ups": "ups", "akcp_sensorprobe": "env-sensor",
         "entity_sensor_mib": "env-sensor"}


def snapshot_of(case: Path) -> dict[str, Any]:
    profile = case.parent.name
    device = Device(name=case.name, platform="snmp", role=ROLES.get(profile, ""))
    capture = Capture(device=device.name, command="snmpwalk 1.3.6.1",
                      output=(case / "walk.snmprec").read_text(encoding="utf-8"),
                      started=datetime(2026, 11, 22, tzinfo=UTC))
    snap = build_snmp_snapshot(device, [capture])
    return {name: {"status": fam.status.value, "reason": fam.reason,
                   "data": fam.model_dump(mode="json")["data"]}
            for name in ("facts", "ups", "sensors", "interfaces", "inventory", "cpu", "memory",
                         "routes")
            if (fam := snap.family(name)).status.value != "unsupported"}


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_profile_fixture(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert snapshot_of(case) == expected


def test_every_vendor_profile_has_a_fixture_or_is_listed() -> None:
    """Profiles written against corpus recordings only are exercised by the corpus tier."""
    with_fixture = {case.parent.name for case in CASES}
    assert {"ups_mib", "apc_powernet_ups", "akcp_sensorprobe", "entity_sensor_mib",
            "huawei_entity_extent"} <= with_fixture
    assert with_fixture <= set(snmp_profiles())


if __name__ == "__main__":  # regenerate expected.json files
    for case in CASES:
        (case / "expected.json").write_text(
            json.dumps(snapshot_of(case), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8")
