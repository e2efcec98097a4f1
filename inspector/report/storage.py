"""The report's 存储 section and workbook sheet: the parts of every storage array
(controllers, pools, BBUs in full; disks and LUNs counted, those not normal listed) and each
redundant set (双机热备). State words are the arrays' own, said in the report's language
where the catalog knows them (part_state.*)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector.model import DeviceResult, FamilyStatus, Finding, HaMember, StoragePart
from inspector.report.devices import Row
from inspector.report.fmt import DASH, Formatter
from inspector.report.grades import level_status, worst
from inspector.report.i18n import Translator

# Parts shown one row each; the others (hundreds of disks, LUNs) are counted.
LISTED = ("controller", "pool", "bbu", "enclosure")
COUNTED = ("disk", "lun")
FAILED_WORDS = ("fault", "faulty", "failed", "offline", "abnormal", "absent", "not present")
DEGRADED_WORDS = ("degraded", "pre-fail", "pre fail", "write protect", "write protected",
                  "reconstructing", "low battery", "partially broken")
NORMAL_WORDS = ("normal", "online", "running", "ok", "link up")


def part_status(part: StoragePart) -> str:
    """How a part colours its row: critical (failed or offline), warning (degraded), ok."""
    words = [w for w in (part.health, part.running) if w]
    if any(w in FAILED_WORDS for w in words):
        return "critical"
    if any(w in DEGRADED_WORDS for w in words):
        return "warning"
    return "ok" if words and all(w in NORMAL_WORDS for w in words) else "unknown"


@dataclass
class StorageView:
    rows: list[Row] = field(default_factory=list)
    ha_rows: list[Row] = field(default_factory=list)
    unavailable: list[tuple[str, str]] = field(default_factory=list)  # name, why no data
    # Every part of every array, for the workbook: (device, part).
    parts: list[tuple[str, StoragePart]] = field(default_factory=list)


def _detail(part: StoragePart, fmt: Formatter) -> str:
    if part.part == "pool" and part.usage_pct is not None:
        return fmt.t("storage.used", pct=fmt.pct(part.usage_pct))
    return fmt.text(part.type)


def _row(device: str, part: StoragePart, fmt: Formatter) -> Row:
    return Row([device, fmt.term("part", part.part), part.name,
                fmt.term("part_state", part.health), fmt.term("part_state", part.running),
                fmt.term("part_state", part.role), _detail(part, fmt)], part_status(part))


def _counted(device: str, kind: str, parts: list[StoragePart], fmt: Formatter) -> list[Row]:
    """One line counting the parts of a kind, then one per part that is not normal."""
    odd = [p for p in parts if part_status(p) != "ok"]
    count = fmt.t("storage.count", good=len(parts) - len(odd), total=len(parts))
    worst_status = next((s for s in ("critical", "warning", "unknown")
                         if any(part_status(p) == s for p in odd)), "ok")
    summary = Row([device, fmt.term("part", kind), count, DASH, DASH, DASH, DASH],
                  worst_status)
    return [summary, *(_row(device, p, fmt) for p in odd)]


def _device_rows(device: str, parts: list[StoragePart], fmt: Formatter) -> list[Row]:
    rows = [_row(device, p, fmt) for kind in LISTED for p in parts if p.part == kind]
    for kind in COUNTED:
        of_kind = [p for p in parts if p.part == kind]
        if of_kind:
            rows += _counted(device, kind, of_kind, fmt)
    return rows


def _member(member: HaMember, fmt: Formatter) -> str:
    state = {True: "online", False: "offline", None: "unknown"}[member.online]
    said = [fmt.term("part_state", member.role) if member.role else "",
            fmt.term("part_state", state)]
    return fmt.t("storage.member", name=member.name,
                 state=fmt.t("common.sep").join(s for s in said if s))


def _ha_rows(device: str, members: list[HaMember], findings: Sequence[Finding],
             fmt: Formatter) -> list[Row]:
    status = level_status(worst(findings, "ha."))
    groups: dict[str, list[HaMember]] = {}
    for member in members:
        groups.setdefault(member.group, []).append(member)
    return [Row([device, fmt.term("ha_group", group),
                 fmt.t("common.sep").join(_member(m, fmt) for m in group_of)],
                status)
            for group, group_of in groups.items()]


def _is_array(result: DeviceResult) -> bool:
    return result.device.kind == "storage"


def build_storage(devices: Sequence[DeviceResult], fmt: Formatter,
                  by_device: Mapping[str, Sequence[Finding]] | None = None
                  ) -> StorageView | None:
    """The section, or None when the run has no storage array (nor any array's parts)."""
    by_device = by_device or {}
    view = StorageView()
    for result in devices:
        name = result.device.name
        parts: list[StoragePart] = result.snapshot.storage.data or []
        if not (_is_array(result) or parts) or result.device.kind in ("server-bmc",
                                                                      "server-os"):
            # A server's RAID parts are in 服务器硬件 (report/servers.py), its own OS's md
            # arrays and disks in 操作系统 (report/hostos.py).
            continue
        if not parts:
            family = result.snapshot.storage
            if family.status != FamilyStatus.UNSUPPORTED:
                why = family.reason or result.reason
                view.unavailable.append((name, fmt.reason(why) if why else
                                         fmt.t(f"device_status.{result.status.value}")))
            continue
        view.rows += _device_rows(name, parts, fmt)
        view.parts += [(name, p) for p in parts]
        members: list[HaMember] = result.snapshot.ha.data or []
        view.ha_rows += _ha_rows(name, members, by_device.get(name, ()), fmt)
    return view if view.rows or view.unavailable else None


def storage_rows(view: StorageView, t: Translator) -> tuple[list[dict[str, Any]], list[str]]:
    """The workbook's 存储 sheet (rows, columns): every part of every array."""
    fmt = Formatter(t)
    keys = ("device", "part", "name", "health", "running", "role", "type", "location",
            "capacity", "usage", "parent")
    columns = [t(f"storage.{key}") for key in keys]
    rows = []
    for device, part in view.parts:
        rows.append(dict(zip(columns, [
            device, fmt.term("part", part.part), part.name,
            fmt.term("part_state", part.health), fmt.term("part_state", part.running),
            fmt.term("part_state", part.role), fmt.text(part.type), fmt.text(part.location),
            fmt.size(part.capacity_bytes),
            fmt.pct(part.usage_pct), fmt.text(part.parent)], strict=True)))
    return rows, columns
