"""Normalizers for cisco_ios (IOS 12.x/15.x, IOS-XE): TextFSM records -> contract models.

Each function takes the rows of one template (see the definition file cisco_ios.yaml) and
returns the model.py records of its family. `NORMALIZERS` is the platform's registry: the
names its definition file may use (as `cisco_ios.<name>`).
"""

from __future__ import annotations

from inspector.parsing.normalizers.cisco_ios import (
    hardware,
    interfaces,
    logs,
    modules,
    redundancy,
    routing,
    system,
    tables,
    virtual,
)
from inspector.parsing.normalizers.common import Normalizer

NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": system.version_facts,
    "cpu": system.cpu,
    "platform_resources_cpu": system.platform_resources_cpu,
    "memory": system.memory,
    "platform_resources_memory": system.platform_resources_memory,
    "ntp_status": system.ntp_status,
    "config_saved": system.config_saved,
    "interfaces": interfaces.interfaces,
    "ip_interface_brief": interfaces.ip_interface_brief,
    "interfaces_status": interfaces.interfaces_status,
    "interfaces_description": interfaces.interfaces_description,
    "route_summary": routing.route_summary,
    "default_route": routing.default_route,
    "cdp_neighbors": routing.cdp_neighbors,
    "lldp_neighbors": routing.lldp_neighbors,
    "ospf_neighbors": routing.ospf_neighbors,
    "bgp_summary": routing.bgp_summary,
    "route_table": tables.route_table,
    "lldp_detail": tables.lldp_detail,
    "cdp_detail": tables.cdp_detail,
    "bgp_summary_af": tables.bgp_summary,
    "logging": logs.logging,
    "facility_alarms": logs.facility_alarms,
    "inventory": hardware.inventory,
    "environment": hardware.environment,
    "modules": modules.modules,
    "power": modules.power,
    "standby_brief": redundancy.standby_brief,
    "vrrp_brief": redundancy.vrrp_brief,
    "stack_switches": redundancy.stack_switches,
    "switch_virtual": virtual.switch_virtual,
    "spanning_tree": redundancy.spanning_tree,
    "etherchannels": redundancy.etherchannels,
}
