"""Collection over SSH: N simulated devices, per-command latency, worker counts.

The lab runs in its own process (bench/labserver.py); every collection runs in a fresh
child process, so its CPU time and peak RSS are the collector's alone. Per run: wall time
of `collect_all`, the ideal wall time ceil(N / workers) x the mean single-device session
time at that latency (each lab profile collected alone, one after another), efficiency =
ideal / actual, collector CPU seconds per device, peak RSS, and the time `finish_run`
(bundle, parsing, checks, results.json) then takes. Then one mixed run: the SSH lab's
devices with SNMP devices (snmpsim) and BMCs (ipmi_sim) in the same worker pool.

    .venv/bin/python bench/collection.py                  # the matrix that fits make bench
    .venv/bin/python bench/collection.py --full           # N 100/500/1000 x 50/300 ms x 50/100/200
    .venv/bin/python bench/collection.py --case 200:0.1:100   # one case: N:latency:workers
    .venv/bin/python bench/collection.py --no-mixed           # without the mixed run
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    PASSWORD_ENV,
    fmt,
    lab_process,
    load,
    print_table,
    process_cpu_s,
    quick,
    run_json,
    usage,
    write_results,
)

# (N, latency s, workers): what `make bench` runs on a 2-core machine in its time budget.
DEFAULT_CASES = [
    (200, 0.1, 100),  # the acceptance case: well under a minute
    (100, 0.05, 50), (100, 0.05, 100),
    (500, 0.05, 200),
    (100, 0.3, 50), (100, 0.3, 100),
    (500, 0.3, 200),
    (1000, 0.3, 200),  # the efficiency target
]
FULL_CASES = [(n, lat, w) for lat in (0.05, 0.3) for n in (100, 500, 1000)
              for w in (50, 100, 200)] + [(200, 0.1, 100)]
QUICK_CASES = [(20, 0.05, 10), (40, 0.05, 20)]
# finish_run (parse, check, write the run folder) after this case only: it costs ~0.05 s
# of CPU per device, which the 1000-device cases cannot afford inside make bench.
FINISH_CASE = (200, 0.1, 100)


# --------------------------------------------------------------------------- child side


def _hosts(lab: dict[str, Any], limit: int | None = None) -> list[Any]:
    from inspector.inventory import Host, Transport  # noqa: PLC0415

    devices = lab["devices"][:limit] if limit else lab["devices"]
    # Host keys: the default (trust on first use), in a known_hosts of this run's own: the
    # lab makes a new key each start and the OS may hand out a port again.
    options: dict[str, Any] = {}
    if "known_hosts" in Transport.model_fields:
        options["known_hosts"] = Path(tempfile.mkdtemp(prefix="bench-kh-")) / "known_hosts"
    return [Host(name=d["name"], host=lab["host"], platform=d["platform"],
                 username="inspector", password=f"env:{PASSWORD_ENV}",
                 transport=Transport(port=d["port"], retries=0, conn_timeout=60,
                                     read_timeout=120, **options))
            for d in devices]


def child_single(lab: dict[str, Any], repeat: int) -> dict[str, Any]:
    """Each lab profile's first clone collected alone (its own session, the 8 profiles side
    by side: 8 mostly idle sessions do not load 2 cores), `repeat` times."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    from inspector.transports.registry import collector_for  # noqa: PLC0415

    first: dict[str, Any] = {}
    for host, d in zip(_hosts(lab), lab["devices"], strict=True):
        first.setdefault(d["profile"], host)

    def timed(host: Any) -> float:
        started = time.perf_counter()
        rec = collector_for(host.platform)(host)
        if rec.error or any(c.error for c in rec.captures):
            raise RuntimeError(f"{host.name}: {rec.error or 'capture errors'}")
        return time.perf_counter() - started

    times: dict[str, list[float]] = {}
    with ThreadPoolExecutor(max_workers=len(first)) as pool:
        for _ in range(repeat):
            for profile, took in zip(first, pool.map(timed, first.values()), strict=True):
                times.setdefault(profile, []).append(took)
    per_profile = {p: statistics.mean(t) for p, t in times.items()}
    return {"per_profile_s": per_profile, "mean_s": statistics.mean(per_profile.values()),
            "max_s": max(per_profile.values())}


def child_collect(lab: dict[str, Any], workers: int, finish: bool) -> dict[str, Any]:
    from inspector import __version__  # noqa: PLC0415
    from inspector.model import Run  # noqa: PLC0415
    from inspector.pipeline import finish_run  # noqa: PLC0415
    from inspector.runner import collect_all, default_processes  # noqa: PLC0415
    from inspector.transports.registry import collector_for  # noqa: PLC0415

    hosts = _hosts(lab)
    before = usage()
    started = time.perf_counter()
    collection = collect_all(hosts, workers=workers, collector_for=collector_for)
    wall = time.perf_counter() - started
    after = usage()
    recs = collection.recordings
    # A split run's collecting processes report their own CPU time and peak RSS: the
    # total is this process's plus theirs (their memory is in use at the same time).
    result: dict[str, Any] = {
        "devices": len(recs), "wall_s": wall,
        "processes": max(1, len(collection.processes)),
        "auto_processes": default_processes(len(hosts), workers),
        "cpu_s": after["cpu_s"] - before["cpu_s"] + sum(c for c, _ in collection.processes),
        "peak_rss_mib_collect": after["peak_rss_mib"]
        + sum(r for _, r in collection.processes),
        "unreachable": sum(1 for r in recs if r.error),
        "capture_errors": sum(1 for r in recs for c in r.captures if c.error),
        "captures": sum(len(r.captures) for r in recs),
        # The first few failures as recorded: a stall shows its reason (and what was read
        # last) here rather than only as a slow case.
        "error_samples": [f"{r.device.name}: {r.error}" for r in recs if r.error][:5]
        + [f"{r.device.name}: {c.command}: {c.error}" for r in recs for c in r.captures
           if c.error][:10],
        "output_mib": sum(len(c.output) for r in recs for c in r.captures) / 2**20,
    }
    if finish:
        with tempfile.TemporaryDirectory(prefix="bench-collect-") as out:
            run = Run(run_id="bench", mode="live", started=datetime.now(UTC),
                      tool_version=__version__)
            started = time.perf_counter()
            finish_run(run, recs, Path(out))
            result["finish_s"] = time.perf_counter() - started
        result["peak_rss_mib"] = usage()["peak_rss_mib"] + sum(r for _, r in collection.processes)
        result["cpu_s_total"] = usage()["cpu_s"] + sum(c for c, _ in collection.processes)
    return result


def _mixed_hosts(snmp_lab: Any, bmc: Any, snmp_count: int, ipmi_count: int) -> list[Any]:
    """SNMP clones of the lab room's devices (round robin over its communities) and BMC
    clones (every one the same ipmi_sim, as several servers of one model would be)."""
    from inspector.inventory import Host, SnmpOptions  # noqa: PLC0415
    from inspector.lab.snmpagent import LAB_DEVICES  # noqa: PLC0415

    hosts = []
    for number in range(snmp_count):
        device = LAB_DEVICES[number % len(LAB_DEVICES)]
        variable = "BENCH_SNMP_" + device.community.upper().replace("-", "_")
        os.environ[variable] = device.community  # secrets by reference, as in an inventory
        hosts.append(Host(name=f"{device.name}-{number:03d}", host=snmp_lab.host,
                          platform="snmp", role=device.role, snmp=SnmpOptions(
                              port=snmp_lab.port, community=f"env:{variable}", timeout=5,
                              retries=1)))
    (name, entry), = bmc.inventory_entry().items()
    hosts += [Host.model_validate({**entry, "name": f"{name}-{n:02d}"})
              for n in range(ipmi_count)]
    return hosts


def _snmp_cpu_per_device(hosts: list[Any]) -> float:
    """The collector's CPU seconds per SNMP device, the devices collected one after another
    (the issue's target: 0.05 s for the lab's UPS and probe profiles)."""
    from inspector.transports.registry import collector_for  # noqa: PLC0415

    before = usage()["cpu_s"]
    for host in hosts:
        collector_for(host.platform)(host, None)
    return (usage()["cpu_s"] - before) / max(1, len(hosts))


def child_mixed(lab: dict[str, Any], workers: int, snmp_count: int,
                ipmi_count: int) -> dict[str, Any]:
    """The SSH lab's devices plus SNMP devices (snmpsim) and BMCs (ipmi_sim) in one run:
    each kind's session alone first, then everything at once."""
    from inspector.lab.ipmisim import IpmiSim, missing_binaries  # noqa: PLC0415
    from inspector.lab.snmpagent import SnmpLab  # noqa: PLC0415
    from inspector.runner import collect_all  # noqa: PLC0415
    from inspector.transports.registry import collector_for  # noqa: PLC0415

    if missing_binaries():
        ipmi_count = 0
    with SnmpLab() as snmp_lab, IpmiSim() as bmc:
        os.environ["INSPECTOR_LAB_IPMI_PASSWORD"] = bmc.password
        others = _mixed_hosts(snmp_lab, bmc, snmp_count, ipmi_count)
        alone: dict[str, list[float]] = {}
        for host in others[:5] + others[snmp_count:snmp_count + 1]:
            started = time.perf_counter()
            rec = collector_for(host.platform)(host, None)
            if rec.error:
                raise RuntimeError(f"{host.name}: {rec.error}")
            alone.setdefault(host.platform, []).append(time.perf_counter() - started)
        snmp_cpu = _snmp_cpu_per_device(others[:snmp_count])
        hosts = _hosts(lab) + others
        before = usage()
        started = time.perf_counter()
        collection = collect_all(hosts, workers=workers, collector_for=collector_for)
        wall = time.perf_counter() - started
        after = usage()
    kinds = {h.name: h.platform if h.platform in ("snmp", "ipmi") else "ssh" for h in hosts}
    errors: dict[str, int] = {}
    spans: dict[str, list[float]] = {}
    for rec in collection.recordings:
        kind = kinds[rec.device.name]
        bad = rec.error is not None or any(c.error for c in rec.captures)
        errors[kind] = errors.get(kind, 0) + bad
        stamps = [t for c in rec.captures for t in (c.started, c.ended) if t is not None]
        if stamps:
            spans.setdefault(kind, []).append((max(stamps) - min(stamps)).total_seconds())
    return {"devices": len(hosts), "wall_s": wall, "snmp_cpu_s_per_device": snmp_cpu,
            "counts": {k: sum(1 for v in kinds.values() if v == k) for k in set(kinds.values())},
            "alone_s": {k: statistics.mean(v) for k, v in alone.items()},
            "errors": errors, "processes": max(1, len(collection.processes)),
            # First command to last answer of each device, by kind, during the run.
            "in_run_s": {k: {"mean": statistics.mean(v), "max": max(v)}
                         for k, v in spans.items()},
            "cpu_s": after["cpu_s"] - before["cpu_s"] + sum(c for c, _ in collection.processes),
            "peak_rss_mib": after["peak_rss_mib"] + sum(r for _, r in collection.processes)}


# --------------------------------------------------------------------------- driver


def _child(args: list[str], lab: dict[str, Any], timeout: float = 1200) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(lab, handle)
    try:
        return run_json([__file__, "--lab", handle.name, *args],
                        env={PASSWORD_ENV: lab["password"]}, timeout=timeout)
    finally:
        Path(handle.name).unlink()


def run_cases(cases: list[tuple[int, float, int]], finish: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    single: dict[float, dict[str, Any]] = {}
    by_lab: dict[tuple[int, float], list[int]] = {}
    for n, latency, workers in cases:
        by_lab.setdefault((n, latency), []).append(workers)
    for (n, latency), worker_counts in by_lab.items():
        with lab_process(n, latency) as lab:
            print(f"lab: {n} devices, {latency * 1000:.0f} ms per command, "
                  f"started in {lab['startup_s']:.1f} s", file=sys.stderr, flush=True)
            if latency not in single:
                single[latency] = _child(["--single", "2"], lab)
            session = single[latency]["mean_s"]
            for workers in worker_counts:
                lab_cpu, load_before = process_cpu_s(lab["pid"]), load()
                got = _child(["--workers", str(workers)]
                             + (["--finish"] if finish and (n, latency, workers) == FINISH_CASE
                                else []), lab)
                lab_cpu_after = process_cpu_s(lab["pid"])
                got["lab_cpu_s"] = None if lab_cpu is None or lab_cpu_after is None else \
                    lab_cpu_after - lab_cpu
                got["load_before"], got["load_after"] = load_before, load()
                ideal = math.ceil(n / workers) * session
                row = {"devices": n, "latency_ms": round(latency * 1000), "workers": workers,
                       "session_s": session, "ideal_s": ideal,
                       "efficiency": ideal / got["wall_s"],
                       "cpu_s_per_device": got["cpu_s"] / n, **got}
                rows.append(row)
                print(f"  workers {workers}: {got['wall_s']:.1f} s (ideal {ideal:.1f} s), "
                      f"{got['unreachable']} unreachable, {got['capture_errors']} capture "
                      f"errors", file=sys.stderr, flush=True)
    return rows


# The mixed run: SSH devices at 100 ms per command, SNMP devices, BMCs, one worker pool.
MIXED = {"ssh": 200, "latency": 0.1, "snmp": 50, "ipmi": 4, "workers": 100}
QUICK_MIXED = {"ssh": 20, "latency": 0.05, "snmp": 10, "ipmi": 2, "workers": 20}


def run_mixed(case: dict[str, Any]) -> dict[str, Any]:
    with lab_process(case["ssh"], case["latency"]) as lab:
        ssh_alone = _child(["--single", "2"], lab)["mean_s"]
        got = _child(["--mixed", f"{case['workers']}:{case['snmp']}:{case['ipmi']}"], lab)
    alone = {**got["alone_s"], "ssh": ssh_alone}
    total = sum(alone[kind] * count for kind, count in got["counts"].items())
    # No schedule beats the longest single session, nor the total session time spread
    # evenly over the workers.
    got["ideal_s"] = max(*alone.values(), total / case["workers"])
    got["efficiency"] = got["ideal_s"] / got["wall_s"]
    got["alone_s"] = alone
    print(f"  mixed: {got['wall_s']:.1f} s (ideal {got['ideal_s']:.1f} s), errors "
          f"{got['errors']}", file=sys.stderr, flush=True)
    return {**case, **got}


def print_mixed(row: dict[str, Any]) -> None:
    columns = ["SSH", "SNMP", "IPMI", "workers", "procs", "wall s", "ideal s", "efficiency",
               "session alone s (ssh/snmp/ipmi)", "CPU s/device", "SNMP CPU s/device",
               "peak RSS MiB", "errors"]
    counts, alone = row["counts"], row["alone_s"]
    table = [[counts.get("ssh", 0), counts.get("snmp", 0), counts.get("ipmi", 0),
              row["workers"], row["processes"], fmt(row["wall_s"], 1), fmt(row["ideal_s"], 1),
              fmt(row["efficiency"]),
              "/".join(fmt(alone.get(k)) for k in ("ssh", "snmp", "ipmi")),
              fmt(row["cpu_s"] / row["devices"], 3),
              fmt(row.get("snmp_cpu_s_per_device"), 3), fmt(row["peak_rss_mib"], 0),
              sum(row["errors"].values())]]
    notes = [f"SSH devices at {row['latency'] * 1000:.0f} ms per command; SNMP: the lab "
             "room's 5 devices cloned (snmpsim); IPMI: clones of the lab BMC (ipmi_sim)",
             "ideal = max(longest single session, sum of all sessions alone / workers)",
             "SNMP CPU s/device: the collector's CPU seconds per SNMP device, collected one "
             "after another before the mixed run"]
    print_table("collection, mixed SSH + SNMP + IPMI", columns, table, notes)


def main() -> None:
    parser = argparse.ArgumentParser(description="Collection benchmark")
    parser.add_argument("--full", action="store_true", help="the whole matrix")
    parser.add_argument("--case", action="append", default=[], help="N:latency_s:workers")
    parser.add_argument("--no-finish", action="store_true",
                        help="skip finish_run (parsing, checks, bundle) after collection")
    parser.add_argument("--lab", help=argparse.SUPPRESS)
    parser.add_argument("--single", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--finish", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mixed", help=argparse.SUPPRESS)
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed run")
    args = parser.parse_args()
    if args.lab:  # child
        lab = json.loads(Path(args.lab).read_text())
        if args.mixed:
            workers, snmp, ipmi = (int(v) for v in args.mixed.split(":"))
            result = child_mixed(lab, workers, snmp, ipmi)
        elif args.single:
            result = child_single(lab, args.single)
        else:
            result = child_collect(lab, args.workers, args.finish)
        print(json.dumps(result))
        return
    if args.case:
        cases = [(int(n), float(lat), int(w))
                 for n, lat, w in (c.split(":") for c in args.case)]
        scope = "cases given on the command line"
    elif args.full:
        cases, scope = FULL_CASES, "the full matrix"
    elif quick():
        cases, scope = QUICK_CASES, "BENCH_QUICK=1: a smoke-test matrix"
    else:
        cases = DEFAULT_CASES
        scope = ("reduced matrix for `make bench` (< 15 min on 2 cores); "
                 "`bench/collection.py --full` runs all of N 100/500/1000 x 50/300 ms x "
                 "workers 50/100/200")
    started = time.perf_counter()
    rows = run_cases(cases, finish=not args.no_finish)
    columns = ["devices", "latency ms", "workers", "procs", "wall s", "ideal s", "efficiency",
               "session s", "CPU s/device", "lab CPU s", "peak RSS MiB", "finish_run s",
               "load", "errors"]
    table = [[r["devices"], r["latency_ms"], r["workers"], r["processes"], fmt(r["wall_s"], 1),
              fmt(r["ideal_s"], 1), fmt(r["efficiency"]), fmt(r["session_s"]),
              fmt(r["cpu_s_per_device"], 3), fmt(r.get("lab_cpu_s"), 0),
              fmt(r.get("peak_rss_mib", r["peak_rss_mib_collect"]), 0),
              fmt(r.get("finish_s"), 1), f"{r['load_before']:g}",
              r["unreachable"] + r["capture_errors"]]
             for r in rows]
    notes = [f"scope: {scope}",
             "ideal = ceil(N / workers) x mean single-device session time at that latency "
             "(each lab profile alone); efficiency = ideal / wall",
             "procs: collecting processes (collect_all's default for that many devices "
             "and workers on this machine)",
             "wall, CPU: collect_all only, in the collecting processes; lab CPU: the simulated "
             "devices' process meanwhile (2 cores shared); peak RSS: the collecting "
             "processes' peaks added up "
             f"(after finish_run for {FINISH_CASE[0]} devices); load: 1-min load average "
             "before the run (above ~1, other work on the machine slowed it)",
             f"benchmark took {time.perf_counter() - started:.0f} s"]
    notes += [f"errors, {r['devices']} devices: {sample}" for r in rows
              for sample in r.get("error_samples", [])[:3]]
    print_table("collection (lab in a separate process)", columns, table, notes)
    mixed = None
    if not args.case and not args.no_mixed:
        mixed = run_mixed(QUICK_MIXED if quick() else MIXED)
        print_mixed(mixed)
    path = write_results("collection", {"scope": scope, "cases": rows, "mixed": mixed})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
