"""NAPALM as a second CLI transport (`platform: napalm`), for the operating systems NAPALM
drives — IOS, NX-OS (SSH), EOS, Junos — so Juniper and Arista gear is inspected too.

Only a fixed list of getters is ever called (never a configuration method). For the
SSH-CLI drivers (ios, nxos_ssh) every command the driver sends also goes through our
read-only guard; EOS (eAPI) and Junos (NETCONF RPCs) speak structured APIs the guard cannot
read, and are limited to those getters. Each getter's result is one capture whose output is
its JSON, so a run records and replays like any other.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from inspector.collectors.bundle import DeviceRecording
from inspector.collectors.guard import UnsafeCommandError, check_command
from inspector.credentials import CredentialError, resolve_secret
from inspector.families import Part, SourceOutcome, build_family
from inspector.inventory import Host
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
from inspector.platforms import get_platform
from inspector.redact import redact, register_secret

GETTERS = ("get_facts", "get_environment", "get_interfaces", "get_interfaces_counters",
           "get_lldp_neighbors")
PREFIX = "napalm "
# Drivers whose commands are CLI text the guard can check, and the platform whose
# read-only rules apply to them.
GUARDED = {"ios": "cisco_ios", "nxos_ssh": "cisco_ios"}


def _guarded(connection: Any, platform_name: str) -> None:
    """Route the driver's CLI commands through the read-only guard."""
    platform = get_platform(platform_name)
    original = connection.send_command

    def send_command(command: str, *args: Any, **kwargs: Any) -> Any:
        check_command(platform, command)
        return original(command, *args, **kwargs)

    connection.send_command = send_command


def collect_device(host: Host, stop: threading.Event | None = None) -> DeviceRecording:
    """Every getter of one device; never raises for a device-side problem."""
    from napalm import get_network_driver  # noqa: PLC0415 - heavy, only for these devices

    recording = DeviceRecording(device=host.device())
    options = host.napalm
    if options is None:
        recording.error = "platform napalm needs a `napalm: {driver: ...}` section"
        return recording
    try:
        password = resolve_secret(host.password, f"{host.username}@{host.name}") \
            if host.password else ""
    except CredentialError as exc:
        recording.error = f"credentials: {exc}"
        return recording
    register_secret(password)
    driver = get_network_driver(options.driver)(
        hostname=host.host, username=host.username, password=password,
        timeout=int(host.transport.read_timeout),
        optional_args={"port": host.transport.port, **options.optional_args})
    try:
        driver.open()
    except Exception as exc:  # noqa: BLE001 - any failure to connect is this device's result
        recording.error = redact(f"napalm {options.driver} could not open a session with "
                                 f"{host.host}:{host.transport.port}: {type(exc).__name__}: "
                                 f"{str(exc).splitlines()[0] if str(exc) else ''}")
        return recording
    try:
        if options.driver in GUARDED and getattr(driver, "device", None) is not None:
            _guarded(driver.device, GUARDED[options.driver])
        for getter in GETTERS:
            if stop is not None and stop.is_set():
                recording.captures.append(Capture(device=host.name, command=PREFIX + getter,
                                                  error="run interrupted"))
                continue
            recording.captures.append(_call(driver, getter, host.name))
    finally:
        with contextlib.suppress(Exception):  # the captures are what matter now
            driver.close()
    return recording


def _call(driver: Any, getter: str, device: str) -> Capture:
    started = datetime.now(UTC)
    try:
        result = getattr(driver, getter)()
        output, error = json.dumps(result, indent=1, sort_keys=True, default=str), None
    except UnsafeCommandError as exc:
        output, error = "", str(exc)
    except Exception as exc:  # noqa: BLE001 - a failing getter is that family's result
        output, error = "", f"{getter}: {type(exc).__name__}: {exc}"
    return Capture(device=device, command=PREFIX + getter, output=redact(output),
                   started=started, ended=datetime.now(UTC), error=error and redact(error))


# ---------------------------------------------------------------------------- parsing


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
