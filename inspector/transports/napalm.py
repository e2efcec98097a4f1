"""NAPALM as a second CLI transport (`platform: napalm`), for the operating systems NAPALM
drives — IOS, NX-OS (SSH), EOS, Junos — so Juniper and Arista gear is inspected too.

Only a fixed list of getters is ever called (never a configuration method). For the
SSH-CLI drivers (ios, nxos_ssh) every command the driver sends also goes through our
read-only guard; EOS (eAPI) and Junos (NETCONF RPCs) speak structured APIs the guard cannot
read, and are limited to those getters. Each getter's result is one capture whose output is
its JSON, so a run records and replays like any other; parsing/napalm.py maps them into
families.
"""

from __future__ import annotations

import contextlib
import json
import threading
from datetime import UTC, datetime
from typing import Any

from inspector.credentials import CredentialError, resolve_secret
from inspector.inventory import Host
from inspector.model import Capture
from inspector.parsing.napalm import GETTERS, PREFIX
from inspector.parsing.platforms import get_platform
from inspector.redact import redact, register_secret
from inspector.store.bundle import DeviceRecording
from inspector.transports import cutoff
from inspector.transports.guard import UnsafeCommandError, check_command

# Drivers whose commands are CLI text the guard can check, and the platform whose
# read-only rules apply to them.
GUARDED = {"ios": "cisco_ios", "nxos_ssh": "cisco_nxos"}


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
    # The run's deadline or a stop cuts the driver's SSH session (transports/cutoff.py).
    withdraw = cutoff.current().on_cut(
        cutoff.netmiko_closer(getattr(driver, "device", None)))
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
        withdraw()
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
