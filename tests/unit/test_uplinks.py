"""Stack links and MAD state (CSS, IRF) over our fixtures, and dual uplinks: designed by
`expect: uplinks`, or seen over LLDP towards a higher-role device of the same run and
compared with the previous inspection."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.checks import load_rules, run_checks
from inspector.checks.code.uplinks import same_port
from inspector.expect import Expect
from inspector.model import (
    Capture,
    Device,
    DeviceResult,
    DeviceStatus,
    Family,
    FamilyStatus,
    Finding,
    Interface,
    Neighbor,
    Severity,
    Snapshot,
    SourceResult,
)
from inspector.parsing.snapshot import build_cli_snapshot
from tests.conftest import FIXTURES

RULES = load_rules()


def _stack(platform: str, case: str) -> Snapshot:
    captures = [Capture(device="sw1", command=raw.stem.replace("_", " "),
                        output=raw.read_text(encoding="utf-8"))
                for raw in sorted((FIXTURES / platform / "stack" / case).glob("*.txt"))]
    return build_cli_snapshot(Device(name="sw1", platform=platform), captures)


def _run(*snaps: Snapshot, previous: dict[str, Snapshot] | None = None,
         expect: dict[str, Any] | None = None) -> dict[tuple[str, str], Finding]:
    results = [DeviceResult(device=s.device, status=DeviceStatus.COMPLETE, snapshot=s)
               for s in snaps]
    overrides = ({"devices": {snaps[0].device.name: Expect(**expect).settings()}}
                 if expect else None)
    found = run_checks(results, {}, RULES, previous=previous, overrides=overrides)
    return {(f.device, f.check_id): f for f in found}


def _bad(finding: Finding) -> set[str]:
    return {r.subject for r in finding.readings if r.severity}


# ---- stack links and MAD


def test_a_css_channel_down_is_major_and_no_mad_minor() -> None:
    found = _run(_stack("huawei_vrp", "s12700_css_channel_down_no_mad"))
    members = found["sw1", "stack.members"]
    assert members.severity is Severity.MAJOR
    assert _bad(members) == {"1/9/2", "2/9/2"}
    assert found["sw1", "stack.split_brain"].severity is Severity.MINOR


def test_a_healthy_css_with_mad_direct_passes() -> None:
    found = _run(_stack("huawei_vrp", "s12700_css_two_mad_direct"))
    assert found["sw1", "stack.members"].passed
    assert found["sw1", "stack.split_brain"].passed


def test_a_chassis_with_css_off_is_not_a_stack() -> None:
    found = _run(_stack("huawei_vrp", "s9700_css_off_standalone"))
    assert found["sw1", "stack.split_brain"].passed
    assert found["sw1", "stack.members"].passed


def test_irf_mad_faulty_and_a_link_down_are_found() -> None:
    found = _run(_stack("hp_comware", "s5560x_irf_link_down_bfd_faulty"))
    brain = found["sw1", "stack.split_brain"]
    assert brain.severity is Severity.MINOR and "Faulty" in brain.observed
    assert _bad(found["sw1", "stack.members"]) == {"FortyGigE1/0/54", "FortyGigE2/0/54"}


def test_irf_links_up_and_lacp_mad_normal_pass() -> None:
    found = _run(_stack("hp_comware", "s6520x_irf_links_up_mad_lacp_normal"))
    assert found["sw1", "stack.split_brain"].passed
    assert found["sw1", "stack.members"].passed


def test_one_member_left_with_links_bound_still_needs_mad() -> None:
    # The s5130 case's IRF lost member 2; with its IRF links bound it is a stack by design.
    snap = _stack("hp_comware", "s5130_irf_one_mad_off")
    assert _run(snap)["sw1", "stack.split_brain"].passed  # nothing says it is stacked
    stack = snap.stack.data
    assert stack is not None
    stack.links = _stack("hp_comware", "s5560x_irf_link_down_bfd_faulty").stack.data.links
    assert _run(snap)["sw1", "stack.split_brain"].severity is Severity.MINOR


def test_a_huawei_stack_in_mad_recovery_is_mad_failing() -> None:
    # After a split, MAD shut this half's ports: it says Recovery instead of Detect.
    stack = (FIXTURES / "huawei_vrp" / "stack" / "s5735_istack_two" / "display_stack.txt")
    mad = ("Current MAD domain: 0\nCurrent MAD status: Recovery\n"
           "Mad direct detect interfaces configured:\n  GigabitEthernet0/0/48\n"
           "Mad relay detect interfaces configured:\n")
    snap = build_cli_snapshot(Device(name="sw1", platform="huawei_vrp"), [
        Capture(device="sw1", command="display stack", output=stack.read_text("utf-8")),
        Capture(device="sw1", command="display mad", output=mad)])
    brain = _run(snap)["sw1", "stack.split_brain"]
    assert brain.severity is Severity.MINOR and "Recovery" in (brain.observed or "")


# ---- dual uplinks


def _fam(data: Any, command: str) -> Family[Any]:
    return Family[Any](status=FamilyStatus.OK, data=data,
                       sources=[SourceResult(command=command, status="ok", records=1)])


def _switch(name: str, role: str, interfaces: list[Interface] | None = None,
            neighbors: list[tuple[str, str]] | None = None) -> Snapshot:
    snap = Snapshot(device=Device(name=name, platform="huawei_vrp", role=role))
    if interfaces is not None:
        snap.interfaces = _fam(interfaces, "display interface brief")
    if neighbors is not None:
        snap.neighbors = _fam([Neighbor(local_interface=local, remote_system=remote)
                               for local, remote in neighbors], "display lldp neighbor brief")
    return snap


def _port(name: str, up: bool = True) -> Interface:
    return Interface(name=name, admin_up=True, oper_up=up)


PORTS = [_port("XGigabitEthernet0/0/1"), _port("XGigabitEthernet0/0/2", up=False)]


@pytest.mark.parametrize(("designed", "severity", "bad"), [
    (["XGE0/0/1", "xgigabitethernet 0/0/3"], Severity.MAJOR, {"xgigabitethernet 0/0/3"}),
    (["XGE0/0/2", "XGE0/0/9"], Severity.CRITICAL, {"XGigabitEthernet0/0/2", "XGE0/0/9"}),
])
def test_designed_uplinks_down_or_absent(designed: list[str], severity: Severity,
                                         bad: set[str]) -> None:
    found = _run(_switch("acc1", "access", PORTS, []), expect={"uplinks": designed})
    finding = found["acc1", "uplinks.dual"]
    assert finding.severity is severity and _bad(finding) == bad


def test_designed_uplinks_all_up_pass() -> None:
    found = _run(_switch("acc1", "access", PORTS, []), expect={"uplinks": ["XGE0/0/1"]})
    assert found["acc1", "uplinks.dual"].passed


def test_nothing_designed_nor_seen_is_not_configured() -> None:
    found = _run(_switch("acc1", "access", PORTS, [("XGigabitEthernet0/0/1", "pc-7")]))
    assert found["acc1", "uplinks.dual"].not_checked_cause == "not_configured"


def test_lldp_uplink_lost_since_the_previous_inspection() -> None:
    both = [("XGigabitEthernet0/0/1", "agg-1"), ("XGigabitEthernet0/0/2", "AGG-2.example.cn")]
    before = _switch("acc1", "access", PORTS, both)
    now = _switch("acc1", "access", PORTS, both[:1])
    peers = [_switch("agg-1", "aggregation"), _switch("agg-2", "aggregation"),
             _switch("acc2", "access")]
    finding = _run(now, *peers, previous={"acc1": before})["acc1", "uplinks.dual"]
    assert finding.severity is Severity.MAJOR
    assert _bad(finding) == {"XGigabitEthernet0/0/2"}
    # Both still seen: passed; the aggregation switches' own uplinks are not the access's.
    assert _run(before, *peers, previous={"acc1": before})["acc1", "uplinks.dual"].passed
    # A neighbour of the same or a lower role is no uplink.
    side = _switch("acc1", "access", PORTS, [("XGigabitEthernet0/0/1", "acc2")])
    assert _run(side, *peers)["acc1", "uplinks.dual"].not_checked_cause == "not_configured"


def test_every_lldp_uplink_lost_is_critical() -> None:
    before = _switch("acc1", "access", PORTS, [("XGigabitEthernet0/0/1", "agg-1")])
    now = _switch("acc1", "access", PORTS, [])
    found = _run(now, _switch("agg-1", "aggregation"), previous={"acc1": before})
    assert found["acc1", "uplinks.dual"].severity is Severity.CRITICAL


@pytest.mark.parametrize(("given", "name", "same"), [
    ("GE1/0/47", "GigabitEthernet1/0/47", True),
    ("Gi1/0/47", "GigabitEthernet1/0/47", True),
    ("XGE0/0/1", "XGigabitEthernet0/0/1", True),
    ("XGE1/0/25", "Ten-GigabitEthernet1/0/25", True),
    ("eth-0-50", "eth-0-50", True),
    ("GE1/0/47", "XGigabitEthernet1/0/47", False),
    ("GE1/0/47", "GigabitEthernet1/0/48", False),
])
def test_interface_names_as_people_write_them(given: str, name: str, same: bool) -> None:
    assert same_port(given, name) is same


def test_an_empty_uplink_name_is_an_inventory_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        Expect(uplinks=["GE1/0/47", " "])
