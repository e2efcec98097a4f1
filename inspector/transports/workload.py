"""Which devices a collecting pool starts first: the longest sessions.

A pool that takes devices in inventory order can leave its longest sessions (a core switch
with 30 commands) for the end, where they run on while every other worker is idle. Taking
the devices with the most commands first (the longest-processing-time rule) lets the short
sessions fill the gaps at the end instead: measured in docs/scaling.md. The estimate is the
number of commands the device's platform definition sends (CLI over SSH, a Linux shell,
ipmitool); a device whose platform is detected at login, or that is read over SNMP,
Redfish or NAPALM (a few requests each), counts 0 and keeps its place after them (the sort
is stable: inventory order among equals).
"""

from __future__ import annotations

from inspector.access import AUTODETECT, access
from inspector.inventory import Host
from inspector.parsing.platforms import DefinitionError, get_platform
from inspector.transports.ssh import plan


def expected_commands(host: Host) -> int:
    """How many commands a session with `host` will send, as far as its platform tells."""
    if host.platform == AUTODETECT:
        return 0
    reach = access(host.platform)
    if reach.os is None:
        return 0
    try:
        return len(plan(get_platform(reach.os)))
    except (KeyError, DefinitionError):
        return 0


def longest_first(hosts: list[Host]) -> list[int]:
    """The indexes of `hosts` in the order a pool should start them."""
    by_platform: dict[str, int] = {}
    for host in hosts:
        if host.platform not in by_platform:
            by_platform[host.platform] = expected_commands(host)
    return sorted(range(len(hosts)), key=lambda i: -by_platform[hosts[i].platform])
