"""Report rendering: HTML, PDF and XLSX for runs of 10, 100, 300 and 1000 devices.

The run: the built-in lab replayed once (8 devices, its planted faults and findings), then
replicated with renamed devices up to N (device results and findings copied under the new
name; capture files shared, so command-log excerpts read real outputs). Each (N, format)
renders in a fresh process: time of `render_reports(run, folder, [format], lang="zh")`
(which builds the view each time, as a user asking for one format gets), CPU seconds
(the PDF's rendering processes included), that process's peak RSS and that of its largest
child (a PDF of more than 40 devices is rendered in parts by two child processes at once).

    .venv/bin/python bench/reports.py [--sizes 10,100,300,1000] [--formats html,pdf,xlsx]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import fmt, print_table, quick, run_json, usage, write_results

DEFAULT_SIZES = [10, 100, 300, 1000]
QUICK_SIZES = [10, 30]
FORMATS = ["html", "pdf", "xlsx"]
# Nothing is left out now that a large PDF is rendered in parts, in parallel (issue 19's
# target: 1000 devices in under a minute).
SKIP_BY_DEFAULT: set[tuple[int, str]] = set()


def _missing_api() -> str | None:
    try:
        from inspector import report  # noqa: PLC0415
    except ImportError as exc:
        return f"inspector.report cannot be imported ({exc})"
    if not hasattr(report, "render_reports"):
        return "inspector.report has no render_reports yet"
    return None


def build_run(count: int, folder: Path) -> Path:
    """A run folder with `count` devices (replicated lab), its results.json and bundle."""
    from inspector.lab.profiles import LAB_BUNDLE  # noqa: PLC0415
    from inspector.model import Run  # noqa: PLC0415
    from inspector.pipeline import replay  # noqa: PLC0415

    base = replay(LAB_BUNDLE, folder / f"base-{count}", run_id="lab")
    run: Run = base.run
    devices, findings = [], []
    for number in range(count):
        original = run.devices[number % len(run.devices)]
        name = f"{original.device.name[:10]}-{number:04d}"
        device = original.device.model_copy(update={"name": name})
        snapshot = original.snapshot.model_copy(update={"device": device})
        devices.append(original.model_copy(update={"device": device, "snapshot": snapshot}))
        findings += [f.model_copy(update={"device": name}) for f in run.findings
                     if f.device == original.device.name]
    big = run.model_copy(update={"devices": devices, "findings": findings,
                                 "run_id": f"bench-{count}"})
    target = folder / f"run-{count}"
    target.mkdir(parents=True)
    shutil.copytree(base.folder / "bundle", target / "bundle")
    (target / "results.json").write_text(big.model_dump_json(), "utf-8")
    return target


def child_render(run_dir: Path, fmt_name: str) -> dict[str, Any]:
    from inspector.model import Run  # noqa: PLC0415
    from inspector.report import render_reports  # noqa: PLC0415
    from inspector.report.pdfsplit import WORKERS  # noqa: PLC0415

    run = Run.model_validate_json((run_dir / "results.json").read_text("utf-8"))
    before = usage()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as out:
        started = time.perf_counter()
        paths = render_reports(run, Path(out), [fmt_name], lang="zh",
                               bundle=run_dir / "bundle")
        elapsed = time.perf_counter() - started
        size = sum(p.stat().st_size for p in paths.values())
        pages = _pages(paths["pdf"]) if "pdf" in paths else None
    after = usage()
    # A large PDF is rendered by child processes (report/pdfsplit.py): their CPU counts,
    # and their memory is in use beside this process's (at most two at once).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"elapsed_s": elapsed,
            "cpu_s": after["cpu_s"] - before["cpu_s"] + children.ru_utime + children.ru_stime
            - children_before.ru_utime - children_before.ru_stime,
            "peak_rss_mib": after["peak_rss_mib"], "rss_before_mib": before["peak_rss_mib"],
            "child_peak_rss_mib": children.ru_maxrss / 1024,
            # At most this much at once: this process and WORKERS children at their largest.
            "peak_rss_mib_total": after["peak_rss_mib"] + WORKERS * children.ru_maxrss / 1024,
            "bytes": size, "pages": pages, "findings": len(run.findings)}


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader  # noqa: PLC0415

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description="Report rendering benchmark")
    parser.add_argument("--sizes", help="device counts, comma-separated")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--all", action="store_true", help="include the 1000-device PDF")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--format", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_render(Path(args.child), args.format)))
        return
    missing = _missing_api()
    if missing:
        print(f"reports benchmark skipped: {missing}")
        write_results("reports", {"skipped": missing})
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else \
        (QUICK_SIZES if quick() else DEFAULT_SIZES)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    skip = set() if args.all or args.sizes else SKIP_BY_DEFAULT
    started = time.perf_counter()
    rows, table = [], []
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        for count in sizes:
            run_dir = build_run(count, work)
            for name in formats:
                if (count, name) in skip:
                    continue
                try:
                    got = run_json([__file__, "--child", str(run_dir), "--format", name],
                                   timeout=1800)
                except RuntimeError as exc:
                    got = {"error": str(exc).strip().splitlines()[-1][:300]}
                row = {"devices": count, "format": name, **got}
                rows.append(row)
                table.append([count, name, fmt(got.get("elapsed_s"), 1),
                              fmt(got.get("cpu_s"), 1), fmt(got.get("peak_rss_mib"), 0),
                              fmt(got.get("child_peak_rss_mib"), 0),
                              fmt((got.get("bytes") or 0) / 2**20, 1), got.get("pages") or "-",
                              got.get("findings", "-"), got.get("error", "")])
                print(f"  {count} devices {name}: {fmt(got.get('elapsed_s'), 1)} s",
                      file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    notes = ["run: the lab replayed, replicated with renamed devices; lang zh; each "
             "(devices, format) in a fresh process (time excludes imports and loading "
             "results.json; peak RSS includes them)"]
    if skip:
        notes.append("not run by default (too long for make bench on 2 cores): "
                     + ", ".join(f"{n} devices {f}" for n, f in sorted(skip))
                     + "; `bench/reports.py --all` runs them")
    notes.append(f"benchmark took {time.perf_counter() - started:.0f} s")
    print_table("reports", ["devices", "format", "time s", "CPU s", "peak RSS MiB",
                            "largest child MiB", "size MiB", "pages", "findings", "error"],
                table, notes)
    path = write_results("reports", {"sizes": sizes, "formats": formats,
                                     "skipped": sorted(skip), "cases": rows})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
