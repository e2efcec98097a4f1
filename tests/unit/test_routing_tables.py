"""The commands engineers type in a session: full routing tables (any VRF), LLDP/CDP detail and
BGP summaries of every address family, read into the same routes, neighbors and sessions the
summary and brief commands give, so the routing and protocol checks work from either."""

from __future__ import annotations

import pytest

from inspector.model import Capture, Device, FamilyStatus, Routes
from inspector.parsing.commands import placeholders
from inspector.parsing.parse import parse
from inspector.parsing.platforms import get_platform
from inspector.parsing.snapshot import build_cli_snapshot
from inspector.transports.ssh import plan
from tests.unit.test_checks import check

# (platform, as typed, the command it stands for)
TYPED = [
    ("cisco_ios", "sh ip ro", "show ip route"),
    ("cisco_ios", "show ip route", "show ip route"),
    ("cisco_ios", "sh ip ro vrf CUST-A", "show ip route vrf {vrf}"),
    ("cisco_ios", "sh ip ro su", None),  # summary / supernets-only: ambiguous on IOS too
    ("cisco_ios", "sh ip route summ", "show ip route summary"),
    ("cisco_ios", "sh ip ro bgp", None),  # one protocol's routes: not the whole table
    ("cisco_ios", "sh lldp nei det", "show lldp neighbors detail"),
    ("cisco_ios", "sh cdp nei de", "show cdp neighbors detail"),
    ("cisco_ios", "sh bgp sum", "show bgp summary"),
    ("cisco_ios", "sh bgp all sum", "show bgp all summary"),
    ("cisco_ios", "sh bgp ipv6 uni sum", "show bgp ipv6 unicast summary"),
    ("cisco_ios", "sh bgp ipv", None),  # ipv4 / ipv6
    ("cisco_ios", "sh bgp vpnv4 uni all sum", "show bgp vpnv4 unicast all summary"),
    ("cisco_ios", "sh ip bgp vpnv4 all sum", "show ip bgp vpnv4 all summary"),
    ("huawei_vrp", "dis ip rou", "display ip routing-table"),
    ("huawei_vrp", "dis ip routing-table vpn-instance vpn1", "display ip routing-table "
     "vpn-instance {vrf}"),
    ("huawei_vrp", "dis ip rou verb", None),  # verbose: another layout
    ("huawei_vrp", "dis lldp nei", "display lldp neighbor"),
    ("huawei_vrp", "dis lldp nei b", "display lldp neighbor brief"),
    ("huawei_vrp", "dis bgp ipv6 peer", "display bgp ipv6 peer"),
    ("huawei_vrp", "dis bgp vpnv4 all peer", "display bgp vpnv4 all peer"),
    ("hp_comware", "dis ip rou", "display ip routing-table"),
    ("hp_comware", "dis ip rou vpn-instance branch", "display ip routing-table "
     "vpn-instance {vrf}"),
    ("hp_comware", "dis lldp nei v", "display lldp neighbor-information verbose"),
    ("hp_comware", "dis bgp peer ipv6", "display bgp peer ipv6"),
    ("hp_comware", "dis bgp peer ipv", None),  # ipv4 / ipv6, as on the device
]


@pytest.mark.parametrize(("platform", "typed", "full"), TYPED,
                         ids=[f"{p}:{t}" for p, t, _ in TYPED])
def test_the_forms_engineers_type_resolve(platform: str, typed: str, full: str | None) -> None:
    assert get_platform(platform).resolve(typed) == full


def test_a_placeholder_reads_what_was_typed_there() -> None:
    assert placeholders("show ip route vrf {vrf}", "sh ip ro vrf Mgmt-vrf | b Gateway") == \
        {"vrf": "Mgmt-vrf"}
    assert placeholders("show ip route vrf {vrf}", "show ip route") == {}


@pytest.mark.parametrize("platform", ["cisco_ios", "huawei_vrp", "hp_comware"])
def test_a_live_run_never_sends_what_only_an_engineer_types(platform: str) -> None:
    definition = get_platform(platform)
    sent = {command for chain in plan(definition) for command in chain}
    typed_only = {p.command for _, p in definition.all_parsers() if p.typed_only}
    assert typed_only, "the forms engineers type are declared"
    assert not sent & typed_only
    assert not any("{" in command for command in sent)
    # The summary commands a run relies on are still sent.
    assert {p.command for _, p in definition.all_parsers() if p.sendable} <= sent


def _routes(platform: str, command: str, output: str) -> Routes:
    parsed, = parse(platform, command, output)
    assert parsed.status == "ok", parsed.reason
    assert isinstance(parsed.normalized, Routes)
    return parsed.normalized


IOS_SUMMARY = """\
IP routing table name is default (0x0)
IP routing table maximum-paths is 32
Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)
application     0           0           0           0           0
connected       0           4           0           384         1216
static          1           0           0           96          304
ospf 1          0           2           0           192         608
  Intra-area: 1 Inter-area: 0 External-1: 0 External-2: 1
  NSSA External-1: 0 NSSA External-2: 0
internal        3                                               1380
Total           4           6           0           672         3508
"""
# The same routes as the summary above, as the full table prints them: the OSPF route over
# two next hops is one prefix, as the summary counts it.
IOS_TABLE = """\
Gateway of last resort is 192.0.2.1 to network 0.0.0.0

S*    0.0.0.0/0 [1/0] via 192.0.2.1
      10.0.0.0/8 is variably subnetted, 5 subnets, 3 masks
C        10.1.0.0/24 is directly connected, Vlan10
L        10.1.0.1/32 is directly connected, Vlan10
O        10.2.0.0/16 [110/2] via 10.1.0.2, 2d01h, Vlan10
                     [110/2] via 10.1.0.3, 2d01h, Vlan10
O E2     10.3.0.0/16 [110/20] via 10.1.0.2, 2d01h, Vlan10
      192.0.2.0/24 is variably subnetted, 2 subnets, 2 masks
C        192.0.2.0/30 is directly connected, GigabitEthernet1/0/1
L        192.0.2.2/32 is directly connected, GigabitEthernet1/0/1
"""

VRP_STATISTICS = """\
Summary Prefixes : 5
Proto      total      active     added      deleted    freed
           routes     routes     routes     routes     routes
DIRECT     3          3          3          0          0
STATIC     1          1          1          0          0
OSPF       3          3          5          2          2
Total      7          7          9          2          2
"""
# The same routes in full: the OSPF route over two next hops counts twice, as there.
VRP_TABLE = """\
Route Flags: R - relay, D - download to fib
------------------------------------------------------------------------------
Routing Tables: Public
         Destinations : 6        Routes : 7

Destination/Mask    Proto   Pre  Cost      Flags NextHop         Interface

        0.0.0.0/0   Static  60   0          RD   192.0.2.1       Vlanif20
       10.1.0.0/24  Direct  0    0           D   10.1.0.1        Vlanif10
       10.1.0.1/32  Direct  0    0           D   127.0.0.1       Vlanif10
       10.2.0.0/16  OSPF    10   2           D   10.1.0.2        Vlanif10
                    OSPF    10   2           D   10.1.0.3        Vlanif10
       10.3.0.0/16  O_ASE   150  1           D   10.1.0.2        Vlanif10
      127.0.0.0/8   Direct  0    0           D   127.0.0.1       InLoopBack0
"""


@pytest.mark.parametrize(("platform", "summary", "summary_text", "table", "table_text"), [
    ("cisco_ios", "show ip route summary", IOS_SUMMARY, "sh ip ro", IOS_TABLE),
    ("huawei_vrp", "display ip routing-table statistics", VRP_STATISTICS, "dis ip rou",
     VRP_TABLE),
], ids=["cisco_ios", "huawei_vrp"])
def test_a_full_table_counts_as_its_summary(platform: str, summary: str, summary_text: str,
                                            table: str, table_text: str) -> None:
    """Whichever of the two an inspection read, the route count compares with the last."""
    counted = _routes(platform, summary, summary_text)
    full = _routes(platform, table, table_text)
    assert full.total == counted.total
    assert full.by_protocol == {p: n for p, n in counted.by_protocol.items() if n}


def test_the_full_table_gives_the_default_route_and_its_next_hops() -> None:
    routes = _routes("cisco_ios", "sh ip ro", IOS_TABLE)
    assert routes.default_route is True
    assert routes.default_next_hops == ["192.0.2.1"]
    ecmp = _routes("huawei_vrp", "dis ip rou", VRP_TABLE.replace(
        "       10.1.0.0/24", "                    Static  60   0          RD   192.0.2.5"
        "       Vlanif21\n       10.1.0.0/24"))
    assert ecmp.default_next_hops == ["192.0.2.1", "192.0.2.5"]


def test_a_table_indented_by_the_capture_tool_without_its_header_still_reads() -> None:
    body = IOS_TABLE.split("\n", 2)[2]  # no "Gateway of last resort" line
    indented = "\n".join(f"  {line}" if line else line for line in body.split("\n"))
    routes = _routes("cisco_ios", "show ip route", indented)
    assert routes.total == 7 and routes.default_route is True


def test_a_vrf_table_names_its_vrf_from_the_output_or_the_command() -> None:
    titled = "Routing Table: CUST-A\n" + IOS_TABLE
    assert _routes("cisco_ios", "sh ip ro vrf CUST-A", titled).vrf == "CUST-A"
    comware = ("Destinations : 1        Routes : 1\n\n"
               "Destination/Mask   Proto   Pre Cost        NextHop         Interface\n"
               "0.0.0.0/0          BGP     255 0           10.255.1.1      GE0/0\n")
    assert _routes("hp_comware", "dis ip rou vpn-instance branch", comware).vrf == "branch"
    assert _routes("hp_comware", "dis ip rou", comware).vrf is None


def test_another_table_under_the_command_fails_with_a_reason() -> None:
    """An IPv6 table (next hops on their own lines) is no IPv4 table with no route."""
    ipv6 = ("IPv6 Routing Table - default - 2 entries\n"
            "C   2001:DB8:1::/64 [0/0]\n     via Vlan10, directly connected\n"
            "D   2001:DB8:2::/64 [90/10752]\n     via FE80::2, Vlan10\n")
    parsed, = parse("cisco_ios", "show ip route", ipv6)
    assert parsed.status == "failed"
    assert "no route line" in parsed.reason


BGP_ALL = """\
For address family: IPv4 Unicast
BGP router identifier 10.0.0.1, local AS number 65001
BGP table version is 40, main routing table version 40

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.0.0.2        4        65001    2210    2201       40    0    0 1d02h          12
10.0.0.9        4        65009       0       0        1    0    0 00:04:10 Active

For address family: IPv6 Unicast
BGP router identifier 10.0.0.1, local AS number 65001
BGP table version is 7, main routing table version 7

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
2001:DB8:FFFF:FFFF::2
                4        65001    2205    2199        7    0    0 1d02h           3
"""


def test_a_peer_not_established_in_any_address_family_is_judged() -> None:
    device = Device(name="sw1", platform="cisco_ios", role="core")
    snap = build_cli_snapshot(device, [Capture(device="sw1", command="sh bgp all sum",
                                               output=BGP_ALL)])
    assert snap.sessions.status == FamilyStatus.OK
    by_peer = {(s.peer, s.address_family): s for s in snap.sessions.data or []}
    assert by_peer["10.0.0.2", "ipv4 unicast"].prefixes_received == 12
    assert by_peer["2001:DB8:FFFF:FFFF::2", "ipv6 unicast"].established
    assert by_peer["10.0.0.9", "ipv4 unicast"].state == "active"
    finding = check("protocols.bgp", snap, outputs={"show bgp all summary": BGP_ALL})
    assert finding is not None and finding.is_problem
    assert finding.severity == "major"  # 二级
    failing = [r.subject for r in finding.readings if r.severity is not None]
    assert failing == ["10.0.0.9"]


def test_a_vrf_table_is_not_compared_with_the_global_one() -> None:
    """A log that held `sh ip ro vrf Mgmt-vrf` last month and `sh ip ro` now: two tables."""
    from tests.unit.test_checks import snapshot  # noqa: PLC0415

    mgmt = Routes(total=3, by_protocol={"static": 1, "connected": 2}, default_route=True,
                  vrf="Mgmt-vrf")
    full = Routes(total=900, by_protocol={"ospf": 880, "connected": 20}, default_route=True)
    finding = check("routes.count_change", snapshot(routes=full),
                    previous=snapshot(routes=mgmt))
    assert finding is not None and finding.not_checked_reason is not None
    assert "Mgmt-vrf" in finding.not_checked_reason
    same = check("routes.count_change", snapshot(routes=full),
                 previous=snapshot(routes=full.model_copy(update={"total": 300})))
    assert same is not None and same.is_problem
