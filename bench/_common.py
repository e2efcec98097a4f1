"""What every benchmark script shares: the lab in another process, tables, JSON results."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PYTHON = sys.executable
PASSWORD_ENV = "INSPECTOR_BENCH_PASSWORD"  # noqa: S105 - a variable's name


def quick() -> bool:
    """BENCH_QUICK=1: the smallest matrix, for checking that the scripts run."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def machine() -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": _cpu_model(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def usage() -> dict[str, float]:
    """CPU seconds and peak RSS (MiB) of this process so far."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": ru.ru_utime + ru.ru_stime, "peak_rss_mib": ru.ru_maxrss / 1024}


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) a running process has used, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load() -> float:
    """The 1-minute load average: other work on the machine skews every number."""
    return round(os.getloadavg()[0], 2)


def write_results(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "machine": machine(), **payload}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def print_table(title: str, columns: list[str], rows: list[list[Any]],
                notes: list[str] = ()) -> None:  # type: ignore[assignment]
    try:
        from rich.console import Console  # noqa: PLC0415
        from rich.table import Table  # noqa: PLC0415
    except ImportError:  # pragma: no cover - plain fallback
        print(title)
        print(" | ".join(columns))
        for row in rows:
            print(" | ".join(str(c) for c in row))
        for note in notes:
            print(note)
        return
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(str(c) for c in row))
    console = Console(width=max(120, len(" ".join(columns)) + 8 * len(columns)))
    console.print(table)
    for note in notes:
        console.print(note, highlight=False)


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


@contextlib.contextmanager
def lab_process(count: int, latency_s: float) -> Iterator[dict[str, Any]]:
    """The lab with `count` clones in a child process; yields its JSON description."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, str(BENCH / "labserver.py"), "--count", str(count), "--latency",
         str(latency_s)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line:
            raise RuntimeError(f"the lab ({count} devices) did not start")
        info = json.loads(line)
        info["startup_s"] = time.perf_counter() - started
        info["pid"] = proc.pid
        yield info
    finally:
        if proc.stdin:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_json(args: list[str], env: dict[str, str] | None = None,
             timeout: float = 1200) -> dict[str, Any]:
    """Run `python args...` and parse the JSON its last stdout line holds."""
    done = subprocess.run(
        [PYTHON, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout,
        env={**os.environ, **(env or {})}, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n"
                           f"{done.stderr[-3000:]}")
    return json.loads(lines[-1])  # type: ignore[no-any-return]
