"""The engineer's workbook: the device x check table, the findings, one sheet per family.

Cells from device data go through `safe_cell`: a value starting with = + - @ would be a
formula (or a DDE payload) when the sheet is opened, so it gets a leading apostrophe.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inspector.model import FamilyStatus, Finding, Interface, Sensor
from inspector.report.findings import LEVELS, findings_by_device
from inspector.report.firewall import firewall_rows, licence_rows
from inspector.report.fmt import Formatter
from inspector.report.grades import sensor_reading
from inspector.report.hostos import filesystem_rows, host_rows
from inspector.report.i18n import Translator
from inspector.report.manual import manual_rows
from inspector.report.metrics import sensors
from inspector.report.servers import server_rows
from inspector.report.storage import storage_rows
from inspector.report.tracker import headers as tracker_headers
from inspector.report.view import ReportView

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell
MAX_WIDTH = 60
WRAP_FROM = 40  # columns wider than this wrap instead of growing
FILLS = {
    "fault": "F5C6CB", "warning": "FFE8A3", "pass": "DCEFE0", "not_checked": "E6E9ED",
    "critical": "F5C6CB", "major": "FAD7B5", "minor": "FFF3C4", "info": "D6E9FB",
}
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")


def _shown_control(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def safe_cell(value: Any) -> Any:
    """Device text as inert text (formula injection), cut to what a cell can hold; control
    characters a workbook cannot hold (ESC, NUL) shown as `\\x1b` instead of breaking it."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub(_shown_control, value)
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


def _frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: safe_cell(r.get(c)) for c in columns} for r in rows],
                        columns=list(columns))


def _display_width(value: object) -> int:
    text = "" if value is None else str(value)
    longest = max((len(line) + sum(unicodedata.east_asian_width(ch) in "WF" for ch in line)
                   for line in text.splitlines() or [""]), default=0)
    return int(longest)


def _format_sheet(ws: Worksheet, freeze: str = "A2") -> None:
    ws.freeze_panes = freeze
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index, column in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 500)), 1):
        width = min(MAX_WIDTH, max(8, *(_display_width(c.value) + 2 for c in column)))
        ws.column_dimensions[get_column_letter(index)].width = width
        if width > WRAP_FROM:
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _colour_by_value(ws: Worksheet, columns: range, values: dict[str, str]) -> None:
    """Fill cells whose text is one of `values` (label -> colour key)."""
    for row in ws.iter_rows(min_row=2, min_col=columns.start, max_col=columns.stop - 1):
        for cell in row:
            key = values.get(str(cell.value))
            if key is not None:
                cell.fill = PatternFill("solid", fgColor=FILLS[key])
                cell.alignment = Alignment(horizontal="center")


def _matrix(view: ReportView, fmt: Formatter) -> pd.DataFrame:
    t = fmt.t
    head = [t("xlsx.device"), t("device.host"), t("device.platform"), t("device.role"),
            t("device.location"), t("matrix.status"), t("matrix.score"),
            t("coverage.column"), *(t(f"level.{lv}") for lv in LEVELS)]
    cats = [t.get(f"category.{c}", c) for c in view.matrix.categories]
    # Two categories may share a label (ports/interfaces): keep columns distinct.
    cats = [c if cats.index(c) == i else f"{c} ({view.matrix.categories[i]})"
            for i, c in enumerate(cats)]
    rows = []
    for detail, row in zip(view.devices, view.matrix.rows, strict=True):
        device = detail.result.device
        values = [device.name, device.host, fmt.platform(device.platform), fmt.role(device.role),
                  " / ".join(x for x in (device.site, device.room) if x),
                  # No score (nothing checked) is an empty cell, never a number.
                  t(f"device_status.{detail.status}"), detail.score,
                  f"{detail.coverage.pct}%" if detail.coverage.pct is not None else None,
                  *(detail.counts[lv] for lv in LEVELS),
                  *(t(f"mark.{m}") for m in row.marks)]
        rows.append(dict(zip([*head, *cats], values, strict=True)))
    return _frame(rows, [*head, *cats])


def _findings(view: ReportView, t: Translator) -> pd.DataFrame:
    cols = [t("xlsx.number"), t("xlsx.level"), t("xlsx.device"), t("findings.category"),
            t("findings.check"), t("xlsx.message"), t("findings.observed"),
            t("findings.threshold"), t("findings.recommendation"), t("xlsx.evidence")]
    rows = []
    for fv in view.findings:
        f = fv.finding
        evidence = "\n".join(f"# {e.command}\n" + "\n".join(e.lines) for e in f.evidence)
        rows.append(dict(zip(cols, [fv.number, t(f"level_long.{fv.level}"), f.device,
                                    fv.category, f.check_id, fv.message, fv.observed or None,
                                    fv.threshold or None, fv.recommendation, evidence],
                             strict=True)))
    return _frame(rows, cols)


def _sheet(rows: Sequence[dict[str, Any]], fields: Sequence[str], fmt: Formatter
           ) -> pd.DataFrame:
    """A detail sheet: one column per field, headed in the report's language, with yes /
    no for flags and enumerated words (kinds, states) from the catalogs."""
    headers = [fmt.t(f"xlsx.col.{name}") for name in fields]
    return _frame([{h: _value(name, row.get(name), fmt) for name, h in zip(fields, headers,
                                                                          strict=True)}
                   for row in rows], headers)


# Enumerated fields and the catalog group that names their words.
_TERMS = {"kind": "sensor_kind", "duplex": "duplex", "battery_status": "battery_state",
          "ups_status": "ups_state", "sensor_status": "sensor_status",
          "part_status": "part_state"}


def _value(name: str, value: Any, fmt: Formatter) -> Any:
    if isinstance(value, bool):
        return fmt.yes_no(value)
    if name in _TERMS and isinstance(value, str) and value:
        return fmt.term(_TERMS[name], value)
    if name == "verdict" and value:
        return fmt.t("sensor_status.ok") if value == "ok" else fmt.t(f"level.{value}")
    return value


def _interfaces(view: ReportView, fmt: Formatter) -> pd.DataFrame:
    """Interfaces worth a look: errors, discards, err-disabled, half duplex, or down while
    administratively up."""
    def noteworthy(p: Interface) -> bool:
        counters = (p.in_errors, p.out_errors, p.crc_errors, p.in_discards, p.out_discards)
        return bool(any(counters) or p.err_disabled or (p.admin_up and p.oper_up is False)
                    or (p.duplex or "").lower().startswith("half"))

    rows = [{"device": d.name, **p.model_dump()} for d in view.devices
            for p in (d.result.snapshot.interfaces.data or []) if noteworthy(p)]
    return _sheet(rows, ["device", *Interface.model_fields], fmt)


def _verdict(findings: list[Finding], sensor: Sensor) -> str:
    """The level the check that judged the sensor gave it ("ok" within limits), as in the
    findings; empty where no check judged it (the device's own `status` stands beside)."""
    reading = sensor_reading(findings, sensor)
    if reading is None:
        return ""
    return reading.severity.value if reading.severity is not None else "ok"


def _sensors(view: ReportView, fmt: Formatter) -> pd.DataFrame:
    fields = ["device", "name", "kind", "value", "unit", "sensor_status", "verdict",
              "low_crit", "low_warn", "high_warn", "high_crit"]
    by_device = findings_by_device(view.run)
    return _sheet([{"device": d.name, **s.model_dump(), "sensor_status": s.status,
                    "verdict": _verdict(by_device.get(d.name, []), s),
                    # a reading found by table shape says so, as in the HTML/PDF
                    **({"name": fmt.t("environment.generic_reading", name=s.name)}
                       if s.generic else {})}
                   for d in view.devices for s in sensors(d.result.snapshot)], fields, fmt)


def _ups(view: ReportView, fmt: Formatter) -> pd.DataFrame:
    fields = ["device", "room", "ups_status", "battery_status", "charge_pct", "runtime_min",
              "input_voltage_v", "output_voltage_v", "output_load_pct",
              "battery_temperature_c", "on_battery", "alarms"]
    rows = []
    for d in view.devices:
        ups = d.result.snapshot.ups.data
        if ups is not None:
            rows.append({"device": d.name, "room": d.result.device.room, **ups.model_dump(),
                         "ups_status": ups.status,
                         "alarms": fmt.t("common.sep").join(
                             fmt.term("ups_alarm", a) for a in ups.alarms or [])})
    return _sheet(rows, fields, fmt)


def _inventory(view: ReportView, fmt: Formatter) -> pd.DataFrame:
    fields = ["device", "name", "kind", "model", "serial", "hw_version", "fw_version",
              "part_status", "description"]
    rows: list[dict[str, Any]] = []
    for d in view.devices:
        snapshot = d.result.snapshot
        facts = snapshot.facts.data
        if facts is not None and facts.os_version:
            rows.append({"device": d.name, "name": fmt.t("xlsx.system_software"),
                         "kind": "software", "model": facts.model, "serial": facts.serial,
                         "fw_version": " ".join(x for x in (facts.os_version, facts.patch) if x),
                         "description": facts.image})
        if snapshot.inventory.status in (FamilyStatus.OK, FamilyStatus.PARTIAL):
            rows += [{"device": d.name, **i.model_dump(), "part_status": i.status}
                     for i in snapshot.inventory.data or []]
    return _sheet(rows, fields, fmt)


def _checks(view: ReportView, t: Translator) -> pd.DataFrame:
    cols = [t("appendix.check"), t("appendix.category"), t("appendix.thresholds"),
            t("appendix.passed"), t("appendix.failed"), t("appendix.not_checked"),
            t("coverage.not_applicable"), t("appendix.worst")]
    rows = [dict(zip(cols, [c.check_id, t.get(f"category.{c.category}", c.category),
                            "; ".join(c.thresholds), c.passed, c.failed, c.not_checked,
                            c.not_applicable,
                            t(f"level_long.{c.worst}") if c.worst else ""], strict=True))
            for c in view.checklist]
    return _frame(rows, cols)


def _tracker(view: ReportView, t: Translator) -> pd.DataFrame:
    """问题跟踪表: the report's table, one row per problem, its level beside its status."""
    cols = [*tracker_headers(t), t("tracker.col.level")]
    rows = [dict(zip(cols, [*line.cells, t(f"level_long.{line.level}")], strict=True))
            for line in view.tracker.lines]
    return _frame(rows, cols)


def _flag_overdue(ws: Worksheet, view: ReportView) -> None:
    """Overdue problems in red, as in the PDF."""
    red = Font(color="B71C1C", bold=True)
    for index, line in enumerate(view.tracker.lines, 2):
        if line.overdue:
            for cell in ws[index]:
                cell.font = red


def write_xlsx(view: ReportView, t: Translator, path: Path) -> None:
    fmt = Formatter(t)
    sheets = [
        (t("xlsx.sheet_matrix"), _matrix(view, fmt)),
        (t("xlsx.sheet_findings"), _findings(view, t)),
        (t("tracker.sheet"), _tracker(view, t)),
        (t("xlsx.sheet_interfaces"), _interfaces(view, fmt)),
        (t("xlsx.sheet_sensors"), _sensors(view, fmt)),
        (t("xlsx.sheet_ups"), _ups(view, fmt)),
        (t("xlsx.sheet_inventory"), _inventory(view, fmt)),
        (t("xlsx.sheet_checks"), _checks(view, t)),
        # 人工检查, when the run has a filled checklist
        *([(t("manual.sheet"), _frame(*manual_rows(view.manual, t)))] if view.manual else []),
        # 存储, when the run has storage arrays
        *([(t("storage.sheet"), _frame(*storage_rows(view.storage, t)))] if view.storage
          else []),
        # 操作系统 and 文件系统, when a server's own OS was inspected
        *([(t("hostos.sheet"), _frame(*host_rows(view.hostos, t))),
           (t("hostos.fs_sheet"), _frame(*filesystem_rows(view.hostos, t)))]
          if view.hostos else []),
        # 服务器硬件, when a server was read over Redfish
        *([(t("server.sheet"), _frame(*server_rows(view.servers, t)))] if view.servers
          else []),
        # 防火墙 and its licences, when the run inspected firewalls
        *([(t("firewall_view.sheet"), _frame(*firewall_rows(view.firewall, t))),
           (t("firewall_view.licence_sheet"), _frame(*licence_rows(view.firewall, t)))]
          if view.firewall else []),
    ]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets:
            frame.to_excel(writer, sheet_name=name, index=False)
        matrix_ws = writer.sheets[sheets[0][0]]
        _format_sheet(matrix_ws, freeze="B2")
        first_mark = 9 + len(LEVELS)
        _colour_by_value(matrix_ws, range(first_mark, matrix_ws.max_column + 1),
                         {t(f"mark.{m}"): m for m in ("fault", "warning", "pass", "not_checked")})
        findings_ws = writer.sheets[sheets[1][0]]
        _format_sheet(findings_ws, freeze="C2")
        _colour_by_value(findings_ws, range(2, 3), {t(f"level_long.{lv}"): lv for lv in LEVELS})
        for name, _ in sheets[2:]:
            _format_sheet(writer.sheets[name])
        _flag_overdue(writer.sheets[t("tracker.sheet")], view)
