"""Every performance target beside its goal, this run's figure and the last one measured.

Run last by `make bench`: reads what the other scripts wrote (bench/results/*.json),
prints one table, and keeps this run's figures in bench/results/targets.json, whose
previous content is the "last" column. A target whose benchmark did not run (or ran a
smaller matrix, BENCH_QUICK=1) says "not measured".

    .venv/bin/python bench/targets.py

A target is one row of TARGETS: its name, the goal as text, how to read the figure from
the results, and whether lower or higher is better.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RESULTS, fmt, print_table, write_results

Results = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Target:
    name: str
    source: str  # the results file (bench/results/<source>.json)
    goal: float
    unit: str
    read: Callable[[Results], float | None]
    lower_is_better: bool = True
    digits: int = 2

    def met(self, value: float | None) -> str:
        if value is None:
            return "-"
        ok = value <= self.goal if self.lower_is_better else value >= self.goal
        return "met" if ok else "NOT MET"

    def goal_text(self) -> str:
        return f"{'≤' if self.lower_is_better else '≥'} {self.goal:g}{self.unit}"


def _case(results: Results, devices: int, latency_ms: int, workers: int,
          key: str) -> float | None:
    for case in results.get("collection", {}).get("cases", []):
        if (case.get("devices"), case.get("latency_ms"), case.get("workers")) == (
                devices, latency_ms, workers):
            value = case.get(key)
            return float(value) if value is not None else None
    return None


def _best_case(results: Results, latency_ms: int, workers: int, key: str) -> float | None:
    """The figure of the largest run at that latency and worker count."""
    cases = [c for c in results.get("collection", {}).get("cases", [])
             if (c.get("latency_ms"), c.get("workers")) == (latency_ms, workers)]
    if not cases:
        return None
    value = max(cases, key=lambda c: c.get("devices", 0)).get(key)
    return float(value) if value is not None else None


def _mixed(results: Results, key: str) -> float | None:
    mixed = results.get("collection", {}).get("mixed") or {}
    value = mixed.get(key)
    return float(value) if value is not None else None


def _report(results: Results, devices: int, fmt_name: str, key: str) -> float | None:
    for case in results.get("reports", {}).get("cases", []):
        if (case.get("devices"), case.get("format")) == (devices, fmt_name):
            value = case.get(key)
            return float(value) if value is not None else None
    return None


def _parsing(results: Results, tool: str, key: str) -> float | None:
    for run in results.get("parsing", {}).get("runs", []):
        if run.get("tool") == tool:
            value = run.get(key)
            return float(value) if value is not None else None
    return None


def _equal_work_ratio(results: Results) -> float | None:
    """inspector import-log's speed over net-inspect's when both parse every output."""
    ours = _parsing(results, "inspector import-log", "elapsed_s")
    peer = _parsing(results, "net-inspect 1.5, all parsed", "elapsed_s")
    return peer / ours if ours and peer else None


def _parse_only_ratio(results: Results) -> float | None:
    """The same, inspector reading the bundle and parsing every output without checking or
    writing anything: the work net-inspect's figure does."""
    ours = _parsing(results, "inspector parse only", "elapsed_s")
    peer = _parsing(results, "net-inspect 1.5, all parsed", "elapsed_s")
    return peer / ours if ours and peer else None


def _field_lead(results: Results) -> float | None:
    ours = _parsing(results, "inspector import-log", "correct")
    peer = _parsing(results, "net-inspect 1.5", "correct")
    return ours - peer if ours is not None and peer is not None else None


def _fleet_miscounted(results: Results) -> float | None:
    """Devices of the 10 × 50 fleet run (one worker killed) missing or counted twice."""
    fleet = results.get("fleet", {})
    if (fleet.get("sites"), fleet.get("devices_per_site")) != (10, 50):
        return None
    count = fleet.get("devices") or {}
    if "missed" not in count:
        return None
    return float(count["missed"] + count["twice"] + count["extra"])


TARGETS: list[Target] = [
    Target("SNMP: collector CPU per device (lab UPS/probe profiles)", "collection", 0.05, " s",
           lambda r: _mixed(r, "snmp_cpu_s_per_device"), digits=3),
    Target("mixed SSH + SNMP + IPMI run: efficiency", "collection", 0.7, "",
           lambda r: _mixed(r, "efficiency"), lower_is_better=False),
    Target("collection efficiency, 1000 devices / 200 workers / 300 ms", "collection", 0.9, "",
           lambda r: _case(r, 1000, 300, 200, "efficiency"), lower_is_better=False),
    Target("collection efficiency at 50 ms / 200 workers (largest run)", "collection", 0.7, "",
           lambda r: _best_case(r, 50, 200, "efficiency"), lower_is_better=False),
    Target("collection peak RSS, 1000 devices", "collection", 1024, " MiB",
           lambda r: _case(r, 1000, 300, 200, "peak_rss_mib_collect"), digits=0),
    Target("collector CPU per SSH device, 1000 devices", "collection", 0.05, " s",
           lambda r: _case(r, 1000, 300, 200, "cpu_s_per_device"), digits=3),
    Target("PDF, 300 devices: time", "reports", 25, " s",
           lambda r: _report(r, 300, "pdf", "elapsed_s"), digits=1),
    Target("PDF, 1000 devices: time", "reports", 60, " s",
           lambda r: _report(r, 1000, "pdf", "elapsed_s"), digits=1),
    # The parent and its rendering children together (two at once): what the machine needs.
    Target("PDF, 1000 devices: peak RSS", "reports", 800, " MiB",
           lambda r: _report(r, 1000, "pdf", "peak_rss_mib_total"), digits=0),
    Target("parsing at equal work: speed against net-inspect", "parsing", 0.9, "×",
           _equal_work_ratio, lower_is_better=False),
    Target("parsing alone (no checks, nothing written): speed against net-inspect", "parsing",
           0.9, "×", _parse_only_ratio, lower_is_better=False),
    Target("parsing: correct fields ahead of net-inspect", "parsing", 1, "",
           _field_lead, lower_is_better=False, digits=0),
    Target("fleet 10 sites × 50, a worker killed: devices missed or counted twice", "fleet",
           0, "", _fleet_miscounted, digits=0),
]


def load_results() -> Results:
    found: Results = {}
    for path in sorted(RESULTS.glob("*.json")):
        if path.stem == "targets":
            continue
        try:
            found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a benchmark that died half-way: its targets are not measured
    return found


# The figures docs/scaling.md quoted before these targets were tracked here: the "last"
# column until a run of this script has saved its own.
DOCUMENTED_ON = "2026-12-05"
DOCUMENTED = {
    "SNMP: collector CPU per device (lab UPS/probe profiles)": 0.4,
    "mixed SSH + SNMP + IPMI run: efficiency": 0.25,
    "collection efficiency, 1000 devices / 200 workers / 300 ms": 0.81,
    "collection efficiency at 50 ms / 200 workers (largest run)": 0.44,
    "collection peak RSS, 1000 devices": 467,
    "collector CPU per SSH device, 1000 devices": 0.028,
    "PDF, 300 devices: time": 42.8,
    "parsing at equal work: speed against net-inspect": 0.93,
    "parsing: correct fields ahead of net-inspect": 300,
}


def _last() -> dict[str, Any]:
    try:
        saved = json.loads((RESULTS / "targets.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {name: {"value": value, "date": DOCUMENTED_ON}
                for name, value in DOCUMENTED.items()}
    return {row["target"]: row for row in saved.get("targets", [])}


def _measured_on(results: Results, source: str) -> str:
    return str(results.get(source, {}).get("machine", {}).get("date", "-"))[:10]


def main() -> None:
    results = load_results()
    last = _last()
    rows, table = [], []
    for target in TARGETS:
        value = target.read(results)
        before = last.get(target.name, {})
        on = _measured_on(results, target.source) if value is not None else "-"
        # Not measured this time: the saved figure stays the last one known.
        rows.append({"target": target.name, "goal": target.goal_text(),
                     "value": before.get("value") if value is None else value,
                     "date": before.get("date", "-") if value is None else on})
        table.append([target.name, target.goal_text(),
                      "not measured" if value is None else fmt(value, target.digits),
                      target.met(value), on, fmt(before.get("value"), target.digits),
                      before.get("date", "-")])
    machine = next((r["machine"] for r in results.values() if "machine" in r), {})
    notes = [f"machine: {machine.get('processor', '?')}, {machine.get('cpus', '?')} cores, "
             f"Python {machine.get('python', '?')}" if machine else "no results yet",
             "measured on: the date of the benchmark's results file; last: the figures "
             "kept by the previous run of this script (bench/results/targets.json)",
             "CPU seconds are steadier than wall time on a shared machine; efficiencies "
             "and times assume the machine was otherwise idle (see each table's load)"]
    print_table("targets", ["target", "goal", "measured", "", "measured on", "last",
                            "last on"], table, notes)
    write_results("targets", {"targets": rows})


if __name__ == "__main__":
    main()
