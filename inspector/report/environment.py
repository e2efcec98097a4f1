"""The machine-room environment and UPS section: room sensors and UPS units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspector.model import DeviceResult, FamilyStatus
from inspector.report.devices import Row
from inspector.report.fmt import Formatter
from inspector.report.metrics import max_temperature, sensors

ENV_ROLES = frozenset({"env-sensor", "env", "environment", "sensor", "th-sensor"})
ROOM_KINDS = ("temperature", "humidity")
MAX_TEMPERATURE_BARS = 30


def is_env_device(result: DeviceResult) -> bool:
    """A room sensor: by role, or because it reports humidity (no switch does)."""
    return result.device.role in ENV_ROLES or any(
        s.kind == "humidity" for s in sensors(result.snapshot))


def is_ups(result: DeviceResult) -> bool:
    return result.device.role == "ups" or result.snapshot.ups.data is not None


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


def _room_rows(result: DeviceResult, fmt: Formatter) -> list[Row]:
    location = fmt.text(result.device.room or result.device.site)
    return [Row([result.device.name, location, s.name,
                 fmt.t.get(f"sensor_kind.{s.kind}", s.kind), fmt.reading(s.value, s.unit),
                 fmt.range(s.low_warn, s.high_warn), fmt.range(s.low_crit, s.high_crit),
                 fmt.t.get(f"sensor_status.{s.status}", s.status)], s.status)
            for s in sensors(result.snapshot) if s.kind in ROOM_KINDS]


def _ups_row(result: DeviceResult, fmt: Formatter) -> Row | None:
    ups = result.snapshot.ups.data
    if ups is None:
        return None
    t = fmt.t
    bad = ups.on_battery or bool(ups.alarms) or (
        ups.battery_status not in (None, "normal", "ok"))
    return Row([result.device.name, fmt.text(result.device.room or result.device.site),
                fmt.text(ups.status), fmt.text(ups.battery_status), fmt.pct(ups.charge_pct),
                fmt.num(ups.runtime_min), fmt.num(ups.input_voltage_v),
                fmt.num(ups.output_voltage_v), fmt.pct(ups.output_load_pct),
                fmt.reading(ups.battery_temperature_c, "C"),
                t("common.yes") if ups.on_battery else t("common.no"),
                "; ".join(ups.alarms) or "—"], "critical" if bad else "ok")


def _temperatures(devices: Sequence[DeviceResult]) -> list[tuple[str, float, str]]:
    hottest: list[tuple[str, float, str]] = []
    for result in devices:
        sensor = max_temperature(result.snapshot)
        if sensor is not None and sensor.value is not None:
            room = result.device.room or result.device.site
            label = f"{room} · {result.device.name}" if room else result.device.name
            hottest.append((label, sensor.value, sensor.status))
    hottest.sort(key=lambda x: -x[1])
    return hottest[:MAX_TEMPERATURE_BARS]


def build_environment(devices: Sequence[DeviceResult], fmt: Formatter) -> Environment:
    room_rows: list[Row] = []
    ups_rows: list[Row] = []
    unavailable: list[tuple[str, str]] = []
    for result in devices:
        if is_env_device(result):
            rows = _room_rows(result, fmt)
            room_rows += rows
            if not rows:
                unavailable.append((result.device.name, result.snapshot.sensors.reason
                                    or result.reason or result.status.value))
        if is_ups(result):
            row = _ups_row(result, fmt)
            if row is not None:
                ups_rows.append(row)
            elif result.snapshot.ups.status != FamilyStatus.UNSUPPORTED:
                unavailable.append((result.device.name, result.snapshot.ups.reason
                                    or result.reason or result.status.value))
    return Environment(room_rows, ups_rows, unavailable, _temperatures(devices))
