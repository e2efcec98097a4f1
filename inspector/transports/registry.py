"""The transports, each registered once: how it collects a device, the secrets it needs, the
inventory section of its options. How its captures become families is the parsing half,
`parsing/builders.py`, which a parsing process imports without any transport.

A device's `platform:` word resolves to a transport and an OS (access.py); the transport
is looked up here. A collector takes an inventory host (and an event set on Ctrl-C) and
returns the device's recording; it never raises for a device-side problem. Adding a
transport is one module and one line below, and one in `parsing/builders.py` if it maps its
own data (docs/adding-a-transport.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from inspector.access import access
from inspector.credentials import SecretUse
from inspector.inventory import (
    Host,
    IpmiOptions,
    LinuxOptions,
    NapalmOptions,
    SnmpOptions,
    Transport,
)
from inspector.inventory_redfish import RedfishOptions
from inspector.store.bundle import DeviceRecording
from inspector.transports import ipmi, linux, napalm, redfish, secrets, snmp, ssh

Collector = Callable[[Host, "threading.Event | None"], DeviceRecording]


@dataclass(frozen=True)
class TransportSpec:
    collect: Collector
    options: type[BaseModel]  # the host's section for it (`transport:`, `snmp:`, ...)
    # The secrets it resolves (checked, or asked, before the first connection).
    secrets: Callable[[Host], list[SecretUse]]
    help: str


TRANSPORTS: dict[str, TransportSpec] = {
    "ssh": TransportSpec(ssh.collect_device, Transport, secrets.ssh,
                         "a CLI over SSH (Telnet when the inventory allows it)"),
    "snmp": TransportSpec(snmp.collect_device, SnmpOptions, secrets.snmp,
                          "SNMP walks read through the profiles (UPS, room sensors, BMCs)"),
    "ipmi": TransportSpec(ipmi.collect_device, IpmiOptions, secrets.ipmi,
                          "a server's BMC: ipmitool on this machine, one process per command"),
    "napalm": TransportSpec(napalm.collect_device, NapalmOptions, secrets.napalm,
                            "NAPALM getters (IOS, NX-OS, EOS, Junos)"),
    "redfish": TransportSpec(redfish.collect_device, RedfishOptions, secrets.redfish,
                             "a server's BMC over its Redfish API (HTTPS, GET only)"),
    "bmc": TransportSpec(redfish.collect_auto, RedfishOptions, secrets.redfish,
                         "a server's BMC: Redfish where it answers, IPMI otherwise"),
    "linux": TransportSpec(linux.collect_device, LinuxOptions, secrets.ssh,
                           "a Linux host's shell over SSH exec channels, exact read-only "
                           "commands only"),
}


def transport_for(platform: str) -> TransportSpec:
    """The transport that reaches a device of inventory `platform`."""
    return TRANSPORTS[access(platform).transport]


def collector_for(platform: str) -> Collector:
    return transport_for(platform).collect
