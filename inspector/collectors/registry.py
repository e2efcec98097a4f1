"""Which transport collects which platform: an explicit table, SSH for everything else.

A collector takes an inventory host (and an event set on Ctrl-C) and returns the device's
recording; it never raises for a device-side problem.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from inspector.collectors import ipmi, napalm_transport, snmp, ssh
from inspector.collectors.bundle import DeviceRecording
from inspector.inventory import Host

Collector = Callable[[Host, "threading.Event | None"], DeviceRecording]

# Platform name -> collector, for platforms not spoken over an SSH CLI.
COLLECTORS: dict[str, Collector] = {
    "snmp": snmp.collect_device,
    "ipmi": ipmi.collect_device,  # ipmitool on this machine, one process per subcommand
    "napalm": napalm_transport.collect_device,
}


def collector_for(platform: str) -> Collector:
    return COLLECTORS.get(platform, ssh.collect_device)
