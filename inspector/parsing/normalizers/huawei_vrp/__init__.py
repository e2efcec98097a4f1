"""Normalizers for huawei_vrp: TextFSM records -> contract models (see model.py).

VRP 5 (S-series campus switches, AR routers) and VRP 8 (CE data-centre switches, NE
routers) print the same facts in different layouts; the templates absorb the layouts and
these functions map their fields to the contract. `NORMALIZERS` is the platform's
registry: the names its definition file may use (as `huawei_vrp.<name>`).
"""

from __future__ import annotations

from inspector.parsing.normalizers.common import Normalizer
from inspector.parsing.normalizers.huawei_vrp import (
    css,
    hardware,
    interfaces,
    logs,
    redundancy,
    routing,
    system,
    tables,
)

NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": system.version_facts,
    "esn_facts": system.esn_facts,
    "cpu_usage": system.cpu_usage,
    "memory_usage": system.memory_usage,
    "ntp_status": system.ntp_status,
    "compare_configuration": system.compare_configuration,
    "interface_brief": interfaces.interface_brief,
    "ip_interface_brief": interfaces.ip_interface_brief,
    "interface_detail": interfaces.interface_detail,
    "routing_statistics": routing.routing_statistics,
    "default_route": routing.default_route,
    "lldp_neighbors": routing.lldp_neighbors,
    "ospf_peers": routing.ospf_peers,
    "bgp_peers": tables.bgp_peers,
    "route_table": tables.route_table,
    "lldp_detail": tables.lldp_detail,
    "log_entries": logs.log_entries,
    "trap_entries": logs.trap_entries,
    "alarm_entries": logs.alarm_entries,
    "device_boards": hardware.device_boards,
    "elabel_brief": hardware.elabel_brief,
    "manufacture_info": hardware.manufacture_info,
    "fans": hardware.fans,
    "powers": hardware.powers,
    "temperatures": hardware.temperatures,
    "vrrp_brief": redundancy.vrrp_brief,
    "stack_members": redundancy.stack_members,
    "css_status": css.css_status,
    "css_channels": css.css_channels,
    "mad": css.mad,
    "stp_global": redundancy.stp_global,
    "eth_trunks": redundancy.eth_trunks,
}
