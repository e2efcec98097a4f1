"""NAPALM getters' results to families: each getter's capture is its JSON (transports/
napalm.py records them), mapped here into the contract's models and merged by key."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from inspector.model import (
    Capture,
    Cpu,
    Device,
    Facts,
    Family,
    FamilyStatus,
    Interface,
    Memory,
    Neighbor,
    Sensor,
    Snapshot,
)
from inspector.parsing.families import Part, SourceOutcome, build_family

GETTERS = ("get_facts", "get_environment", "get_interfaces", "get_interfaces_counters",
           "get_lldp_neighbors")
PREFIX = "napalm "  # a getter's capture is named "napalm <getter>"


def _num(value: Any) -> float | None:
    """NAPALM writes -1 for "not known"."""
    if isinstance(value, int | float) and value >= 0:
        return float(value)
    return None


def _facts(r: dict[str, Any]) -> Facts:
    uptime = _num(r.get("uptime"))
    return Facts(hostname=r.get("hostname") or None, vendor=r.get("vendor") or None,
                 model=r.get("model") or None, serial=r.get("serial_number") or None,
                 os_version=r.get("os_version") or None,
                 uptime_seconds=int(uptime) if uptime is not None else None)


def _sensors(r: dict[str, Any]) -> list[Sensor]:
    sensors = [Sensor(name=name, kind="fan", status="ok" if f.get("status") else "critical")
               for name, f in (r.get("fans") or {}).items()]
    sensors += [Sensor(name=name, kind="psu", value=_num(p.get("output")), unit="W",
                       status="ok" if p.get("status") else "critical")
                for name, p in (r.get("power") or {}).items()]
    sensors += [Sensor(name=name, kind="temperature", value=_num(t.get("temperature")),
                       unit="C", status="critical" if t.get("is_critical") else
                       "warning" if t.get("is_alert") else "ok")
                for name, t in (r.get("temperature") or {}).items()]
    return sensors


def _cpu(r: dict[str, Any]) -> list[Cpu]:
    return [Cpu(slot=str(slot), utilization_pct=_num(c.get("%usage")))
            for slot, c in (r.get("cpu") or {}).items()]


def _memory(r: dict[str, Any]) -> list[Memory]:
    memory = r.get("memory") or {}
    free, used = _num(memory.get("available_ram")), _num(memory.get("used_ram"))
    if free is None or used is None:
        return []
    total = free + used  # NAPALM's "available" is the free part
    return [Memory(slot="0", total_bytes=int(total), used_bytes=int(used),
                   utilization_pct=round(100 * used / total, 1) if total else None)]


def _interfaces(r: dict[str, Any]) -> list[Interface]:
    return [Interface(name=name, admin_up=i.get("is_enabled"), oper_up=i.get("is_up"),
                      speed_mbps=int(s) if (s := _num(i.get("speed"))) else None,
                      mtu=i.get("mtu") if isinstance(i.get("mtu"), int) else None,
                      description=i.get("description") or None)
            for name, i in r.items()]


def _counters(r: dict[str, Any]) -> list[Interface]:
    def count(value: Any) -> int | None:
        number = _num(value)
        return int(number) if number is not None else None

    return [Interface(name=name, in_errors=count(c.get("rx_errors")),
                      out_errors=count(c.get("tx_errors")),
                      in_discards=count(c.get("rx_discards")),
                      out_discards=count(c.get("tx_discards")))
            for name, c in r.items()]


def _neighbors(r: dict[str, Any]) -> list[Neighbor]:
    return [Neighbor(local_interface=local, remote_system=n.get("hostname") or "",
                     remote_interface=n.get("port") or None, protocol="lldp")
            for local, found in r.items() for n in found]


# family -> [(getter, mapping)]; several getters feed one family, merged by name.
FAMILIES: dict[str, list[tuple[str, Callable[[dict[str, Any]], Part]]]] = {
    "facts": [("get_facts", _facts)],
    "sensors": [("get_environment", _sensors)],
    "cpu": [("get_environment", _cpu)],
    "memory": [("get_environment", _memory)],
    "interfaces": [("get_interfaces", _interfaces), ("get_interfaces_counters", _counters)],
    "neighbors": [("get_lldp_neighbors", _neighbors)],
}


def _source(capture: Capture, mapping: Callable[[dict[str, Any]], Part]) -> SourceOutcome:
    if capture.error:
        return SourceOutcome(command=capture.command, ok=False, reason=capture.error)
    try:
        data = mapping(json.loads(capture.output))
    except (ValueError, TypeError, AttributeError) as exc:  # a value a model rejects, too
        return SourceOutcome(command=capture.command, ok=False,
                             reason=f"{capture.command}: unreadable result ({exc})")
    return SourceOutcome(command=capture.command, data=data)


def _family(name: str, captures: dict[str, Capture]) -> Family[Any]:
    sources = [_source(captures[PREFIX + getter], mapping) for getter, mapping in FAMILIES[name]
               if PREFIX + getter in captures]
    return build_family(name, sources,
                        nothing=(FamilyStatus.NOT_COLLECTED, "no getter result"))


def build_snapshot(device: Device, captures: Iterable[Capture],
                   taken_at: datetime | None = None) -> Snapshot:
    """A NAPALM device's snapshot: the families its getters give; the rest unsupported."""
    by_command = {c.command: c for c in captures}
    families: dict[str, Any] = {
        name: Family[Any](status=FamilyStatus.UNSUPPORTED,
                          reason="not among the NAPALM getters inspector calls").model_dump()
        for name in ("routes", "logs", "inventory", "ups", "sessions", "ntp", "config")
    }
    families |= {name: _family(name, by_command).model_dump() for name in FAMILIES}
    return Snapshot.model_validate({"device": device, "taken_at": taken_at, **families})
