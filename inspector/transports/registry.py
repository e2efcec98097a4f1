"""The transports, each registered once: how it collects a device, how its captures become
families, the inventory section of its options.

A device's `platform:` word resolves to a transport and an OS (access.py); the transport
is looked up here. A collector takes an inventory host (and an event set on Ctrl-C) and
returns the device's recording; it never raises for a device-side problem. Adding a
transport is one module and one line below (docs/adding-a-transport.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

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
from inspector.model import Capture, Device, Snapshot
from inspector.parsing import napalm as napalm_parsing
from inspector.parsing import redfish as redfish_parsing
from inspector.parsing.snapshot import build_cli_snapshot
from inspector.parsing.snmp_parse import build_snmp_snapshot
from inspector.store.bundle import DeviceRecording
from inspector.transports import ipmi, linux, napalm, redfish, secrets, snmp, ssh

Collector = Callable[[Host, "threading.Event | None"], DeviceRecording]
SnapshotBuilder = Callable[[Device, Iterable[Capture], "datetime | None"], Snapshot]


@dataclass(frozen=True)
class TransportSpec:
    collect: Collector
    # None: the captures are CLI text, read through the OS's platform definition.
    build_snapshot: SnapshotBuilder | None
    options: type[BaseModel]  # the host's section for it (`transport:`, `snmp:`, ...)
    # The secrets it resolves (checked, or asked, before the first connection).
    secrets: Callable[[Host], list[SecretUse]]
    help: str


TRANSPORTS: dict[str, TransportSpec] = {
    "ssh": TransportSpec(ssh.collect_device, None, Transport, secrets.ssh,
                         "a CLI over SSH (Telnet when the inventory allows it)"),
    "snmp": TransportSpec(snmp.collect_device, build_snmp_snapshot, SnmpOptions, secrets.snmp,
                          "SNMP walks read through the profiles (UPS, room sensors, BMCs)"),
    "ipmi": TransportSpec(ipmi.collect_device, None, IpmiOptions, secrets.ipmi,
                          "a server's BMC: ipmitool on this machine, one process per command"),
    "napalm": TransportSpec(napalm.collect_device, napalm_parsing.build_snapshot,
                            NapalmOptions, secrets.napalm,
                            "NAPALM getters (IOS, NX-OS, EOS, Junos)"),
    "redfish": TransportSpec(redfish.collect_device, redfish_parsing.build_snapshot,
                             RedfishOptions, secrets.redfish,
                             "a server's BMC over its Redfish API (HTTPS, GET only)"),
    "bmc": TransportSpec(redfish.collect_auto, redfish_parsing.build_auto_snapshot,
                         RedfishOptions, secrets.redfish,
                         "a server's BMC: Redfish where it answers, IPMI otherwise"),
    "linux": TransportSpec(linux.collect_device, None, LinuxOptions, secrets.ssh,
                           "a Linux host's shell over SSH exec channels, exact read-only "
                           "commands only"),
}


def transport_for(platform: str) -> TransportSpec:
    """The transport that reaches a device of inventory `platform`."""
    return TRANSPORTS[access(platform).transport]


def collector_for(platform: str) -> Collector:
    return transport_for(platform).collect


def build_snapshot(device: Device, captures: Iterable[Capture],
                   taken_at: datetime | None = None) -> Snapshot:
    """The normalized state of `device` from its captures (pure), by its transport."""
    builder = transport_for(device.platform).build_snapshot or build_cli_snapshot
    return builder(device, captures, taken_at)
