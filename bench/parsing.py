"""Offline parsing: session logs (`import-log`) and bundles (`--replay`), and the peer tool
net-inspect on the same logs.

The corpus: N devices cloned from the built-in lab's profiles (round-robin, each renamed,
its hostname replaced in every output), written both as terminal session logs (prompt +
command, output, as SecureCRT/Xshell save them) and as one bundle. Each tool runs in a
fresh process; the time is what its own code takes on the corpus (interpreter start and
imports reported apart).

Correct fields: for the fields both tools report (hostname, model, version, serial, CPU,
memory, fans, power) each device's value is compared with the truth of its lab profile
(written below from the recorded outputs, not from either tool). Fans and power are the
verdict "something is wrong" (net-inspect reports only that); CPU and memory the current
utilization in percent, within 1 point. Only the vendors both tools support (Cisco IOS,
Huawei VRP, H3C Comware) count; inspector's Inspur logs are timed with the rest.

    .venv/bin/python bench/parsing.py [--devices 240]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    BENCH,
    PYTHON,
    fmt,
    print_table,
    quick,
    run_json,
    usage,
    write_results,
)

PEER_VENV = BENCH / ".venv-netinspect"
PEER_PYTHON = PEER_VENV / "bin" / "python"
PEER_PACKAGE = "net-inspect"
SHARED_PLATFORMS = {"cisco_ios", "huawei_vrp", "hp_comware"}
# inspector's runs: the two whole ones (parse, check, write the run folder), and the bundle
# parsed alone, the work net-inspect's "all parsed" figure does.
MODES = ("import-log", "replay", "parse only")
FIELDS = ("hostname", "model", "version", "serial", "cpu", "memory", "fans", "power")

# The truth of each lab profile, read off its recorded outputs (inspector/lab/devices/).
# Several values are accepted where the device prints several right answers: the CPU's
# 5 s / 1 min / 5 min figures, Huawei's release and its VRP version, memory with or
# without buffers/cache. fans/power: True when something is wrong (a failed fan, an
# absent or failed power supply), as the lab's planted faults say.
TRUTH: dict[str, dict[str, Any]] = {
    "bj-acc-c2960x": {"model": ["WS-C2960XR-48FPD-I"], "version": ["15.2(7)E4"],
                      "serial": "FOC2137Y0LM", "cpu": [94, 91, 89], "memory": [92.6],
                      "fans": True, "power": True},
    "bj-core-c9300": {"model": ["C9300-24UX"], "version": ["17.9.4a"],
                      "serial": "FOC2418X1QK", "cpu": [3, 4], "memory": [30.1],
                      "fans": False, "power": False},
    "gz-acc-s5130": {"model": ["S5130-28S-HI"], "version": ["7.1.070, Release 1311P05"],
                     "serial": "219801A1NH8205Q0017F", "cpu": [94, 91, 90],
                     "memory": [91.7], "fans": True, "power": True},
    "gz-agg-s6520x": {"model": ["S6520X-30QC-EI"], "version": ["7.1.070, Release 6616P01"],
                      "serial": "219801A2YJ8193Q0004K", "cpu": [7, 6], "memory": [24.8, 40.1],
                      "fans": False, "power": False},
    "sh-acc-s5735": {"model": ["S5735-S48T4X"], "version": ["V200R021C10SPC600", "5.170"],
                     "serial": "2102353DQT10M9000412", "cpu": [93, 92, 90], "memory": [91],
                     "fans": True, "power": True},
    "sh-core-ce6881": {"model": ["CE6881-48S6CQ"], "version": ["V200R019C10SPC800", "8.191"],
                       "serial": "2102312NKE10L8000117", "cpu": [9, 8], "memory": [32],
                       "fans": False, "power": False},
}


# --------------------------------------------------------------------------- corpus


def _prompt(name: str, platform: str) -> str:
    return f"<{name}>" if platform in ("huawei_vrp", "hp_comware") else f"{name}#"


def _session_log(name: str, platform: str, outputs: dict[str, str]) -> str:
    from inspector.parsing.platforms import get_platform  # noqa: PLC0415

    prompt = _prompt(name, platform)
    lines = [prompt]
    for paging in get_platform(platform).paging.disable:
        lines.append(f"{prompt}{paging}")
    for command, output in outputs.items():
        lines.append(f"{prompt}{command}")
        lines.append(output.rstrip("\n"))
    lines.append(prompt)
    return "\r\n".join(lines) + "\r\n"


def build_corpus(count: int, folder: Path) -> dict[str, Any]:
    """`count` renamed clones as session logs under folder/logs and one bundle under
    folder/bundle; returns {log name -> profile} and sizes."""
    from inspector.lab.sshserver import clone, lab_devices  # noqa: PLC0415
    from inspector.model import Capture, Device  # noqa: PLC0415
    from inspector.store.bundle import DeviceRecording, write_bundle  # noqa: PLC0415

    logs = folder / "logs"
    logs.mkdir(parents=True)
    base = lab_devices()
    profile_of: dict[str, str] = {}
    recordings = []
    for number in range(count):
        original = base[number % len(base)]
        name = f"{original.name[:10]}-{number:04d}"
        device = clone(original, name)
        profile_of[name] = original.name
        (logs / f"{name}.log").write_text(
            _session_log(name, device.platform, device.outputs), "utf-8", newline="")
        dev = Device(name=name, platform=device.platform, host="127.0.0.1")
        recordings.append(DeviceRecording(device=dev, captures=[
            Capture(device=name, command=c, output=o) for c, o in device.outputs.items()]))
    write_bundle(folder / "bundle", recordings, source="bench")
    size = sum(p.stat().st_size for p in logs.iterdir())
    return {"profile_of": profile_of, "log_mib": size / 2**20,
            "captures": sum(len(r.captures) for r in recordings)}


# --------------------------------------------------------------------------- inspector side


def _num(value: Any) -> float | None:
    if value is None:
        return None
    found = re.search(r"\d+(?:\.\d+)?", str(value))
    return float(found.group()) if found else None


def _inspector_fields(result: Any) -> dict[str, Any]:
    """What inspector extracted for one device, in the comparison's terms."""
    snap = result.snapshot
    facts = snap.facts.data
    cpu = snap.cpu.data or []
    memory = snap.memory.data or []
    sensors = snap.sensors.data or []
    inventory = snap.inventory.data or []

    def verdict(kind: str, inv_kind: str) -> bool | None:
        states = [s.status for s in sensors if s.kind == kind]
        states += [i.status for i in inventory if i.kind == inv_kind and i.status]
        if not states:
            return None
        return any(s not in ("ok", "normal", "present") for s in states)

    return {
        # The name the report shows: the device's own (show version, else the prompt).
        "hostname": (facts.hostname if facts else None) or result.device.name,
        "model": facts.model if facts else None,
        "version": facts.os_version if facts else None,
        "serial": [facts.serial] if facts and facts.serial else [],
        "cpu": cpu[0].utilization_pct if cpu else None,
        "memory": memory[0].utilization_pct if memory else None,
        "fans": verdict("fan", "fan"),
        "power": verdict("psu", "psu"),
    }


def child_inspector(folder: Path, mode: str) -> dict[str, Any]:
    started = time.perf_counter()
    from inspector.pipeline import import_logs, inspect_all, replay  # noqa: PLC0415
    from inspector.store.bundle import read_bundle  # noqa: PLC0415

    imported = time.perf_counter() - started
    logs = sorted((folder / "logs").glob("*.log"))
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as out:
        started = time.perf_counter()
        if mode == "import-log":
            output = import_logs(logs, Path(out), run_id="bench")
            results, problems = output.run.devices, len(output.run.problems)
        elif mode == "replay":
            output = replay(folder / "bundle", Path(out), run_id="bench")
            results, problems = output.run.devices, len(output.run.problems)
        else:  # parse only: the bundle read and every output parsed, nothing checked or written
            results, problems = inspect_all(read_bundle(folder / "bundle")), 0
        elapsed = time.perf_counter() - started
    devices = [{"name": d.device.name, **_inspector_fields(d)} for d in results]
    return {"import_s": imported, "elapsed_s": elapsed, "devices": devices,
            "captures": sum(len(d.captures) for d in results), "problems": problems,
            **usage()}


# --------------------------------------------------------------------------- the peer


def ensure_peer() -> str | None:
    """net-inspect in its own venv; None when ready, else why not."""
    if PEER_PYTHON.exists():
        ok = subprocess.run([str(PEER_PYTHON), "-c", "import net_inspect"],
                            capture_output=True, check=False)
        if ok.returncode == 0:
            return None
    print(f"installing {PEER_PACKAGE} into {PEER_VENV} ...", file=sys.stderr, flush=True)
    try:
        subprocess.run([PYTHON, "-m", "venv", str(PEER_VENV)], check=True,
                       capture_output=True)
        subprocess.run([str(PEER_PYTHON), "-m", "pip", "install", "--quiet",
                        PEER_PACKAGE], check=True, capture_output=True, text=True,
                       timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return f"cannot install {PEER_PACKAGE} from PyPI: {str(detail).strip()[-300:]}"
    return None


def child_peer(folder: Path) -> dict[str, Any]:
    done = subprocess.run(
        [str(PEER_PYTHON), str(BENCH / "_netinspect_run.py"), str(folder / "logs")],
        capture_output=True, text=True, check=False, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"net-inspect failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    for device in result["devices"]:
        device["name"] = Path(device["file"]).stem
        device["fans"] = device.pop("fan_abnormal")
        device["power"] = device.pop("power_abnormal")
    return result


# --------------------------------------------------------------------------- scoring


def _alnum(text: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(text or "").lower())


def _correct(field: str, got: Any, truth: dict[str, Any], name: str) -> bool:
    """Lenient on form, strict on content: case and punctuation do not matter, a model
    followed by more words ("S5735-S48T4X Routing Switch") counts."""
    if field == "hostname":
        return _alnum(got) == _alnum(name)
    if field == "serial":  # the chassis serial among those reported
        return truth["serial"] in [s if isinstance(s, str) else s[-1] for s in got or []]
    if field in ("cpu", "memory"):
        number = _num(got)
        return number is not None and any(abs(number - t) <= 0.5 for t in truth[field])
    if field in ("fans", "power"):
        return got is truth[field]
    if field == "model":
        words = str(got or "").upper().split()
        return any(t.upper() in words for t in truth[field])
    return any(_alnum(got) == _alnum(t) for t in truth[field])


def score(devices: list[dict[str, Any]], profile_of: dict[str, str]) -> dict[str, Any]:
    per_field = dict.fromkeys(FIELDS, 0)
    counted = 0
    for device in devices:
        profile = profile_of.get(device["name"])
        if profile not in TRUTH:
            continue
        counted += 1
        for field in FIELDS:
            per_field[field] += _correct(field, device.get(field), TRUTH[profile],
                                         device["name"])
    return {"devices_scored": counted, "per_field": per_field,
            "correct": sum(per_field.values()), "possible": counted * len(FIELDS)}


# --------------------------------------------------------------------------- driver


def main() -> None:
    parser = argparse.ArgumentParser(description="Offline parsing benchmark")
    parser.add_argument("--devices", type=int, default=0,
                        help="session logs / bundle devices (default 240; 40 with BENCH_QUICK)")
    parser.add_argument("--no-peer", action="store_true", help="skip net-inspect")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_inspector(Path(args.folder), args.child)))
        return
    count = args.devices or (40 if quick() else 240)
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        corpus = build_corpus(count, folder)
        profile_of = corpus["profile_of"]
        shared = sum(1 for p in profile_of.values() if p in TRUTH)
        runs: dict[str, Any] = {}
        for mode in MODES:
            runs[mode] = run_json([__file__, "--child", mode, "--folder", str(folder)],
                                  timeout=3600)
        peer_note = "skipped (--no-peer)" if args.no_peer else ensure_peer()
        if peer_note is None:
            runs["net-inspect"] = peer = child_peer(folder)
            # The same run, counting the parse of every output it has a template for.
            runs["net-inspect, all parsed"] = {**peer, "elapsed_s": peer["elapsed_all_s"]}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows, table = [], []
    captures = corpus["captures"]
    for tool, result in runs.items():
        scored = score(result["devices"], profile_of)
        per_s = count / result["elapsed_s"]
        row = {"tool": tool.replace("net-inspect", "net-inspect 1.5")
               if tool.startswith("net-inspect") else f"inspector {tool}",
               "devices": count, "elapsed_s": result["elapsed_s"],
               "import_s": result["import_s"], "devices_per_s": per_s,
               "captures_per_s": captures / result["elapsed_s"],
               "peak_rss_mib": result.get("peak_rss_mib"), "devices_found": len(
                   result["devices"]), **scored}
        rows.append(row)
        table.append([row["tool"], count, fmt(row["elapsed_s"], 1), fmt(per_s, 1),
                      fmt(row["captures_per_s"], 0), fmt(row["peak_rss_mib"], 0),
                      f"{scored['correct']}/{scored['possible']}",
                      " ".join(f"{f[:4]}:{n}" for f, n in scored["per_field"].items())])
    notes = [f"corpus: {count} devices cloned from the 8 lab profiles, {corpus['log_mib']:.1f}"
             f" MiB of session logs, {captures} captures; {shared} devices of the vendors "
             "both tools support are scored (8 fields each, against the lab's truth)",
             "time: the tool's own work on the corpus in a fresh process (imports excluded);"
             " inspector import-log and replay include checks and writing the run folder; "
             "'parse only' reads the bundle and parses every output, nothing more",
             "net-inspect parses lazily, only the outputs its fields and analysis read; "
             "'all parsed' adds the parse of every other output it has a template for "
             "(inspector parses every output: the report shows them all)",
             ]
    if peer_note:
        notes.append(f"net-inspect: {peer_note}")
    notes.append(f"benchmark took {time.perf_counter() - started:.0f} s")
    print_table("offline parsing", ["tool", "devices", "time s", "devices/s", "captures/s",
                                    "peak RSS MiB", "correct fields", "per field"],
                table, notes)
    path = write_results("parsing", {"devices": count, "log_mib": corpus["log_mib"],
                                     "captures": captures, "peer_note": peer_note,
                                     "truth": TRUTH, "runs": rows})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
