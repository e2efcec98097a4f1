"""A whole monthly run: mixed lab devices from the inventory to every report.

400 SSH devices (clones of the lab's profiles, served by bench/labserver.py in a process of
its own, 100 ms per command), 80 SNMP devices (the lab room's UPS units, sensors, switch
and array, round robin, one snmpsim agent) and 20 BMCs (all the lab's ipmi_sim, as servers
of one model would be) are written into one inventory file. One process then goes through
the stages of `inspector run` one after another, as a user's run does: load the inventory,
collect, parse and check (`finish_run`: bundle, commands.log, results.json). Each report
format is then rendered from the run folder in a fresh process (`render_reports` with that
format alone). Per stage: wall time, CPU seconds (the stage's child processes included:
collecting processes, parsing processes, the PDF's rendering processes) and peak RSS (the
stage's process, and its largest child).

    .venv/bin/python bench/monthly.py [--ssh 400] [--snmp 80] [--bmc 20] [--workers 100]
    BENCH_QUICK=1 .venv/bin/python bench/monthly.py     # 40 + 8 + 2 devices
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    PASSWORD_ENV,
    fmt,
    lab_process,
    load,
    print_table,
    quick,
    run_json,
    write_results,
)

FULL = {"ssh": 400, "snmp": 80, "bmc": 20}
QUICK = {"ssh": 40, "snmp": 8, "bmc": 2}
LATENCY_S = 0.1
WORKERS = 100
FORMATS = ["html", "pdf", "xlsx", "md", "json"]
IPMI_PASSWORD_ENV = "INSPECTOR_BENCH_IPMI_PASSWORD"  # noqa: S105 - a variable's name


# --------------------------------------------------------------------------- measuring


def _rusage() -> dict[str, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_s": me.ru_utime + me.ru_stime, "rss_mib": me.ru_maxrss / 1024,
            "child_cpu_s": kids.ru_utime + kids.ru_stime, "child_rss_mib": kids.ru_maxrss / 1024}


def measured(name: str, work: Callable[[], Any], stages: list[dict[str, Any]],
             extra_cpu: Callable[[Any], float] = lambda _: 0.0) -> Any:
    """Run one stage and append its wall time, CPU seconds and peak RSS to `stages`. Peak
    RSS is the process's high-water mark so far (the stages run in order, each holding
    what the run holds at that point, as in `inspector run`)."""
    before, started = _rusage(), time.perf_counter()
    value = work()
    wall, after = time.perf_counter() - started, _rusage()
    stages.append({
        "stage": name, "wall_s": wall,
        "cpu_s": after["cpu_s"] - before["cpu_s"] + after["child_cpu_s"]
        - before["child_cpu_s"] + extra_cpu(value),
        "peak_rss_mib": after["rss_mib"],
        # The kernel keeps one figure for all children ever waited for: a stage had a
        # larger child than the stages before it only when the figure grew.
        "child_peak_rss_mib": after["child_rss_mib"]
        if after["child_rss_mib"] > before["child_rss_mib"] else None})
    print(f"  {name}: {wall:.1f} s", file=sys.stderr, flush=True)
    return value


# --------------------------------------------------------------------------- child: the run


def write_inventory(path: Path, lab: dict[str, Any], snmp_lab: Any, bmc: Any,
                    counts: dict[str, int]) -> None:
    """The mixed inventory, every secret by reference (as a customer's inventory has it)."""
    from inspector.lab.snmpagent import LAB_DEVICES  # noqa: PLC0415

    hosts: dict[str, Any] = {}
    for device in lab["devices"][:counts["ssh"]]:
        hosts[device["name"]] = {
            "host": lab["host"], "platform": device["platform"], "site": "Bench",
            "room": f"Room {len(hosts) % 8 + 1}", "transport": {"port": device["port"]}}
    for number in range(counts["snmp"]):
        device = LAB_DEVICES[number % len(LAB_DEVICES)]
        variable = "BENCH_SNMP_" + device.community.upper().replace("-", "_")
        os.environ[variable] = device.community
        hosts[f"{device.name[:10]}-s{number:03d}"] = {
            "host": snmp_lab.host, "platform": "snmp", "role": device.role,
            "model": device.model, "site": "Bench", "room": device.room,
            "snmp": {"port": snmp_lab.port, "community": f"env:{variable}", "timeout": 5,
                     "retries": 1}}
    (_, entry), = bmc.inventory_entry(password_ref=f"env:{IPMI_PASSWORD_ENV}").items()
    for number in range(counts["bmc"]):
        hosts[f"srv-nf5280-{number:03d}"] = {**entry, "site": "Bench", "room": "Room 1"}
    inventory = {
        "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}",
                     "transport": {"conn_timeout": 60, "read_timeout": 120, "retries": 0,
                                   "host_keys": "off"}},
        "hosts": hosts,
        "report": {"customer": "基准测试客户 (Benchmark)", "site": "Bench",
                   "inspection_type": "monthly"}}
    # JSON is YAML: the inventory reader takes it as it takes any YAML file.
    path.write_text(json.dumps(inventory, ensure_ascii=False, indent=1), "utf-8")


def child_run(lab: dict[str, Any], counts: dict[str, int], workers: int,
              out: Path) -> dict[str, Any]:
    from datetime import UTC, datetime  # noqa: PLC0415

    from inspector import __version__  # noqa: PLC0415
    from inspector.inventory import load_inventory  # noqa: PLC0415
    from inspector.lab.ipmisim import IpmiSim, missing_binaries  # noqa: PLC0415
    from inspector.lab.snmpagent import SnmpLab  # noqa: PLC0415
    from inspector.model import Run  # noqa: PLC0415
    from inspector.pipeline import finish_run  # noqa: PLC0415
    from inspector.runner import collect_all  # noqa: PLC0415
    from inspector.transports.registry import collector_for  # noqa: PLC0415

    if missing_binaries():
        counts = {**counts, "bmc": 0}
    stages: list[dict[str, Any]] = []
    with SnmpLab() as snmp_lab, IpmiSim() as bmc:
        os.environ[IPMI_PASSWORD_ENV] = bmc.password
        path = out / "inventory.yaml"
        write_inventory(path, lab, snmp_lab, bmc, counts)
        hosts = measured("inventory", lambda: load_inventory(path).hosts, stages)
        run = Run(run_id="monthly", mode="live", started=datetime.now(UTC),
                  tool_version=__version__)
        collection = measured(
            "collect", lambda: collect_all(hosts, workers=workers, collector_for=collector_for),
            stages, extra_cpu=lambda c: sum(cpu for cpu, _ in c.processes))
        stages[-1]["peak_rss_mib"] += sum(rss for _, rss in collection.processes)
        output = measured("parse + check",
                          lambda: finish_run(run, collection.recordings, out), stages)
    recs = collection.recordings
    return {"stages": stages, "folder": str(output.folder), "devices": len(recs),
            "failed": sum(1 for r in recs if r.error), "findings": len(output.run.findings),
            "capture_errors": sum(1 for r in recs for c in r.captures if c.error)}


def child_report(folder: Path, name: str) -> dict[str, Any]:
    from inspector.model import Run  # noqa: PLC0415
    from inspector.report import render_reports  # noqa: PLC0415

    run = Run.model_validate_json((folder / "results.json").read_text("utf-8"))
    stages: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-monthly-") as out:
        paths = measured(name, lambda: render_reports(run, Path(out), [name], lang="zh",
                                                      bundle=folder / "bundle"), stages)
        stages[0]["bytes"] = sum(p.stat().st_size for p in paths.values())
    return stages[0]


# --------------------------------------------------------------------------- driver


def run_month(counts: dict[str, int], workers: int, latency: float) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-monthly-"))
    try:
        with lab_process(counts["ssh"], latency) as lab:
            print(f"lab: {counts['ssh']} SSH devices, {latency * 1000:.0f} ms per command",
                  file=sys.stderr, flush=True)
            lab_file = work / "lab.json"
            lab_file.write_text(json.dumps(lab), "utf-8")
            load_before = load()
            got = run_json([__file__, "--child-run", str(lab_file), "--out", str(work),
                            "--counts", json.dumps(counts), "--workers", str(workers)],
                           env={PASSWORD_ENV: lab["password"]}, timeout=3600)
        got["load_before"] = load_before
        for name in FORMATS:
            got["stages"].append(run_json([__file__, "--child-report", got["folder"],
                                           "--format", name], timeout=3600))
            print(f"  report {name}: {got['stages'][-1]['wall_s']:.1f} s", file=sys.stderr,
                  flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return got


def main() -> None:
    parser = argparse.ArgumentParser(description="A whole monthly run, stage by stage")
    for kind, default in FULL.items():
        parser.add_argument(f"--{kind}", type=int, help=f"{kind} devices (default {default})")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--latency", type=float, default=LATENCY_S, help="s per SSH command")
    parser.add_argument("--child-run", help=argparse.SUPPRESS)
    parser.add_argument("--child-report", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--counts", help=argparse.SUPPRESS)
    parser.add_argument("--format", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_run:
        lab = json.loads(Path(args.child_run).read_text("utf-8"))
        print(json.dumps(child_run(lab, json.loads(args.counts), args.workers,
                                   Path(args.out))))
        return
    if args.child_report:
        print(json.dumps(child_report(Path(args.child_report), args.format)))
        return
    base = QUICK if quick() else FULL
    counts = {kind: getattr(args, kind) if getattr(args, kind) is not None else n
              for kind, n in base.items()}
    started = time.perf_counter()
    got = run_month(counts, args.workers, args.latency)
    total = sum(s["wall_s"] for s in got["stages"])
    table = [[s["stage"], fmt(s["wall_s"], 1), fmt(s["cpu_s"], 1), fmt(s["peak_rss_mib"], 0),
              fmt(s["child_peak_rss_mib"], 0)] for s in got["stages"]]
    table.append(["all stages", fmt(total, 1), fmt(sum(s["cpu_s"] for s in got["stages"]), 1),
                  "", ""])
    notes = [f"devices: {counts['ssh']} SSH ({args.latency * 1000:.0f} ms per command), "
             f"{counts['snmp']} SNMP, {counts['bmc']} BMC (IPMI); {args.workers} workers; "
             f"{got['devices']} collected, {got['failed']} failed, {got['capture_errors']} "
             f"capture errors, {got['findings']} findings",
             "CPU: the stage's processes together; peak RSS: the stage's process (collect: "
             "with its collecting processes) and its largest child (parsing or PDF "
             "processes; '-': none larger than an earlier stage's); each report format "
             "rendered alone in a fresh process",
             f"load before: {got['load_before']}; benchmark took "
             f"{time.perf_counter() - started:.0f} s"]
    print_table("monthly run, stage by stage", ["stage", "wall s", "CPU s", "peak RSS MiB",
                                                "largest child MiB"], table, notes)
    path = write_results("monthly", {"counts": counts, "workers": args.workers,
                                     "latency_s": args.latency, **got})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
