"""A fleet on one machine: sites of lab devices, site workers as processes, one killed.

10 sites × 50 SSH lab devices (clones of the lab's profiles, served by bench/labserver.py in
a process of its own, 100 ms per command), a real redis-server as the broker (started in a
scratch folder on a free port, tests/services.py), and a real PostgreSQL as the history when
the PostgreSQL programs are installed (else the SQLite file). Three worker processes in all
(`inspector fleet worker --site site-01 ... --site site-10`, each in a process group of its
own), each serving every site, as the issue's "3 workers" reads: collectors on jump hosts
that reach every customer's network. Each serving every site rather than the sites split
among them (each site served by two of the three) because that is the harder case for
"exactly once" and the simpler deployment: every job can go to any worker, the three share
all ten jobs as they come free (one job at a time each), and the killed worker's job goes
back to a queue the two others both consume. The central side is `inspector fleet run`, as
an operator runs it. Once the first job is under way, the worker collecting it is killed
(SIGKILL to its process group, as when its machine loses power): its job must be
redelivered to another worker and every device counted exactly once.

Measured: the fleet run's wall time, each site's job time (from its delivery's receipt),
redeliveries (attempt folders beyond one per job), the merged run's devices (each exactly
once, none unreachable), the workers' CPU seconds and peak RSS, the broker's CPU seconds.
The table goes to the terminal, the figures to bench/results/fleet.json.

    .venv/bin/python bench/fleet.py [--sites 10] [--devices 50] [--site-workers 3]
    BENCH_QUICK=1 .venv/bin/python bench/fleet.py     # 2 sites × 5 devices, 2 workers
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import (
    PASSWORD_ENV,
    PYTHON,
    ROOT,
    fmt,
    lab_process,
    load,
    print_table,
    process_cpu_s,
    quick,
    write_results,
)

from tests.services import PostgresServer, RedisServer, ServiceMissingError, redis_server

FULL = {"sites": 10, "devices": 50, "site_workers": 3}
QUICK = {"sites": 2, "devices": 5, "site_workers": 2}
LATENCY_S = 0.1
SESSIONS_PER_JOB = 32  # each site job's collecting threads (`inspector run --workers`)
DEADLINE = "30m"  # the fleet run's deadline: a failed bench ends, never hangs
READY_TIMEOUT_S = 180.0  # every worker answering a ping (on a loaded 2-core machine)
KILL_AFTER_S = 1.0  # a job's attempt folder seen: let it collect for this long, then kill
STOP_TIMEOUT_S = 60.0
# attempt-<host>-<pid>-<token>: the worker that made an attempt folder (fleet/delivery.py)
ATTEMPT = re.compile(r"^attempt-.+-(?P<pid>\d+)-[0-9a-f]+$")


# --------------------------------------------------------------------------- the inventory


def write_inventory(path: Path, lab: dict[str, Any], sites: int,
                    per_site: int) -> dict[str, str]:
    """The lab's devices, `per_site` to a site; every secret by reference. Device → site."""
    hosts: dict[str, Any] = {}
    site_of: dict[str, str] = {}
    for number, device in enumerate(lab["devices"][:sites * per_site]):
        site = f"site-{number // per_site + 1:02d}"
        site_of[device["name"]] = site
        hosts[device["name"]] = {"host": lab["host"], "platform": device["platform"],
                                 "site": site, "transport": {"port": device["port"]}}
    inventory = {
        "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}",
                     "transport": {"conn_timeout": 60, "read_timeout": 120, "retries": 0,
                                   "host_keys": "off"}},
        "hosts": hosts,
        "report": {"customer": "基准测试客户 (Benchmark)", "site": "Fleet",
                   "inspection_type": "monthly"}}
    path.write_text(json.dumps(inventory, ensure_ascii=False, indent=1), "utf-8")
    return site_of


# --------------------------------------------------------------------------- the workers


@dataclass
class Worker:
    number: int
    process: subprocess.Popen[bytes]
    killed_at_s: float | None = None
    killed_site: str | None = None  # the site of the job it was collecting when killed
    cpu_s: float | None = None
    peak_rss_mib: float | None = None


def _inspector(*args: str) -> list[str]:
    return [PYTHON, "-m", "inspector.cli", *args]


def start_workers(sites: list[str], count: int, broker: str, results: Path, work: Path,
                  password: str) -> list[Worker]:
    """`count` worker processes, each serving every site; only they hold the devices'
    password."""
    given = [arg for site in sites for arg in ("--site", site)]
    workers = []
    for number in range(count):
        spool = work / "spool" / f"worker-{number}"
        log = (work / "logs" / f"worker-{number}.log").open("ab")
        env = {**os.environ, PASSWORD_ENV: password, "INSPECTOR_BROKER": broker}
        process = subprocess.Popen(
            _inspector("fleet", "worker", *given, "--results", str(results),
                       "--spool", str(spool)),
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=ROOT, env=env,
            start_new_session=True)  # its own process group: killed with its children
        log.close()
        workers.append(Worker(number, process))
    return workers


def wait_for_workers(broker: str, workers: list[Worker]) -> float:
    """Seconds until every worker answers a ping (a fleet run sent earlier would only queue
    its jobs: the wall time measured is the run's, not the workers' start-up)."""
    from inspector.fleet.settings import make_app  # noqa: PLC0415

    app = make_app(broker)
    started = time.perf_counter()
    pids = {str(w.process.pid) for w in workers}
    while time.perf_counter() - started < READY_TIMEOUT_S:
        dead = [w for w in workers if w.process.poll() is not None]
        if dead:
            raise RuntimeError(f"worker {dead[0].number} exited with status "
                               f"{dead[0].process.returncode} while starting (logs/)")
        replies = app.control.ping(timeout=1.0) or []
        answered = {name.split("@", 1)[0].rsplit("-", 1)[-1] for reply in replies
                    for name in reply}
        if pids <= answered:
            return time.perf_counter() - started
    raise RuntimeError(f"{len(pids)} workers did not all answer within {READY_TIMEOUT_S:g} s")


def measure_workers(workers: list[Worker]) -> None:
    """CPU seconds and peak RSS of each living worker, read before it is stopped."""
    for worker in workers:
        if worker.process.poll() is None:
            worker.cpu_s = process_cpu_s(worker.process.pid)
            worker.peak_rss_mib = _peak_rss_mib(worker.process.pid)


def _peak_rss_mib(pid: int) -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def stop_workers(workers: list[Worker]) -> None:
    """A warm shutdown (SIGTERM), then SIGKILL to what is left of each process group."""
    for worker in workers:
        if worker.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for worker in workers:
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=10)


# --------------------------------------------------------------------------- the fault


@dataclass
class Killer:
    """Watches the results folder; kills the worker of the first job under way, once."""

    results: Path
    workers: list[Worker]
    started: float
    stop: threading.Event = field(default_factory=threading.Event)
    victim: Worker | None = None

    def run(self) -> None:
        by_pid = {w.process.pid: w for w in self.workers}
        while not self.stop.wait(0.1):
            for attempt in self.results.glob("*/*/*/attempt-*"):
                match = ATTEMPT.match(attempt.name)
                worker = by_pid.get(int(match["pid"])) if match else None
                if worker is None or (attempt.parent / "done.json").exists():
                    continue
                time.sleep(KILL_AFTER_S)  # mid-job: its sessions are open
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.process.pid, signal.SIGKILL)
                worker.killed_at_s = time.perf_counter() - self.started
                worker.killed_site = attempt.parent.parent.name  # <run>/<site>/<job>/attempt
                self.victim = worker
                print(f"  killed worker {worker.number} collecting {worker.killed_site} "
                      f"(pid {worker.process.pid}) "
                      f"at {worker.killed_at_s:.1f} s", file=sys.stderr, flush=True)
                return


# --------------------------------------------------------------------------- reading back


def deliveries(results: Path) -> dict[str, dict[str, Any]]:
    """Per site: its delivery's receipt and how many attempts its job took."""
    sites: dict[str, dict[str, Any]] = {}
    for job in sorted(results.glob("*/*/*")):
        if not job.is_dir():
            continue
        receipt = None
        with contextlib.suppress(OSError, ValueError):
            receipt = json.loads((job / "done.json").read_text("utf-8"))
        attempts = sum(1 for _ in job.glob("attempt-*"))
        sites[job.parent.name] = {"receipt": receipt, "attempts": attempts}
    return sites


def merged_run(out: Path) -> dict[str, Any]:
    """The merged run: the results.json directly under the central --out's run folder."""
    found = sorted(out.glob("*/results.json"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise RuntimeError(f"the fleet run wrote no results.json under {out}")
    return dict(json.loads(found[-1].read_text("utf-8")))


def history_rows(history_url: str, run_id: str) -> dict[str, int]:
    """The run's rows in the history: one run, each device once."""
    import sqlalchemy  # noqa: PLC0415

    url = history_url if "://" in history_url else f"sqlite:///{history_url}"
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            def count(table: str) -> int:
                return int(connection.execute(
                    sqlalchemy.text(f"SELECT count(*) FROM {table} WHERE run_id = :run"),  # noqa: S608 - fixed table names
                    {"run": run_id}).scalar_one())
            return {"runs": count("runs"), "devices": count("devices"),
                    "findings": count("findings")}
    finally:
        engine.dispose()


def _seconds(receipt: dict[str, Any] | None) -> float | None:
    from datetime import datetime  # noqa: PLC0415

    if not receipt:
        return None
    return (datetime.fromisoformat(receipt["ended"])
            - datetime.fromisoformat(receipt["started"])).total_seconds()


def _after(receipt: dict[str, Any] | None, began: float) -> float | None:
    """Seconds from the fleet run's start to the site's delivery."""
    from datetime import datetime  # noqa: PLC0415

    if not receipt:
        return None
    return datetime.fromisoformat(receipt["ended"]).timestamp() - began


def counted(devices: list[dict[str, Any]], site_of: dict[str, str]) -> dict[str, Any]:
    names = [d["device"]["name"] for d in devices]
    statuses: dict[str, int] = {}
    for device in devices:
        statuses[device["status"]] = statuses.get(device["status"], 0) + 1
    missed, extra = sorted(set(site_of) - set(names)), sorted(set(names) - set(site_of))
    return {"expected": len(site_of), "in_run": len(names), "unique": len(set(names)),
            "missed": len(missed), "twice": len(names) - len(set(names)),
            "extra": len(extra), "examples": (missed + extra)[:20], "statuses": statuses,
            "exactly_once": sorted(names) == sorted(site_of)}


# --------------------------------------------------------------------------- the run


@contextlib.contextmanager
def history(work: Path, use_postgres: bool) -> Iterator[tuple[str, PostgresServer | None]]:
    """PostgreSQL when its programs are installed (and asked for), else an SQLite file."""
    server = None
    if use_postgres:
        try:
            server = PostgresServer(work / "postgres")
        except ServiceMissingError as missing:
            print(f"  history: SQLite ({missing})", file=sys.stderr, flush=True)
    if server is None:
        yield str(work / "history.sqlite"), None
        return
    try:
        server.start()
        server.create_database()
        yield server.url, server
    finally:
        try:
            server.stop()
        finally:
            server.remove()


def fleet_run(inventory: Path, broker: str, results: Path, out: Path, history_url: str,
              log: Path) -> tuple[int, float]:
    """`inspector fleet run` as an operator starts it; its exit status and wall time. The
    central side has no device password: only the workers do."""
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    env["INSPECTOR_BROKER"] = broker
    started = time.perf_counter()
    with log.open("ab") as output:
        done = subprocess.run(
            # No reports (bench/reports.py measures them) and no exit 1 for the lab's
            # critical findings: the status says whether the fleet run itself went well.
            _inspector("fleet", "run", str(inventory), "--results", str(results),
                       "--out", str(out), "--deadline", DEADLINE, "--history", history_url,
                       "--workers", str(SESSIONS_PER_JOB), "--format", "none",
                       "--fail-on", "none"),
            stdin=subprocess.DEVNULL, stdout=output, stderr=output, cwd=ROOT, env=env,
            timeout=3600, check=False)
    return done.returncode, time.perf_counter() - started


def simulate(sites: int, per_site: int, site_workers: int, latency: float,
             use_postgres: bool) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    (work / "logs").mkdir()
    try:
        with lab_process(sites * per_site, latency) as lab, \
                redis_server(work / "redis") as broker, \
                history(work, use_postgres) as (history_url, postgres):
            print(f"lab: {sites} sites × {per_site} SSH devices, {latency * 1000:.0f} ms per "
                  f"command; broker {broker.url}", file=sys.stderr, flush=True)
            site_of = write_inventory(work / "inventory.yaml", lab, sites, per_site)
            workers = start_workers(sorted(set(site_of.values())), site_workers,
                                    broker.url, work / "results", work, lab["password"])
            try:  # the workers stop before the broker does
                result = measure(work, site_of, workers, broker, history_url)
            finally:
                stop_workers(workers)
            result.update(sites=sites, devices_per_site=per_site, latency_s=latency,
                          site_workers=site_workers,
                          history="postgresql" if postgres is not None else "sqlite")
            return result
    except BaseException:
        kept = Path(tempfile.mkdtemp(prefix="bench-fleet-logs-"))
        shutil.copytree(work / "logs", kept, dirs_exist_ok=True)
        print(f"fleet bench failed; logs kept in {kept}", file=sys.stderr, flush=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(work: Path, site_of: dict[str, str], workers: list[Worker], broker: RedisServer,
            history_url: str) -> dict[str, Any]:
    """The fleet run with its fault, once every worker answers; what it did."""
    results = work / "results"
    ready_s = wait_for_workers(broker.url, workers)
    print(f"  {len(workers)} workers ready in {ready_s:.1f} s", file=sys.stderr, flush=True)
    load_before = load()
    broker_cpu = process_cpu_s(broker.pid or 0) or 0.0
    killer = Killer(results, workers, time.perf_counter())
    watcher = threading.Thread(target=killer.run, daemon=True)
    watcher.start()
    central_log = work / "logs" / "central.log"
    began = time.time()
    status, wall_s = fleet_run(work / "inventory.yaml", broker.url, results, work / "out",
                               history_url, central_log)
    killer.stop.set()
    watcher.join(timeout=5)
    measure_workers(workers)
    broker_cpu = (process_cpu_s(broker.pid or 0) or 0.0) - broker_cpu
    if status not in (0, 1):  # 1: findings over --fail-on (none here); others: the run failed
        tail = central_log.read_text("utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"inspector fleet run exited with status {status}:\n{tail}")
    run = merged_run(work / "out")
    return {
        "exit_status": status, "wall_s": wall_s, "workers_ready_s": ready_s,
        "load_before": load_before,
        "killed": None if killer.victim is None else {
            "site": killer.victim.killed_site, "at_s": killer.victim.killed_at_s},
        "per_site": {site: {"job_s": _seconds(d["receipt"]), "attempts": d["attempts"],
                            "delivered_after_s": _after(d["receipt"], began),
                            "devices": (d["receipt"] or {}).get("devices"),
                            "worker": (d["receipt"] or {}).get("worker")}
                     for site, d in deliveries(results).items()},
        "devices": counted(run.get("devices", []), site_of),
        "history_rows": history_rows(history_url, run["run_id"]),
        "worker_cpu_s": sum(w.cpu_s or 0.0 for w in workers),
        "worker_peak_rss_mib": max((w.peak_rss_mib or 0.0 for w in workers), default=0.0),
        "broker_cpu_s": broker_cpu}


def report(result: dict[str, Any]) -> None:
    redeliveries = sum(max(0, s["attempts"] - 1) for s in result["per_site"].values())
    result["redeliveries"] = redeliveries
    times = [s["job_s"] for s in result["per_site"].values() if s["job_s"] is not None]
    delivered = [s["delivered_after_s"] for s in result["per_site"].values()
                 if s["delivered_after_s"] is not None]
    count = result["devices"]
    print_table(
        "Fleet run (bench/fleet.py)",
        ["sites × devices", "workers", "history", "wall", "site job (min / max)",
         "delivered (first / last)",
         "redeliveries", "devices once", "worker CPU", "worker peak RSS", "broker CPU"],
        [[f"{result['sites']} × {result['devices_per_site']}",
          f"{result['site_workers']}, each serving every site", result["history"],
          f"{result['wall_s']:.1f} s",
          f"{fmt(min(times, default=None), 1)} / {fmt(max(times, default=None), 1)} s",
          f"{fmt(min(delivered, default=None), 1)} / {fmt(max(delivered, default=None), 1)} s",
          redeliveries, f"{count['unique']}/{count['expected']}"
          + ("" if count["exactly_once"] else " NOT"),
          f"{result['worker_cpu_s']:.1f} s", f"{result['worker_peak_rss_mib']:.0f} MiB",
          f"{result['broker_cpu_s']:.2f} s"]],
        notes=[f"exit status {result['exit_status']}; killed: {result['killed']}; "
               f"device statuses: {count['statuses']}; load before {result['load_before']}",
               f"history rows of the run: {result['history_rows']}"])


def main() -> None:
    sizes = QUICK if quick() else FULL
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=sizes["sites"])
    parser.add_argument("--devices", type=int, default=sizes["devices"],
                        help="SSH lab devices per site")
    parser.add_argument("--site-workers", type=int, default=sizes["site_workers"],
                        help="worker processes in all, each serving every site")
    parser.add_argument("--latency", type=float, default=LATENCY_S, help="s per SSH command")
    parser.add_argument("--sqlite", action="store_true",
                        help="keep the history in SQLite even when PostgreSQL is installed")
    args = parser.parse_args()
    if args.site_workers < 2:
        parser.error("--site-workers must be 2 or more: the killed worker's job needs "
                     "another worker of its site")
    try:
        result = simulate(args.sites, args.devices, args.site_workers, args.latency,
                          use_postgres=not args.sqlite)
    except ServiceMissingError as missing:
        sys.exit(f"bench/fleet.py needs a real broker: {missing}")
    report(result)
    path = write_results("fleet", result)
    print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    count, rows = result["devices"], result["history_rows"]
    if (result["killed"] is None or not count["exactly_once"] or result["exit_status"] != 0
            or (rows["runs"], rows["devices"]) != (1, count["expected"])):
        sys.exit(1)


if __name__ == "__main__":
    main()
