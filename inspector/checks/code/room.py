"""Machine-room temperature and humidity: each reading judged once.

A room probe often carries its own limits, set by whoever installed it for that room (a
hot aisle is allowed more than a cold one). Where a sensor has them, they decide; the
room rule's ranges (which a rule file may override per group or device) judge only the
sensors without limits of their own. Either way the finding records each reading with the
limit that graded it, and the environment table shows that same grade.
"""

from __future__ import annotations

from collections.abc import Callable

from inspector.catalog import Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome, Text, fmt
from inspector.model import Sensor, Severity

_UNITS = {"temperature": "°C", "humidity": "%RH"}


def no_reading(kind: str) -> Phrase:
    return Phrase("check.no_reading", kind_id=kind, kind=Term("sensor_kind", kind))


def _own_limits(sensor: Sensor) -> bool:
    return any(v is not None for v in (sensor.low_crit, sensor.low_warn, sensor.high_warn,
                                       sensor.high_crit))


def _outside(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value <= low) or (high is not None and value >= high)


def _span(low: float | None, high: float | None, unit: str) -> str:
    return f"{fmt(low) if low is not None else '…'}–{fmt(high) if high is not None else '…'}" \
        f" {unit}"


def _own_grade(sensor: Sensor, value: float, ctx: Context) -> tuple[Severity | None, Text]:
    """The grade by the sensor's own limits (at or beyond a limit counts, as probes do)."""
    unit = _UNITS[sensor.kind]
    levels = ctx.resolved.levels
    limit = Phrase("check.own_limits", warn=_span(sensor.low_warn, sensor.high_warn, unit),
                   crit=_span(sensor.low_crit, sensor.high_crit, unit))
    if _outside(value, sensor.low_crit, sensor.high_crit):
        return levels["own_critical"], limit
    if _outside(value, sensor.low_warn, sensor.high_warn):
        return levels["own_warning"], limit
    return None, limit


def _hit(sensor: Sensor, ctx: Context) -> Hit:
    unit = _UNITS[sensor.kind]
    value = float(sensor.value) if sensor.value is not None else 0.0
    display = Phrase("check.reading", name=sensor.name, value=fmt(sensor.value), unit=unit)
    if not _own_limits(sensor):
        # Graded by the engine against the rule's ranges, like any threshold rule.
        return Hit(sensor.name, value, display, anchor=sensor.name, unit=unit)
    severity, limit = _own_grade(sensor, value, ctx)
    levels = ctx.resolved.levels
    bounds = {levels["own_critical"]: [sensor.low_crit, sensor.high_crit],
              levels["own_warning"]: [sensor.low_warn, sensor.high_warn]}
    return Hit(sensor.name, value,
               Phrase("check.with_note", text=display,
                      note=Phrase("check.paren_note", text=limit)),
               anchor=sensor.name, unit=unit,
               severity=severity, limit=limit, graded=True,
               own_bounds={k: v for k, v in bounds.items() if v != [None, None]})


def _reading(kind: str) -> Callable[[Context], Outcome]:
    def check(ctx: Context) -> Outcome:
        sensors = [s for s in ctx.data("sensors")
                   if isinstance(s, Sensor) and s.kind == kind and s.value is not None]
        if not sensors:
            raise NotChecked(no_reading(kind))
        hits = [_hit(s, ctx) for s in sensors]
        own = sum(1 for s in sensors if _own_limits(s))
        summary = Phrase("check.room_readings_own" if own else "check.room_readings",
                         n=len(sensors), kind_id=kind, kind=Term("sensor_kind", kind), own=own)
        return Outcome(hits, summary)
    return check


room_temperature = _reading("temperature")
room_humidity = _reading("humidity")
