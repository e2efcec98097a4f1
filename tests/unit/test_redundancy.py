"""Redundancy and L2 checks over our fixtures: designed states from `expect:` (inventory
file, line and field on a mistake), the previous inspection when none is designed, and
"not checked" wherever the data cannot tell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspector.checks import load_rules, run_checks
from inspector.expect import Expect, device_overrides
from inspector.inventory import InventoryError, load_inventory
from inspector.model import (
    Capture,
    Device,
    DeviceResult,
    DeviceStatus,
    Finding,
    Severity,
    Snapshot,
    StpInstance,
)
from inspector.parsing.snapshot import build_cli_snapshot
from tests.conftest import FIXTURES, ROOT

RULES = load_rules()


def _snapshot(platform: str, *cases: str, name: str = "sw1") -> Snapshot:
    """A device whose redundancy families are read from fixture cases (`family/case`)."""
    captures = [Capture(device=name, command=raw.stem.replace("_", " "),
                        output=raw.read_text(encoding="utf-8"))
                for case in cases for raw in sorted((FIXTURES / platform / case).glob("*.txt"))]
    return build_cli_snapshot(Device(name=name, platform=platform), captures)


def _findings(snap: Snapshot, *, previous: Snapshot | None = None,
              expect: dict[str, Any] | None = None) -> dict[str, Finding]:
    result = DeviceResult(device=snap.device, status=DeviceStatus.COMPLETE, snapshot=snap)
    overrides = {"devices": {snap.device.name: Expect(**expect).settings()}} if expect else None
    found = run_checks([result], {}, RULES, previous={snap.device.name: previous}
                       if previous else None, overrides=overrides)
    return {f.check_id: f for f in found}


def test_vrrp_master_against_the_designed_side() -> None:
    snap = _snapshot("huawei_vrp", "vrrp/s5735_backup_on_vlanif10")
    found = _findings(snap, expect={"vrrp_master": ["vlanif 10", "Vlanif30"],
                                    "vrrp_backup": ["Vlanif20"]})["vrrp.master"]
    assert found.severity is Severity.MAJOR
    assert {r.subject for r in found.readings if r.severity} == {"Vlanif30", "Vlanif10",
                                                                  "Vlanif20"}
    healthy = _findings(snap, expect={"vrrp_master": ["Vlanif20"]})["vrrp.master"]
    assert healthy.passed
    # Nothing designed: not configured, never passed.
    assert _findings(snap)["vrrp.master"].not_checked_cause == "not_configured"


def test_a_vrrp_group_not_settled_needs_no_previous_inspection() -> None:
    snap = _snapshot("huawei_vrp", "vrrp/ce6881_master_both")
    assert snap.vrrp.data is not None
    snap.vrrp.data[0].state, snap.vrrp.data[0].master = "initialize", False
    found = _findings(snap)["vrrp.state"]
    assert found.severity is Severity.MINOR and "Initialize" in (found.observed or "")


def test_no_vrrp_configured_is_a_pass_not_a_gap() -> None:
    found = _findings(_snapshot("cisco_ios", "vrrp/c2960x_none"))
    assert found["vrrp.state"].passed
    assert "no VRRP/HSRP group" in (found["vrrp.state"].observed or "")


def test_stack_member_removed_fewer_than_designed_and_role_changes() -> None:
    removed = _findings(_snapshot("cisco_ios", "stack/c2960x_member_removed"))
    assert removed["stack.members"].severity is Severity.MAJOR
    assert "removed" in (removed["stack.members"].observed or "")
    one = _snapshot("hp_comware", "stack/s5130_irf_one_mad_off")
    assert _findings(one, expect={"stack_members": 2})["stack.members"].severity \
        is Severity.MAJOR
    two = _snapshot("hp_comware", "stack/s6520x_irf_two_mad_lacp")
    # Fewer members than at the previous inspection, with nothing designed.
    assert _findings(one, previous=two)["stack.members"].severity is Severity.MAJOR
    swapped = two.model_copy(deep=True)
    assert swapped.stack.data is not None
    for member, role in zip(swapped.stack.data.members, ("standby", "master"), strict=True):
        member.role = role
    changed = _findings(two, previous=swapped)["stack.members"]
    assert changed.severity is Severity.MINOR and "standby" in (changed.observed or "")


def test_split_brain_risk_where_the_platform_tells() -> None:
    irf = _snapshot("hp_comware", "stack/s6520x_irf_two_mad_lacp")
    assert _findings(irf)["stack.split_brain"].passed
    assert irf.stack.data is not None
    irf.stack.data.mad = False
    assert _findings(irf)["stack.split_brain"].severity is Severity.MINOR
    vrp = _findings(_snapshot("huawei_vrp", "stack/ce6881_stack_two"))["stack.split_brain"]
    assert vrp.not_checked_cause == "not_applicable"


def test_stp_root_designed_and_changed() -> None:
    not_root = _snapshot("cisco_ios", "stp/c2960x_not_root")
    assert _findings(not_root, expect={"stp_root": True})["stp.root"].severity \
        is Severity.MAJOR
    assert _findings(not_root, expect={"stp_root": False})["stp.root"].passed
    root = _snapshot("cisco_ios", "stp/c9300_rapid_pvst_root")
    assert _findings(root, expect={"stp_root": False})["stp.root"].severity is Severity.MAJOR
    assert _findings(root)["stp.root"].not_checked_cause == "no_baseline"
    now = _snapshot("huawei_vrp", "stp/s5735_not_root")
    assert _findings(now, previous=now)["stp.root"].passed
    before = now.model_copy(deep=True)
    assert before.stp.data is not None
    before.stp.data[0].root_id = "32768.4c1f-cc3a-7b10"  # this switch was the root then
    moved = _findings(now, previous=before)["stp.root"]
    assert moved.severity is Severity.MAJOR and "4096.0004-9f31-d540" in (moved.observed or "")


def test_topology_change_growth_and_a_reset_counter() -> None:
    now = _snapshot("huawei_vrp", "stp/s5735_not_root")  # 37 topology changes
    before = now.model_copy(deep=True)
    assert before.stp.data is not None
    before.stp.data[0] = StpInstance(instance="0", topology_changes=30)
    assert _findings(now, previous=before)["stp.topology_changes"].passed  # +7 < 10
    before.stp.data[0] = StpInstance(instance="0", topology_changes=200)  # reset since
    grown = _findings(now, previous=before)["stp.topology_changes"]
    assert grown.severity is Severity.MINOR and "+37" in (grown.observed or "")


def test_lag_below_its_minimum_folds_the_unselected_member() -> None:
    found = _findings(_snapshot("huawei_vrp", "lag/s5735_unselect_below_minimum"))
    assert found["lag.minimum"].severity is Severity.MAJOR
    assert "minimum 2" in (found["lag.minimum"].observed or "")
    assert found["lag.members"].part_of == "lag.minimum"
    designed = _findings(_snapshot("hp_comware", "lag/s6520x_dynamic"),
                         expect={"lag_min_members": {"bridge-aggregation1": 3, "BAGG9": 1}})
    assert designed["lag.minimum"].severity is Severity.MAJOR
    assert "BAGG9" in (designed["lag.minimum"].observed or "")
    assert _findings(_snapshot("cisco_ios", "lag/no_channel"))["lag.minimum"].passed


def test_platforms_without_these_families_are_not_applicable() -> None:
    snap = build_cli_snapshot(Device(name="sw1", platform="ruijie_os"), [])
    found = _findings(snap, expect={"stp_root": True})
    assert {found[c].not_checked_cause for c in ("vrrp.state", "stack.members", "stp.root",
                                                "lag.members")} == {"not_applicable"}


def test_expect_in_an_inventory_merges_groups_and_names_mistakes(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("groups:\n  core: {expect: {stp_root: true, stack_members: 2}}\n"
                    "hosts:\n  sw1:\n    host: 10.0.0.1\n    platform: huawei_vrp\n"
                    "    groups: [core]\n    thresholds: {vrrp.state: {changed: info}}\n"
                    "    expect: {vrrp_master: [Vlanif10], stack_members: 4}\n",
                    encoding="utf-8")
    hosts = load_inventory(good).hosts
    assert device_overrides(hosts) == {"devices": {"sw1": {
        "vrrp.state": {"changed": "info"}, "vrrp.master": {"expected_master": ["Vlanif10"]},
        "stp.root": {"expected_root": True}, "stack.members": {"expected_members": 4}}}}
    bad = tmp_path / "bad.yaml"
    bad.write_text("hosts:\n  sw1:\n    host: 10.0.0.1\n    platform: huawei_vrp\n"
                   "    expect:\n      stack_members: 0\n      lag_min: {Eth-Trunk1: 2}\n",
                   encoding="utf-8")
    with pytest.raises(InventoryError) as error:
        load_inventory(bad)
    said = str(error.value)
    assert f"{bad}:6: hosts.sw1.expect.stack_members" in said
    assert f"{bad}:7: hosts.sw1.expect.lag_min" in said


def test_the_demo_inventory_designs_what_the_lab_profiles_design() -> None:
    from inspector.lab.profiles import lab_overrides  # noqa: PLC0415 - the lab, for this test

    inventory = load_inventory(ROOT / "inventories" / "demo.yaml")
    assert device_overrides(inventory.hosts) == lab_overrides()


def test_a_vrrp_group_gone_since_the_previous_inspection_is_a_change() -> None:
    before = _snapshot("huawei_vrp", "vrrp/ce6881_master_both")
    now = _snapshot("huawei_vrp", "vrrp/no_group")
    found = _findings(now, previous=before)["vrrp.state"]
    assert found.severity is Severity.MINOR
    assert "Vlanif20" in (found.observed or "") and "不存在" in (found.observed_zh or "")
