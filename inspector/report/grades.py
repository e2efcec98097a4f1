"""The grade a check gave a value, for the report's tables: a reading shows the verdict of
the finding that judged it (one value, one verdict), not a second opinion of its own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from inspector.model import Finding, Reading, Sensor, Severity
from inspector.report.fmt import Formatter

# The checks that judge a sensor of each kind (room probes first: a room sensor's verdict is
# the room rule's, never the device-temperature rule's).
SENSOR_CHECKS: dict[str, tuple[str, ...]] = {
    "temperature": ("env.room_temperature", "hardware.temperature"),
    "humidity": ("env.room_humidity",),
    "voltage": ("hardware.sensor_status",),
    "current": ("hardware.sensor_status",),
    "power": ("hardware.sensor_status",),
}
# How a level colours a row (the tables' statuses).
_ROW_STATUS = {Severity.CRITICAL: "critical", Severity.MAJOR: "critical",
               Severity.MINOR: "warning", Severity.INFO: "warning"}


def reading_for(findings: Iterable[Finding], check_ids: Sequence[str],
                subject: str) -> Reading | None:
    """The reading of `subject` in the first of `check_ids` that judged it."""
    judged = {f.check_id: f for f in findings if f.not_checked_reason is None}
    for check_id in check_ids:
        finding = judged.get(check_id)
        for reading in finding.readings if finding is not None else ():
            if reading.subject == subject:
                return reading
    return None


def sensor_reading(findings: Iterable[Finding], sensor: Sensor) -> Reading | None:
    return reading_for(findings, SENSOR_CHECKS.get(sensor.kind, ()), sensor.name)


def level_status(severity: Severity | None) -> str:
    """How a level colours a table row; None (within limits, no problem) is "ok"."""
    return _ROW_STATUS[severity] if severity is not None else "ok"


def row_status(reading: Reading) -> str:
    return level_status(reading.severity)


def grade_text(reading: Reading, fmt: Formatter) -> str:
    """一级 .. 四级, or 正常 within limits."""
    if reading.severity is None:
        return fmt.t("sensor_status.ok")
    return fmt.t(f"level.{reading.severity.value}")


def bounds_text(reading: Reading, fmt: Formatter) -> str:
    """The ranges that graded the reading, worst level first, in the reader's words:
    "一级 10–35 / 二级 15–30 (机房标准)"; "—" when the check had no range."""
    order = list(Severity)
    parts = [f"{fmt.t(f'level.{level.value}')} {fmt.range(low, high)}"
             for level, (low, high) in sorted(reading.bounds.items(),
                                              key=lambda kv: order.index(kv[0]))]
    if not parts:
        return "—"
    basis = fmt.t("grades.own_limits" if reading.own_limits else "grades.rule_limits")
    return f"{' / '.join(parts)}{fmt.t('common.open')}{basis}{fmt.t('common.close')}"


def device_limits(sensor: Sensor, fmt: Formatter) -> str:
    """The limits the device itself reports for a sensor: "告警 ≤ 70 / 严重 ≤ 85"; "—" none."""
    parts = [f"{fmt.t(f'sensor_status.{level}')} {fmt.range(low, high)}"
             for level, low, high in (("warning", sensor.low_warn, sensor.high_warn),
                                      ("critical", sensor.low_crit, sensor.high_crit))
             if low is not None or high is not None]
    return " / ".join(parts) or "—"


def worst(findings: Iterable[Finding], prefix: str) -> Severity | None:
    """The worst level among the problems of checks whose id starts with `prefix`."""
    levels = [f.severity for f in findings
              if f.check_id.startswith(prefix) and f.is_problem and f.severity is not None]
    order = list(Severity)
    return min(levels, key=order.index) if levels else None
