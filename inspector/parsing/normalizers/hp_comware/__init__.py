"""Normalizers for hp_comware (H3C / HPE Comware 5 and 7): TextFSM records -> contract
models (see model.py). `NORMALIZERS` is the platform's registry: the names its definition
file may use (as `hp_comware.<name>`)."""

from __future__ import annotations

from inspector.parsing.normalizers.common import Normalizer
from inspector.parsing.normalizers.hp_comware import (
    hardware,
    interfaces,
    irf_links,
    logs,
    redundancy,
    routing,
    system,
)

NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": system.version_facts,
    "manuinfo_facts": hardware.manuinfo_facts,
    "cpu_usage": system.cpu_usage,
    "memory": system.memory,
    "ntp_status": system.ntp_status,
    "config_diff": system.config_diff,
    "interface_brief": interfaces.interface_brief,
    "ip_interface_brief": interfaces.ip_interface_brief,
    "interface": interfaces.interface,
    "routing_statistics": routing.routing_statistics,
    "routing_table": routing.routing_table,
    "default_route": routing.default_route,
    "lldp_neighbors": routing.lldp_neighbors,
    "lldp_verbose": routing.lldp_verbose,
    "ospf_peers": routing.ospf_peers,
    "bgp_peers": routing.bgp_peers,
    # The same reading, named apart: `display bgp peer ipv4` and `ipv6` give different
    # peers, so `dis bgp peer ipv` must stay as ambiguous as on the device.
    "bgp_peers_ipv6": routing.bgp_peers,
    "bgp_peers_vpnv4": routing.bgp_peers,
    "logbuffer": logs.logbuffer,
    "logbuffer_summary": logs.logbuffer_summary,
    "alarms": logs.alarms,
    "manuinfo_inventory": hardware.manuinfo_inventory,
    "device_boards": hardware.device_boards,
    "fans": hardware.fans,
    "powers": hardware.powers,
    "temperatures": hardware.temperatures,
    "vrrp": redundancy.vrrp,
    "irf_members": redundancy.irf_members,
    "mad": redundancy.mad,
    "irf_links": irf_links.irf_links,
    "mad_verbose": irf_links.mad_verbose,
    "stp_global": redundancy.stp_global,
    "link_aggregations": redundancy.link_aggregations,
}
