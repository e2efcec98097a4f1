"""The report's 服务器硬件 section and workbook sheet: what each server's BMC says of its
health rollups, RAID controllers, volumes, drives and memory modules (Redfish).

Controllers, volumes and drives are listed one row each (a server has a few); memory
modules are counted, the ones with errors or not OK listed. Device words are shown through
the catalogs' `rf_state` terms, else as the BMC wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector.model import DeviceResult, FamilyStatus, HealthStatus, MemoryModule, StoragePart
from inspector.report.devices import Row
from inspector.report.fmt import DASH, Formatter
from inspector.report.i18n import Translator

FAILED = ("critical", "failed", "offline", "unconfiguredbad", "unavailableoffline")
WARNING = ("warning", "degraded", "rebuilding", "rebuild")
PARTS = ("controller", "volume", "disk")
WORDS = ("health", "running")


def status_of(*words: str | None) -> str:
    """How a part colours its row: critical, warning, ok, or unknown (nothing said)."""
    said = [w for w in words if w]
    if any(w in FAILED for w in said):
        return "critical"
    if any(w in WARNING for w in said):
        return "warning"
    return "ok" if said else "unknown"


@dataclass
class ServersView:
    rows: list[Row] = field(default_factory=list)
    unavailable: list[tuple[str, str]] = field(default_factory=list)  # device, why no data
    # Every row's cells for the workbook, unabridged (every DIMM too).
    sheet: list[list[str]] = field(default_factory=list)


def _detail(part: StoragePart, fmt: Formatter) -> str:
    said = [fmt.text(part.type) if part.type else "", fmt.size(part.capacity_bytes)
            if part.capacity_bytes else ""]
    if part.media_life_left_pct is not None:
        said.append(fmt.t("server.life", pct=fmt.pct(part.media_life_left_pct)))
    if part.failure_predicted:
        said.append(fmt.t("server.predicted"))
    return fmt.t("common.sep").join(s for s in said if s) or DASH


def _part_row(device: str, part: StoragePart, fmt: Formatter) -> Row:
    status = "warning" if part.failure_predicted else status_of(part.health, part.running)
    if status == "warning" and status_of(part.health, part.running) == "critical":
        status = "critical"
    return Row([device, fmt.term("rf_part", part.part), part.name,
                fmt.term("rf_state", part.health), fmt.term("rf_state", part.running),
                _detail(part, fmt)], status)


def _subject(word: str, fmt: Formatter) -> str:
    """"system:1" as "system 1" / "系统 1"."""
    kind, _, ident = word.partition(":")
    return f"{fmt.term('rf_subject', kind)} {ident}".strip()


def _health_row(device: str, record: HealthStatus, fmt: Formatter) -> Row:
    return Row([device, fmt.t("server.part_health"), _subject(record.subject, fmt),
                fmt.term("rf_state", record.health), fmt.term("rf_state", record.rollup),
                DASH], status_of(record.health, record.rollup))


def _dimm_row(device: str, module: MemoryModule, fmt: Formatter) -> Row:
    errors = fmt.t("server.errors", correctable=fmt.text(module.correctable_errors),
                   uncorrectable=fmt.text(module.uncorrectable_errors))
    status = "critical" if (module.uncorrectable_errors or 0) > 0 else \
        status_of(module.health, module.state)
    return Row([device, fmt.term("rf_part", "memory_module"), module.name,
                fmt.term("rf_state", module.health), fmt.term("rf_state", module.state),
                fmt.t("common.sep").join(s for s in (fmt.text(module.model), errors)
                                         if s != DASH)], status)


def _device_rows(result: DeviceResult, fmt: Formatter) -> tuple[list[Row], list[Row]]:
    """(the section's rows, the sheet's rows) of one server."""
    name, snapshot = result.device.name, result.snapshot
    health: list[HealthStatus] = snapshot.health.data or []
    parts: list[StoragePart] = snapshot.storage.data or []
    modules: list[MemoryModule] = snapshot.memory_modules.data or []
    rows = [_health_row(name, h, fmt) for h in health]
    rows += [_part_row(name, p, fmt) for kind in PARTS for p in parts if p.part == kind]
    dimms = [_dimm_row(name, m, fmt) for m in modules]
    odd = [row for row in dimms if row.status != "ok"]
    shown = list(rows)
    if dimms:
        count = fmt.t("server.count", good=len(dimms) - len(odd), total=len(dimms))
        worst = next((s for s in ("critical", "warning", "unknown")
                      if any(r.status == s for r in odd)), "ok")
        shown += [Row([name, fmt.term("rf_part", "memory_module"), count, DASH, DASH, DASH],
                      worst), *odd]
    return shown, rows + dimms


def _reads_hardware(result: DeviceResult) -> bool:
    return any(result.snapshot.family(n).status is not FamilyStatus.UNSUPPORTED
               for n in ("health", "memory_modules"))


def build_servers(devices: Sequence[DeviceResult], fmt: Formatter) -> ServersView | None:
    """The section, or None when no server in the run is read over Redfish."""
    view = ServersView()
    for result in devices:
        if result.device.kind != "server-bmc" or not _reads_hardware(result):
            continue
        shown, every = _device_rows(result, fmt)
        if not shown:
            why = result.snapshot.storage.reason or result.reason
            view.unavailable.append((result.device.name, fmt.reason(why) if why else
                                     fmt.t(f"device_status.{result.status.value}")))
            continue
        view.rows += shown
        view.sheet += [row.cells for row in every]
    return view if view.rows or view.unavailable else None


def server_rows(view: ServersView, t: Translator) -> tuple[list[dict[str, Any]], list[str]]:
    """The workbook's 服务器硬件 sheet (rows, columns)."""
    columns = [t(f"server.{key}") for key in ("device", "part", "name", "health", "state",
                                              "detail")]
    return [dict(zip(columns, cells, strict=True)) for cells in view.sheet], columns
