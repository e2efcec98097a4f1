"""How Comware names interfaces, and the placeholders it prints for "nothing"."""

from __future__ import annotations

from typing import Any

from inspector.parsing.normalizers.common import expand_ifname, text

# Comware's own short interface names (`display interface brief`, `display ip interface
# brief`, LLDP). XGE is Ten-GigabitEthernet here (Huawei's XGE is XGigabitEthernet).
IFNAME_SHORT = {
    "ge": "GigabitEthernet", "xge": "Ten-GigabitEthernet", "fge": "FortyGigE",
    "hge": "HundredGigE", "wge": "TwentyFiveGigE", "mge": "M-GigabitEthernet",
    "m-ge": "M-GigabitEthernet", "meth": "M-Ethernet", "bagg": "Bridge-Aggregation",
    "ragg": "Route-Aggregation", "vlan": "Vlan-interface", "loop": "LoopBack",
    "inloop": "InLoopBack", "eth": "Ethernet", "tun": "Tunnel", "reg": "Register-Tunnel",
    "ser": "Serial", "dia": "Dialer", "e-ch": "Eth-channel", "vt": "Virtual-Template",
    "s": "Serial",
}


def ifname(name: Any) -> str:
    return expand_ifname(str(name), IFNAME_SHORT)


def none_if_dash(value: Any) -> str | None:
    value = text(value)
    return None if value in (None, "--", "-", "NA", "N/A", "NONE", "None") else value
