"""The machine-room environment and UPS section: room sensors and UPS units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspector.model import DeviceResult, FamilyStatus, Finding, Sensor
from inspector.report.devices import Row
from inspector.report.fmt import Formatter
from inspector.report.grades import (
    bounds_text,
    device_limits,
    grade_text,
    level_status,
    row_status,
    sensor_reading,
    worst,
)
from inspector.report.metrics import max_temperature, sensors

ROOM_KINDS = ("temperature", "humidity")
MAX_TEMPERATURE_BARS = 30


def is_env_device(result: DeviceResult) -> bool:
    """A room sensor: by kind (never by its role's wording), or because it reports humidity
    (no switch does)."""
    return result.device.kind == "env-sensor" or any(
        s.kind == "humidity" for s in sensors(result.snapshot))


def is_ups(result: DeviceResult) -> bool:
    return result.device.kind == "ups" or result.snapshot.ups.data is not None


@dataclass
class Environment:
    room_rows: list[Row]
    ups_rows: list[Row]
    unavailable: list[tuple[str, str]]  # env/UPS devices without data: name, reason
    # (label, value °C, status) of each device's hottest sensor, hottest first
    temperatures: list[tuple[str, float, str]]

    @property
    def has_room_devices(self) -> bool:
        return bool(self.room_rows or self.ups_rows or self.unavailable)


def _room_row(result: DeviceResult, sensor: Sensor, findings: Sequence[Finding],
              fmt: Formatter) -> Row:
    """A room reading with the grade and the ranges of the finding that judged it; the
    device's own statement only where no check judged the reading (rule turned off)."""
    # A reading found by the shape of an unknown table says so (parsing/snmp_shape.py).
    name = fmt.t("environment.generic_reading", name=sensor.name) if sensor.generic \
        else sensor.name
    cells = [result.device.name, fmt.text(result.device.room or result.device.site),
             name, fmt.t.get(f"sensor_kind.{sensor.kind}", sensor.kind),
             fmt.reading(sensor.value, sensor.unit)]
    reading = sensor_reading(findings, sensor)
    if reading is None:
        own = fmt.t.get(f"sensor_status.{sensor.status}", sensor.status)
        return Row([*cells, device_limits(sensor, fmt), own], sensor.status)
    return Row([*cells, bounds_text(reading, fmt), grade_text(reading, fmt)],
               row_status(reading))


def _room_rows(result: DeviceResult, findings: Sequence[Finding], fmt: Formatter) -> list[Row]:
    return [_room_row(result, s, findings, fmt)
            for s in sensors(result.snapshot) if s.kind in ROOM_KINDS]


def _ups_row(result: DeviceResult, findings: Sequence[Finding], fmt: Formatter) -> Row | None:
    ups = result.snapshot.ups.data
    if ups is None:
        return None
    t = fmt.t
    # The row's colour is the UPS checks' verdict, as in the findings.
    status = level_status(worst(findings, "ups."))
    return Row([result.device.name, fmt.text(result.device.room or result.device.site),
                fmt.term("ups_state", ups.status), fmt.term("battery_state", ups.battery_status),
                fmt.pct(ups.charge_pct),
                fmt.num(ups.runtime_min), fmt.num(ups.input_voltage_v),
                fmt.num(ups.output_voltage_v), fmt.pct(ups.output_load_pct),
                fmt.reading(ups.battery_temperature_c, "C"),
                fmt.yes_no(ups.on_battery),
                t("common.sep").join(fmt.term("ups_alarm", a) for a in ups.alarms or []) or "—"],
               status)


def _temperatures(devices: Sequence[DeviceResult], by_device: Mapping[str, Sequence[Finding]]
                  ) -> list[tuple[str, float, str]]:
    hottest: list[tuple[str, float, str]] = []
    for result in devices:
        sensor = max_temperature(result.snapshot)
        if sensor is not None and sensor.value is not None:
            room = result.device.room or result.device.site
            label = f"{room} · {result.device.name}" if room else result.device.name
            reading = sensor_reading(by_device.get(result.device.name, ()), sensor)
            status = row_status(reading) if reading is not None else sensor.status
            hottest.append((label, sensor.value, status))
    hottest.sort(key=lambda x: -x[1])
    return hottest[:MAX_TEMPERATURE_BARS]


def _why(result: DeviceResult, family: str, fmt: Formatter) -> str:
    """Why a room or UPS device gave no data: its family's reason, else the device's."""
    reason = result.snapshot.family(family).reason or result.reason
    return fmt.reason(reason) if reason else fmt.t(f"device_status.{result.status.value}")


def build_environment(devices: Sequence[DeviceResult], fmt: Formatter,
                      by_device: Mapping[str, Sequence[Finding]] | None = None) -> Environment:
    """The section's tables; `by_device` (each device's findings) gives the grades."""
    by_device = by_device or {}
    room_rows: list[Row] = []
    ups_rows: list[Row] = []
    unavailable: list[tuple[str, str]] = []
    for result in devices:
        findings = by_device.get(result.device.name, ())
        if is_env_device(result):
            rows = _room_rows(result, findings, fmt)
            room_rows += rows
            if not rows:
                unavailable.append((result.device.name, _why(result, "sensors", fmt)))
        if is_ups(result):
            row = _ups_row(result, findings, fmt)
            if row is not None:
                ups_rows.append(row)
            elif result.snapshot.ups.status != FamilyStatus.UNSUPPORTED:
                unavailable.append((result.device.name, _why(result, "ups", fmt)))
    return Environment(room_rows, ups_rows, unavailable, _temperatures(devices, by_device))
