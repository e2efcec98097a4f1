"""What changed on a device between two inspections: firmware, hardware, ports, routes,
findings. Pure functions over snapshots and findings; `inspector diff` and reports use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from inspector.model import DeviceResult, DeviceStatus, FamilyStatus, Finding, Run, Snapshot


def inventory_key(run: Run) -> str:
    """Which inventory a run inspected, for choosing baselines: the inventory file of a live
    run (the command line records its absolute path as the run's source); "" for replays,
    imported logs and the demo, whose devices are compared with any earlier run."""
    return run.source if run.mode == "live" else ""


def reached(result: DeviceResult) -> bool:
    return result.status not in (DeviceStatus.UNREACHABLE, DeviceStatus.FAILED)


@dataclass(frozen=True)
class Change:
    device: str
    kind: str  # firmware, hardware, interface, routes, finding-new, finding-resolved, device
    detail: str


def _ok(snapshot: Snapshot, family: str) -> bool:
    return snapshot.family(family).status in (FamilyStatus.OK, FamilyStatus.PARTIAL)


def _firmware(name: str, a: Snapshot, b: Snapshot) -> list[Change]:
    if not (_ok(a, "facts") and _ok(b, "facts")) or a.facts.data is None or b.facts.data is None:
        return []
    changes = []
    for field in ("os_version", "patch", "image"):
        old, new = getattr(a.facts.data, field), getattr(b.facts.data, field)
        if old != new and (old or new):
            changes.append(Change(name, "firmware", f"{field}: {old or '-'} → {new or '-'}"))
    return changes


def _hardware(name: str, a: Snapshot, b: Snapshot) -> list[Change]:
    if not (_ok(a, "inventory") and _ok(b, "inventory")):
        return []
    old = {(i.kind, i.name): i for i in a.inventory.data or []}
    new = {(i.kind, i.name): i for i in b.inventory.data or []}
    changes = [Change(name, "hardware", f"removed {k} {n} ({old[(k, n)].serial or 'no serial'})")
               for k, n in sorted(old.keys() - new.keys())]
    changes += [Change(name, "hardware", f"added {k} {n} ({new[(k, n)].serial or 'no serial'})")
                for k, n in sorted(new.keys() - old.keys())]
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        for field in ("serial", "model", "fw_version", "status"):
            x, y = getattr(before, field), getattr(after, field)
            if x != y and (x or y):
                changes.append(Change(name, "hardware",
                                      f"{key[0]} {key[1]} {field}: {x or '-'} → {y or '-'}"))
    return changes


def _interfaces(name: str, a: Snapshot, b: Snapshot) -> list[Change]:
    if not (_ok(a, "interfaces") and _ok(b, "interfaces")):
        return []
    old = {i.name: i for i in a.interfaces.data or []}
    changes = []
    for iface in b.interfaces.data or []:
        before = old.get(iface.name)
        if before is None or before.oper_up is None or iface.oper_up is None:
            continue
        if before.oper_up != iface.oper_up:
            state = "up" if iface.oper_up else "down"
            changes.append(Change(name, "interface", f"{iface.name} went {state}"))
    return changes


def _routes(name: str, a: Snapshot, b: Snapshot) -> list[Change]:
    if not (_ok(a, "routes") and _ok(b, "routes")) or a.routes.data is None or \
            b.routes.data is None:
        return []
    old, new = a.routes.data.total, b.routes.data.total
    changes = []
    if old is not None and new is not None and old != new:
        changes.append(Change(name, "routes", f"route count {old} → {new} ({new - old:+d})"))
    if a.routes.data.default_route and b.routes.data.default_route is False:
        changes.append(Change(name, "routes", "default route disappeared"))
    return changes


def snapshot_changes(name: str, a: Snapshot, b: Snapshot) -> list[Change]:
    """Changes on device `name` from snapshot `a` (earlier) to `b` (later)."""
    return [*_firmware(name, a, b), *_hardware(name, a, b), *_interfaces(name, a, b),
            *_routes(name, a, b)]


def _failed(findings: Iterable[Finding]) -> dict[tuple[str, str], Finding]:
    return {(f.device, f.check_id): f for f in findings
            if f.is_problem and f.severity is not None}


def finding_changes(earlier: Iterable[Finding], later: Iterable[Finding]) -> list[Change]:
    """Findings that are new in `later`, and those of `earlier` that are gone (resolved)."""
    old, new = _failed(earlier), _failed(later)
    changes = [Change(d, "finding-new", f"[{new[(d, c)].severity}] {c}: "
                                          f"{new[(d, c)].message_en or new[(d, c)].observed}")
               for d, c in sorted(new.keys() - old.keys())]
    changes += [Change(d, "finding-resolved", f"[{old[(d, c)].severity}] {c}")
                for d, c in sorted(old.keys() - new.keys())]
    return changes


def run_changes(a: dict[str, Snapshot], b: dict[str, Snapshot],
                findings_a: list[Finding], findings_b: list[Finding]) -> list[Change]:
    """Everything that changed between two runs, device by device."""
    changes = [Change(n, "device", "not in the later run") for n in sorted(a.keys() - b.keys())]
    changes += [Change(n, "device", "new in the later run") for n in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        changes += snapshot_changes(name, a[name], b[name])
    changes += finding_changes(findings_a, findings_b)
    return sorted(changes, key=lambda c: (c.device, c.kind))
