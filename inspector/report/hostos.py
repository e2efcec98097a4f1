"""The report's 操作系统 section and workbook sheets: each Linux host at a glance (release,
kernel, uptime, load per CPU, RAM and swap, time sync, last package change), its
filesystems, and what is wrong (failed units, md arrays, bond members, disks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector.model import DeviceResult, Filesystem, Lag, OsState, Service, StoragePart
from inspector.report.devices import Row
from inspector.report.fmt import DASH, Formatter
from inspector.report.i18n import Translator

# How a filesystem colours its row, as os.filesystem_usage grades it by default.
FULL_PCT, NEARLY_FULL_PCT = 95.0, 90.0
DAY_S = 86400


@dataclass
class HostOsView:
    hosts: list[Row] = field(default_factory=list)
    filesystems: list[Row] = field(default_factory=list)
    problems: list[Row] = field(default_factory=list)  # device, item, state
    unavailable: list[tuple[str, str]] = field(default_factory=list)  # name, why no data
    # Every filesystem of every host, for the workbook: (device, filesystem).
    all_filesystems: list[tuple[str, Filesystem]] = field(default_factory=list)


def _usage_status(*values: float | None) -> str:
    top = max((v for v in values if v is not None), default=None)
    if top is None:
        return "unknown"
    return "critical" if top >= FULL_PCT else "warning" if top >= NEARLY_FULL_PCT else "ok"


def _per_cpu(state: OsState | None) -> float | None:
    if state is None or state.load_5m is None or not state.cpu_count:
        return None
    return round(state.load_5m / state.cpu_count, 2)


def _two_places(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}"


def _host_row(result: DeviceResult, fmt: Formatter) -> Row:
    snap = result.snapshot
    facts, state, ntp = snap.facts.data, snap.os.data, snap.ntp.data
    ram = next((m.utilization_pct for m in snap.memory.data or [] if m.slot == "ram"), None)
    uptime = facts.uptime_seconds if facts is not None else None
    patched = state.last_patch.date().isoformat() if state and state.last_patch else DASH
    cells = [result.device.name, fmt.text(facts.os_version if facts else None),
             fmt.text(state.kernel if state else None),
             fmt.t("hostos.days", n=uptime // DAY_S) if uptime is not None else DASH,
             _two_places(_per_cpu(state)), fmt.pct(ram),
             fmt.pct(state.swap_pct if state else None), patched,
             fmt.yes_no(ntp.synchronized if ntp else None)]
    return Row(cells, "ok" if result.snapshot.os.data is not None else "unknown")


def _fs_row(device: str, fs: Filesystem, fmt: Formatter) -> Row:
    return Row([device, fs.mount, fmt.text(fs.fstype), fmt.size(fs.size_bytes),
                fmt.pct(fs.utilization_pct), fmt.pct(fs.inodes_pct)],
               _usage_status(fs.utilization_pct, fs.inodes_pct))


def _problems(device: str, result: DeviceResult, fmt: Formatter) -> list[Row]:
    units: list[Service] = result.snapshot.services.data or []
    rows = [Row([device, u.name, fmt.t("hostos.unit_failed")], "warning") for u in units]
    lags: list[Lag] = result.snapshot.lag.data or []
    rows += [Row([device, f"{lag.name}: {m.name}", fmt.term("port_state", m.state)], "critical")
             for lag in lags for m in lag.members if not m.selected]
    parts: list[StoragePart] = result.snapshot.storage.data or []
    rows += [Row([device, f"{p.name} ({p.type or '-'})", fmt.term("os_md_state", p.health)],
                 "critical" if p.health in ("degraded", "inactive") else "warning")
             for p in parts if p.part == "raid" and p.health != "normal"]
    rows += [Row([device, p.name, fmt.t("hostos.disk_failed" if p.health == "failed" else
                                        "hostos.disk_predicted")], "critical")
             for p in parts if p.part == "disk" and (p.health == "failed"
                                                     or p.failure_predicted)]
    return rows + _controller_problems(device, parts, fmt)


# Hardware RAID and multipath parts (normalizers/linux/raid.py): the healths that are fine.
_FINE = {"raid_controller": "ok", "raid_volume": "optimal", "raid_disk": "ok", "path": "ok"}
# Those that lose data or its redundancy now; anything else not fine is a warning.
_CRITICAL = {"raid_volume_offline", "raid_volume_degraded", "raid_disk_failed", "path_failed"}


def _controller_problems(device: str, parts: list[StoragePart], fmt: Formatter) -> list[Row]:
    """A RAID controller, virtual drive, drive behind it or multipath path that is not fine,
    with the tool's own word for its state beside ours."""
    rows = []
    for p in parts:
        fine = _FINE.get(p.part)
        if fine is None or p.health in (None, "unknown", fine):
            continue
        state = f"{p.part}_{p.health}"
        said = f" ({p.running})" if p.running else ""
        rows.append(Row([device, p.name, fmt.term("condition", state) + said],
                        "critical" if state in _CRITICAL else "warning"))
    return rows


def build_hostos(devices: Sequence[DeviceResult], fmt: Formatter) -> HostOsView | None:
    """The section, or None when the run inspected no server's own operating system."""
    view = HostOsView()
    for result in devices:
        if result.device.kind != "server-os":
            continue
        name = result.device.name
        if result.snapshot.os.data is None and result.snapshot.filesystems.data is None:
            why = result.snapshot.os.reason or result.reason
            view.unavailable.append((name, fmt.reason(why) if why else
                                     fmt.t(f"device_status.{result.status.value}")))
            continue
        view.hosts.append(_host_row(result, fmt))
        filesystems: list[Filesystem] = result.snapshot.filesystems.data or []
        view.filesystems += [_fs_row(name, fs, fmt) for fs in filesystems]
        view.all_filesystems += [(name, fs) for fs in filesystems]
        view.problems += _problems(name, result, fmt)
    return view if view.hosts or view.unavailable else None


HOST_KEYS = ("device", "os", "kernel", "uptime", "load_per_cpu", "ram", "swap", "patched",
             "ntp")
FS_KEYS = ("device", "mount", "fstype", "size", "used", "inodes")


def host_rows(view: HostOsView, t: Translator) -> tuple[list[dict[str, Any]], list[str]]:
    """The workbook's 操作系统 sheet: one row per host."""
    columns = [t(f"hostos.{key}") for key in HOST_KEYS]
    return [dict(zip(columns, row.cells, strict=True)) for row in view.hosts], columns


def filesystem_rows(view: HostOsView, t: Translator) -> tuple[list[dict[str, Any]], list[str]]:
    """The workbook's 文件系统 sheet: every filesystem of every host."""
    fmt = Formatter(t)
    columns = [t(f"hostos.{key}") for key in FS_KEYS]
    return [dict(zip(columns, _fs_row(device, fs, fmt).cells, strict=True))
            for device, fs in view.all_filesystems], columns
