"""Full routing tables: how long `show ip route` / `display ip routing-table` of N routes takes
to parse into the route metrics (counts by protocol, default route and its next hops).

Each table is generated in the vendor's layout: a third of the routes learned over two next
hops (one continuation line each, as IOS and VRP print ECMP), the rest over one, a default
route over two. The time is `parse()` on the whole output (cleaning, template, normalizer),
the template already compiled, best of three.

    .venv/bin/python bench/routes.py [--routes 100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import fmt, load, print_table, quick, usage, write_results

from inspector.model import Routes
from inspector.parsing.parse import parse


def _prefix(n: int) -> str:
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}/32"


def _paths(routes: int) -> int:
    """Routes with their extra next hops: the default's and every third route's."""
    return routes + 1 + (routes - 1 + 2) // 3


def ios_table(routes: int) -> str:
    lines = ["Gateway of last resort is 192.0.2.1 to network 0.0.0.0", "",
             "S*    0.0.0.0/0 [1/0] via 192.0.2.1", "                [1/0] via 192.0.2.5",
             f"      10.0.0.0/8 is variably subnetted, {routes} subnets, 1 masks"]
    for n in range(routes - 1):
        if n % 3 == 0:
            lines += [f"O E2     {_prefix(n)} [110/20] via 10.255.0.2, 1w2d, Vlan10",
                      "                     [110/20] via 10.255.0.6, 1w2d, Vlan11"]
        else:
            lines.append(f"B        {_prefix(n)} [20/0] via 192.0.2.{n % 250 + 1}, 3d01h")
    return "\n".join(lines) + "\n"


def vrp_table(routes: int) -> str:
    lines = ["Route Flags: R - relay, D - download to fib", "-" * 78,
             "Routing Tables: Public",
             f"         Destinations : {routes}        Routes : {_paths(routes)}", "",
             "Destination/Mask    Proto   Pre  Cost      Flags NextHop         Interface", "",
             "        0.0.0.0/0   Static  60   0          RD   192.0.2.1       Vlanif20",
             "                    Static  60   0          RD   192.0.2.5       Vlanif21"]
    for n in range(routes - 1):
        lines.append(f"{_prefix(n):>18}  OSPF    10   2           D   10.255.0.2      Vlanif10")
        if n % 3 == 0:
            lines.append(f"{'':>18}  OSPF    10   2           D   10.255.0.6      Vlanif11")
    return "\n".join(lines) + "\n"


def comware_table(routes: int) -> str:
    lines = [f"Destinations : {routes}        Routes : {_paths(routes)}", "",
             "Destination/Mask   Proto   Pre Cost        NextHop         Interface",
             "0.0.0.0/0          Static  60  0           192.0.2.1       GE1/0/1",
             "                                           192.0.2.5       GE1/0/2"]
    for n in range(routes - 1):
        lines.append(f"{_prefix(n):<18} O_INTRA 10  2           10.255.0.2      Vlan10")
        if n % 3 == 0:
            lines.append(f"{'':<43}10.255.0.6      Vlan11")
    return "\n".join(lines) + "\n"


TABLES: dict[str, tuple[str, Callable[[int], str]]] = {
    "cisco_ios": ("show ip route", ios_table),
    "huawei_vrp": ("display ip routing-table", vrp_table),
    "hp_comware": ("display ip routing-table", comware_table),
}


def measure(platform: str, routes: int) -> dict[str, object]:
    command, make = TABLES[platform]
    output = make(routes)
    parse(platform, command, make(10))  # compile the template
    best = float("inf")
    result = None
    for _ in range(3):
        started = time.perf_counter()
        parsed = parse(platform, command, output)
        best = min(best, time.perf_counter() - started)
        result = parsed[0]
    assert result is not None and result.status == "ok", result and result.reason
    assert isinstance(result.normalized, Routes)
    return {"platform": platform, "routes": routes, "bytes": len(output.encode()),
            "seconds": round(best, 3), "routes_per_s": round(routes / best),
            "total": result.normalized.total,
            "counted": sum(result.normalized.by_protocol.values()),
            "default_next_hops": result.normalized.default_next_hops,
            # Over the parse stage's output cap only the first part is read (and said so).
            "truncated": result.truncated}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--routes", type=int, default=10_000 if quick() else 100_000)
    args = parser.parse_args()
    results = [measure(platform, args.routes) for platform in TABLES]
    rows = [[r["platform"], r["routes"], f"{int(r['bytes']) / 2**20:.1f} MiB",  # type: ignore[call-overload]
             fmt(r["seconds"], 3), r["routes_per_s"], r["total"], r["counted"],  # type: ignore[arg-type]
             "yes" if r["truncated"] else "no"]
            for r in results]
    print_table(f"Full routing table of {args.routes} routes: parse()",
                ["platform", "routes", "output", "seconds", "routes/s", "total (printed)",
                 "paths read", "cut at the cap"], rows,
                notes=[f"peak RSS {usage()['peak_rss_mib']:.0f} MiB; load average "
                       f"{load():.1f} (timings grow with it)"])
    path = write_results("routes", {"routes": args.routes, "results": results, **usage()})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
