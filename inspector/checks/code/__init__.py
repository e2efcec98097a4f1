"""The checks that need code (redundancy, patterns, comparisons with the last run), by the
name a rule's `function` gives. Everything a threshold expresses lives in rules.yaml."""

from __future__ import annotations

from collections.abc import Callable

from inspector.checks.base import Context, Outcome
from inspector.checks.code import (
    collection,
    hardware,
    history,
    logs,
    network,
    room,
    security,
    ups,
)

CodeCheck = Callable[[Context], Outcome]

CODE_CHECKS: dict[str, CodeCheck] = {
    "collection_unreachable": collection.unreachable,
    "collection_partial": collection.partial,
    "fans": hardware.fans,
    "psu_failed": hardware.psu_failed,
    "psu_redundancy": hardware.psu_redundancy,
    "modules": hardware.modules,
    "temperature": hardware.temperature,
    "sensor_status": hardware.sensor_status,
    "log_severity": logs.by_severity,
    "log_patterns": logs.patterns,
    "uplink_down": network.uplink_down,
    "default_route": network.default_route,
    "sessions": network.sessions,
    "error_growth": history.error_growth,
    "route_change": history.route_change,
    "firmware_changed": history.firmware_changed,
    "firmware_baseline": history.firmware_baseline,
    "ups_battery_status": ups.battery_status,
    "ups_alarms": ups.alarms,
    "room_temperature": room.room_temperature,
    "room_humidity": room.room_humidity,
    "ssh_algorithms": security.ssh_algorithms,
}
