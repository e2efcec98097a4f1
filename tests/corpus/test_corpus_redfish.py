"""Corpus tier for Redfish: every real resource of a type the mapping claims (DMTF mockup,
Huawei iBMC, Dell iDRAC, HPE iLO) maps without error into its families, with values checked
against the resource read independently; per type, the ok rate is printed, and at least 97%
of the claimed resources must be ok. Reads ../shared/corpus/redfish when present, skips
cleanly otherwise."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from inspector.model import Capture, Device, FamilyStatus, Sensor
from inspector.parsing.redfish import build_snapshot, map_capture
from inspector.parsing.redfish_records import MAPPERS, resource_type
from tests.conftest import CORPUS

FOLDER = CORPUS / "redfish"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not FOLDER.is_dir(), reason="../shared/corpus/redfish is absent"),
]
HEALTH_WORDS = {None, "ok", "warning", "critical"}


def _resources() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(FOLDER.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            found.append((path, data))
    return found


def _capture(path: Path, resource: dict[str, Any]) -> Capture:
    where = resource.get("@odata.id") or f"/redfish/v1/{path.relative_to(FOLDER)}"
    return Capture(device="corpus", command=f"GET {where}", output=json.dumps(resource))


def _absent(resource: dict[str, Any]) -> bool:
    status = resource.get("Status")
    return isinstance(status, dict) and status.get("State") == "Absent"


def _expected_sensors(resource: dict[str, Any]) -> int:
    """Temperatures (with a reading) and fans of a legacy Thermal, read independently."""
    temps = [t for t in resource.get("Temperatures") or [] if not _absent(t)]
    return len(temps) + len(resource.get("Fans") or [])


def _check_values(kind: str, resource: dict[str, Any], records: list[tuple[str, Any]]) -> None:
    for _, record in records:
        for field in ("health", "rollup"):
            assert getattr(record, field, None) in HEALTH_WORDS, (kind, record)
    if kind == "Thermal":
        assert len(records) == _expected_sensors(resource)
    if kind == "Memory" and records:
        (_, module), = records
        assert module.health == (resource.get("Status") or {}).get("Health", "").lower() or None
    if kind == "Power":
        psus = [r for _, r in records if isinstance(r, Sensor) and r.kind == "psu"]
        assert len(psus) == len(resource.get("PowerSupplies") or [])


def test_claimed_resources_map_ok(capsys: pytest.CaptureFixture[str]) -> None:
    claimed: Counter[str] = Counter()
    ok: Counter[str] = Counter()
    unclaimed: Counter[str] = Counter()
    problems = []
    for path, resource in _resources():
        kind = resource_type(resource)
        if kind not in MAPPERS:
            unclaimed[kind or "(no @odata.type)"] += 1
            continue
        claimed[kind] += 1
        records, problem = map_capture(_capture(path, resource))
        if problem is None and (records or _absent(resource)):
            _check_values(kind, resource, records)
            ok[kind] += 1
        else:
            problems.append(f"{path.relative_to(FOLDER)}: {problem or 'no records'}")
    with capsys.disabled():
        print("\nredfish corpus, per resource type (ok / claimed):")
        for kind in sorted(claimed):
            print(f"  {kind:22} {ok[kind]:3} / {claimed[kind]}")
        print(f"  not claimed (navigation): {dict(unclaimed)}")
        for problem in problems:
            print(f"  not ok: {problem}")
    total = sum(claimed.values())
    assert total >= 30
    assert sum(ok.values()) / total >= 0.97, problems


def test_the_dmtf_mockup_is_a_whole_snapshot() -> None:
    mockup = FOLDER / "dmtf-public-rackmount1"
    captures = [_capture(p, r) for p, r in _resources() if mockup in p.parents]
    snapshot = build_snapshot(Device(name="mockup", platform="redfish"), captures)
    for name in ("facts", "health", "inventory", "sensors", "logs", "memory_modules"):
        assert snapshot.family(name).status is FamilyStatus.OK, name
    facts = snapshot.facts.data
    assert facts is not None and facts.serial and facts.model
    firmware = [i for i in snapshot.inventory.data or [] if i.kind == "firmware"]
    assert len(firmware) >= 4
    # The mockup's SEL holds two critical temperature events.
    assert sum(e.severity == 2 for e in snapshot.logs.data or []) >= 2
