"""The per-device detail section: what one device looked like, compactly.

Long lists are cut (abnormal entries first) with a count of what was left out: the Excel
workbook and results.json carry everything. This keeps a 300-device PDF readable and fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from inspector.model import (
    FAMILY_NAMES,
    DeviceResult,
    DeviceStatus,
    FamilyStatus,
    Finding,
    Interface,
    InventoryItem,
    LogEntry,
    Sensor,
)
from inspector.report.findings import (
    Coverage,
    coverage,
    coverage_score,
    is_noted,
    level_counts,
    localized,
)
from inspector.report.fmt import Formatter
from inspector.report.grades import (
    bounds_text,
    device_limits,
    grade_text,
    row_status,
    sensor_reading,
)
from inspector.report.i18n import Translator
from inspector.report.metrics import cpu_pct, memory_pct, memory_row_pct, sensors
from inspector.report.parts import merge_parts


@dataclass(frozen=True)
class Limits:
    """How many rows each device table shows; the rest is counted and left to the workbook.

    Large runs use COMPACT: normal sensors and parts are only counted, so a 300-device PDF
    stays readable (and renders in seconds rather than minutes).
    """

    sensors: int = 12
    parts: int = 12
    error_ports: int = 10
    logs: int = 8
    firmware: int = 10
    abnormal_only: bool = False
    list_findings: bool = True  # compact: the findings section already lists them
    unchecked: int = 40  # the items not checked, with their reasons


FULL = Limits()
COMPACT = Limits(sensors=6, parts=6, error_ports=3, logs=2, firmware=0, abnormal_only=True,
                 list_findings=False, unchecked=0)
CRITICAL_LOG_SEVERITY = 3  # syslog 0-3: emergency, alert, critical, error
_SENSOR_ORDER = {"critical": 0, "warning": 1, "absent": 2, "unknown": 3, "ok": 4}
_ABNORMAL = ("warning", "critical", "absent")


@dataclass
class Row:
    """A generic table row of already formatted cells, with a status for colouring."""

    cells: list[str]
    status: str = "ok"  # ok | warning | critical | absent | unknown


@dataclass
class PortSummary:
    total: int
    up: int
    down: int  # admin up, oper down
    admin_down: int
    half_duplex: int
    err_disabled: int


@dataclass
class DeviceDetail:
    result: DeviceResult
    name: str
    status: str
    reachable: bool
    score: int | None  # None: no item of its checklist could be checked
    counts: dict[str, int]
    facts: list[tuple[str, str]]
    cpu: list[Row] = field(default_factory=list)
    memory: list[Row] = field(default_factory=list)
    sensors: list[Row] = field(default_factory=list)
    sensors_more: int = 0
    parts: list[Row] = field(default_factory=list)
    parts_more: int = 0
    ports: PortSummary | None = None
    error_ports: list[Row] = field(default_factory=list)
    error_ports_more: int = 0
    logs: list[Row] = field(default_factory=list)
    logs_total: int = 0
    firmware: list[Row] = field(default_factory=list)
    firmware_more: int = 0
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # family, status, reason
    list_findings: bool = True
    not_collected: list[str] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    score_text: str = ""  # the score as shown: qualified by its coverage, or why none
    coverage_text: str = ""
    # The items not checked (check, why in a word, the reason): what the verdict leaves out.
    unchecked: list[Row] = field(default_factory=list)
    unchecked_more: int = 0


def score_label(value: int | None, pct: int | None, t: Translator) -> str:
    """"85", "85 (60% checked)" or "— (nothing checked)": a score never hides how much of
    the checklist it rests on."""
    if value is None:
        return t("coverage.no_score")
    if pct is None or pct >= 100:
        return str(value)
    return t("coverage.score_qualified", score=value, pct=pct)


def coverage_line(covered: Coverage, t: Translator, key: str = "coverage.line") -> str:
    """The checklist in one sentence: checked (OK / with a finding), not checked, n/a."""
    if not covered.applicable and not covered.not_applicable:
        return ""
    if not covered.checked:
        return t("coverage.line_none", not_checked=covered.not_checked)
    return t(key, applicable=covered.applicable, checked=covered.checked,
             passed=covered.passed, found=covered.found, not_checked=covered.not_checked,
             pct=covered.pct, na=covered.not_applicable, first=covered.no_baseline)


def _unchecked(findings: list[Finding], fmt: Formatter, limit: int) -> tuple[list[Row], int]:
    """The items not checked and why; a setting nobody made (no firmware baseline) and a
    first inspection's missing comparisons are said once under the matrix, not on every
    device (its coverage line still counts them)."""
    items = sorted((f for f in findings if f.not_checked_reason is not None
                    and f.category != "collection" and not is_noted(f)),
                   key=lambda f: (f.not_checked_cause == "not_applicable", f.check_id))
    rows = [Row([f.check_id, fmt.t.get(f"coverage.cause.{f.not_checked_cause or 'other'}",
                                       f.not_checked_cause or "other"),
                 fmt.clip(localized(f, fmt.t.lang, "not_checked_reason"), 160)],
                "absent" if f.not_checked_cause == "not_applicable" else "unknown")
            for f in items]
    return rows[:limit], max(0, len(rows) - limit)


def _port_errors(port: Interface) -> int:
    return sum(v or 0 for v in (port.in_errors, port.out_errors, port.crc_errors))


def _ports(data: list[Interface], fmt: Formatter, limit: int
           ) -> tuple[PortSummary, list[Row], int]:
    summary = PortSummary(
        total=len(data),
        up=sum(1 for p in data if p.oper_up),
        down=sum(1 for p in data if p.admin_up is not False and p.oper_up is False),
        admin_down=sum(1 for p in data if p.admin_up is False),
        half_duplex=sum(1 for p in data if (p.duplex or "").lower().startswith("half")),
        err_disabled=sum(1 for p in data if p.err_disabled),
    )
    bad = sorted((p for p in data if _port_errors(p) or (p.in_discards or 0)
                  or (p.out_discards or 0)), key=_port_errors, reverse=True)
    rows = [Row([p.name, fmt.text(p.description), fmt.num(p.in_errors), fmt.num(p.out_errors),
                 fmt.num(p.crc_errors), fmt.num((p.in_discards or 0) + (p.out_discards or 0))],
                "warning" if _port_errors(p) else "ok")
            for p in bad[:limit]]
    return summary, rows, max(0, len(bad) - limit)


def _sensor_row(sensor: Sensor, fmt: Formatter, findings: Sequence[Finding]) -> Row:
    """A sensor with the verdict of the check that judged it (as in the findings and the
    environment table); the device's own status where no check judged it."""
    cells = [sensor.name, fmt.t.get(f"sensor_kind.{sensor.kind}", sensor.kind),
             fmt.reading(sensor.value, sensor.unit)]
    reading = sensor_reading(findings, sensor)
    if reading is not None and reading.bounds:
        return Row([*cells, bounds_text(reading, fmt), grade_text(reading, fmt)],
                   row_status(reading))
    limits = device_limits(sensor, fmt)
    if reading is not None:
        return Row([*cells, limits, grade_text(reading, fmt)], row_status(reading))
    return Row([*cells, limits,
                fmt.t.get(f"sensor_status.{sensor.status}", sensor.status)], sensor.status)


def _parts(result: DeviceResult, fmt: Formatter) -> list[Row]:
    """PSUs and fans, one row each (parts.py): state, model and serial; abnormal first."""
    inventory = result.snapshot.inventory
    items: list[InventoryItem] = inventory.data or [] if inventory.status in (
        FamilyStatus.OK, FamilyStatus.PARTIAL) else []
    rows = [Row([p.name, fmt.t.get(f"sensor_kind.{p.kind}", p.kind), fmt.text(p.model),
                 fmt.text(p.serial),
                 fmt.term("part_state", p.word) if p.word is not None else
                 fmt.t.get(f"sensor_status.{p.state}", p.state)], p.state)
            for p in merge_parts(sensors(result.snapshot), items)]
    return sorted(rows, key=lambda r: _SENSOR_ORDER.get(r.status, 3))


def _logs(entries: list[LogEntry], fmt: Formatter, limit: int) -> tuple[list[Row], int]:
    serious = [e for e in entries
               if e.severity is not None and e.severity <= CRITICAL_LOG_SEVERITY]
    rows = [Row([fmt.text(e.timestamp), str(e.severity), fmt.text(e.mnemonic),
                 fmt.clip(e.message, 200)], "critical" if (e.severity or 0) <= 2 else "warning")
            for e in serious[:limit]]
    return rows, len(serious)


def _facts(result: DeviceResult, fmt: Formatter) -> list[tuple[str, str]]:
    device, t = result.device, fmt.t
    facts = result.snapshot.facts.data
    os_version = facts.os_version if facts else None
    if facts and facts.patch:
        os_version = f"{os_version or ''} {facts.patch}".strip()
    return [
        (t("device.host"), fmt.text(device.host)),
        (t("device.platform"), fmt.platform(device.platform)),
        (t("device.kind"), fmt.kind(device.kind)),
        (t("device.role"), fmt.role(device.role)),
        (t("device.location"), fmt.text(" / ".join(x for x in (device.site, device.room) if x))),
        (t("device.hostname"), fmt.text(facts.hostname if facts else None)),
        (t("device.vendor_model"), fmt.text(" ".join(
            x for x in ((facts.vendor if facts else None) or device.vendor,
                        (facts.model if facts else None) or device.model) if x))),
        (t("device.serial"), fmt.text(facts.serial if facts else None)),
        (t("device.os_version"), fmt.text(os_version)),
        (t("device.uptime"), fmt.duration(facts.uptime_seconds if facts else None)),
        (t("device.collection"), t(f"device_status.{result.status.value}")
         + (t("common.colon") + fmt.reason(result.reason) if result.reason else "")),
    ]


def _firmware(result: DeviceResult, fmt: Formatter, limit: int) -> tuple[list[Row], int]:
    inventory = result.snapshot.inventory
    items = [i for i in (inventory.data or []) if i.fw_version or i.hw_version]
    rows = [Row([i.name, fmt.t.get(f"sensor_kind.{i.kind}", i.kind), fmt.text(i.model),
                 fmt.text(i.hw_version), fmt.text(i.fw_version)]) for i in items[:limit]]
    return rows, max(0, len(items) - limit)


def _notes(result: DeviceResult, fmt: Formatter) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Families that broke (with their reason) and families never collected (names only).

    A report must say what it could not see, without a table of "not collected" rows.
    """
    snapshot, broken, missing = result.snapshot, [], []
    for name in FAMILY_NAMES:
        family = snapshot.family(name)
        label = fmt.t.get(f"family.{name}", name)
        if family.status in (FamilyStatus.FAILED, FamilyStatus.PARTIAL):
            broken.append((label, fmt.t(f"family_status.{family.status.value}"),
                           fmt.reason(family.reason)))
        elif family.status == FamilyStatus.NOT_COLLECTED:
            missing.append(label)
    return broken, missing


def _usage_tables(detail: DeviceDetail, fmt: Formatter) -> None:
    snapshot = detail.result.snapshot
    detail.cpu = [Row([c.slot, fmt.pct(c.utilization_pct), fmt.pct(c.avg_1m_pct),
                       fmt.pct(c.avg_5m_pct)]) for c in (snapshot.cpu.data or [])]
    detail.memory = [Row([m.slot, fmt.size(m.used_bytes), fmt.size(m.total_bytes),
                          fmt.pct(memory_row_pct(m))]) for m in (snapshot.memory.data or [])]


def _cut(rows: list[Row], limit: int, abnormal_only: bool) -> tuple[list[Row], int]:
    shown = [r for r in rows if r.status in _ABNORMAL] if abnormal_only else rows
    return shown[:limit], len(rows) - len(shown[:limit])


def build_detail(result: DeviceResult, findings: list[Finding], fmt: Formatter,
                 limits: Limits = FULL) -> DeviceDetail:
    counts = level_counts(findings)
    covered = coverage(findings)
    snapshot = result.snapshot
    detail = DeviceDetail(
        result=result, name=result.device.name, status=result.status.value,
        reachable=result.status not in (DeviceStatus.UNREACHABLE, DeviceStatus.FAILED),
        score=coverage_score(counts, covered), counts=counts, facts=_facts(result, fmt),
        list_findings=limits.list_findings, coverage=covered)
    detail.score_text = score_label(detail.score, covered.pct, fmt.t)
    detail.coverage_text = coverage_line(covered, fmt.t, "coverage.device_line")
    if detail.reachable:  # for an unreachable device, "not collected" is stating the obvious
        detail.notes, detail.not_collected = _notes(result, fmt)
        detail.unchecked, detail.unchecked_more = _unchecked(findings, fmt, limits.unchecked)
    if limits.abnormal_only:
        # Compact: one line of CPU and memory among the facts instead of two tables.
        detail.facts += [(fmt.t("device.cpu"), fmt.pct(cpu_pct(snapshot))),
                         (fmt.t("device.memory"), fmt.pct(memory_pct(snapshot)))]
    else:
        _usage_tables(detail, fmt)
    readings = sorted((s for s in sensors(snapshot) if s.kind not in ("fan", "psu")),
                      key=lambda s: _SENSOR_ORDER.get(s.status, 3))
    detail.sensors, detail.sensors_more = _cut([_sensor_row(s, fmt, findings) for s in readings],
                                               limits.sensors, limits.abnormal_only)
    detail.parts, detail.parts_more = _cut(_parts(result, fmt), limits.parts,
                                           limits.abnormal_only)
    if snapshot.interfaces.data is not None:
        detail.ports, detail.error_ports, detail.error_ports_more = _ports(
            snapshot.interfaces.data, fmt, limits.error_ports)
    detail.logs, detail.logs_total = _logs(snapshot.logs.data or [], fmt, limits.logs)
    detail.firmware, detail.firmware_more = _firmware(result, fmt, limits.firmware)
    return detail
