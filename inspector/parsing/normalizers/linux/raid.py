"""Linux: hardware RAID controllers through their vendors' tools, and multipath paths.

Broadcom/LSI MegaRAID `storcli` and Dell's `perccli` (the same tool under Dell's name, the
same output), HPE Smart Array `ssacli`, and device-mapper's `multipath -ll`. Each feeds the
`storage` family with parts of its own kinds, apart from the md arrays (`raid`) and the
disks SMART reads (`disk`), so that a RAID member is judged by the controller's view of it:

- `raid_controller`: health `ok` or `not_optimal`; `running` the first word that is not
  optimal (controller status, cache or battery), as printed;
- `raid_volume`: health `optimal`, `degraded`, `rebuilding`, `offline` or `unknown`;
  `running` the tool's own state word (`Dgrd`, `Interim Recovery Mode`);
- `raid_disk`: health `ok`, `rebuilding`, `predicted` or `failed`; `running` as printed;
- `path`: health `ok` or `failed`; `parent` the multipath map; `running` the three state
  words (`failed faulty running`).

Each line comes whole from the `linux_lines.textfsm` template, in order: these outputs
nest blocks (one per controller, per array, per map) that a flat template cannot follow.
"""

from __future__ import annotations

import re

from inspector.model import StoragePart
from inspector.parsing.normalizers.common import ParseContext, Record

_UNITS = {"KB": 2**10, "MB": 2**20, "GB": 2**30, "TB": 2**40, "PB": 2**50}


def _lines(rows: list[Record]) -> list[str]:
    return [str(r["LINE"]) for r in rows]


def _expect(lines: list[str], pattern: re.Pattern[str], tool: str) -> None:
    """Raise when the output has none of the tool's own lines (sudo refusing it, a tool
    saying it found no controller): the reason quotes the output's first line. An empty
    output was judged before (the source's `empty_ok`)."""
    if lines and not any(pattern.match(line) for line in lines):
        first = lines[0].strip()[:120]
        raise ValueError(f"not {tool} output: {first!r}")


def _bytes(size: str) -> int | None:
    """"1.089 TB" as bytes: the tools print binary units with a decimal fraction."""
    found = re.fullmatch(r"([\d.]+)\s*([KMGTP]B)", size.strip())
    return int(float(found.group(1)) * _UNITS[found.group(2)]) if found else None


# ------------------------------------------------------------------ storcli / perccli
# The state abbreviations of the tools' own legends. A volume: Optl optimal, Pdgd partially
# degraded (a RAID 6 lost one of two), Dgrd degraded, OfLn offline, Rec recovery.
VD_STATES = {"optl": "optimal", "pdgd": "degraded", "dgrd": "degraded", "ofln": "offline",
             "rec": "rebuilding"}
# A drive: Onln online, UGood unconfigured good, GHS/DHS hot spares, JBOD, Cpybck copyback,
# Rbld rebuilding; Offln offline, UBad unconfigured bad, Msng missing, Failed. After the
# model come Sp (spun: U, D, T, F) and, in newer releases, a Type column.
PD_STATES = {"onln": "ok", "ugood": "ok", "ghs": "ok", "dhs": "ok", "jbod": "ok",
             "cpybck": "ok", "rbld": "rebuilding", "offln": "failed", "ubad": "failed",
             "msng": "failed", "failed": "failed"}
_CONTROLLER = re.compile(r"^\s*Controller = (\d+)\s*$")
_VD_ROW = re.compile(r"^\s*(\d+|-)/(\d+)\s+(\S+)\s+(\S+)\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+"
                     r"([\d.]+ [KMGTP]B)\s*(.*?)\s*$")
_PD_ROW = re.compile(r"^\s*(\d*):(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+([\d.]+ [KMGTP]B)\s+(\S+)\s+"
                     r"(\S+)\s+\S+\s+\S+\s+\S+\s+(.+?)\s+[UDTF](?:\s+\S+)?\s*$")
_CACHE_ROW = re.compile(r"^\s*(\S+)\s+(Optimal|[A-Z][A-Za-z]*(?: \([^)]*\))?)\s")


def _controller_blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The lines of each controller (`Controller = 0` opens one); `show all` prints the
    line twice for one controller (its Basics section), which does not open another."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        found = _CONTROLLER.match(line)
        if found and (not blocks or blocks[-1][0] != found.group(1)):
            blocks.append((found.group(1), []))
        elif blocks:
            blocks[-1][1].append(line)
    return blocks


def storcli_controllers(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`storcli /call show`: one controller per block; not optimal when its status (where
    the firmware prints `Controller Status`) or its cache module's (Cachevault_Info or
    BBU_Info) is anything but Optimal."""
    lines = _lines(rows)
    _expect(lines, _CONTROLLER, "storcli")
    parts = []
    for number, block in _controller_blocks(lines):
        model, words, section = None, [], ""
        for line in block:
            key, _, value = (s.strip() for s in line.partition(" = "))
            if key in ("Product Name", "Model") and model is None:
                model = value
            elif key == "Controller Status":
                words.append(value)
            elif line.strip().startswith(("Cachevault_Info", "BBU_Info")):
                section = "cache"
            elif line.strip().endswith(":") or not line.strip():
                section = ""
            elif section == "cache" and not line.strip().startswith(("-", "Model")):
                found = _CACHE_ROW.match(line)
                if found:
                    words.append(f"{found.group(1)} {found.group(2)}")
        bad = [w for w in words if not w.endswith("Optimal")]
        health = None if not words else "not_optimal" if bad else "ok"
        parts.append(StoragePart(part="raid_controller", name=f"/c{number}", health=health,
                                 running=bad[0] if bad else "Optimal" if words else None,
                                 type=model))
    return parts


def storcli_volumes(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`storcli /call/vall show`: each virtual drive of each controller (`/c0/v1`)."""
    lines = _lines(rows)
    _expect(lines, _CONTROLLER, "storcli")
    parts = []
    for number, block in _controller_blocks(lines):
        for line in block:
            found = _VD_ROW.match(line)
            if found is None:
                continue
            group, vd, level, state, size, label = found.groups()
            parts.append(StoragePart(
                part="raid_volume", name=f"/c{number}/v{vd}",
                health=VD_STATES.get(state.lower(), "unknown"), running=state, type=level,
                location=label or None, capacity_bytes=_bytes(size),
                parent=f"/c{number}/d{group}" if group != "-" else None))
    return parts


def storcli_disks(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`storcli /call/eall/sall show`: each drive (`/c0/e252/s1`) with its state; this
    short form prints no predictive-failure count (`show all` does, at length)."""
    lines = _lines(rows)
    _expect(lines, _CONTROLLER, "storcli")
    parts = []
    for number, block in _controller_blocks(lines):
        for line in block:
            found = _PD_ROW.match(line)
            if found is None:
                continue
            enclosure, slot, _did, state, group, size, intf, media, model = found.groups()
            where = f"/c{number}/e{enclosure}/s{slot}" if enclosure else f"/c{number}/s{slot}"
            parts.append(StoragePart(
                part="raid_disk", name=where, health=PD_STATES.get(state.lower(), "unknown"),
                running=state, type=f"{intf} {media} {model}", capacity_bytes=_bytes(size),
                parent=f"/c{number}/d{group}" if group != "-" else None))
    return parts


# ------------------------------------------------------------------ ssacli
_SSA_CONTROLLER = re.compile(r"^(?:Smart Array|Smart HBA|HPE? \S+)\s.*?\bin Slot (\d+)")
_SSA_STATUS = re.compile(r"^\s+([\w/ ]+ Status):\s*(.+?)\s*$")
_SSA_LD = re.compile(r"^\s+logicaldrive (\d+) \(([^,]+), (RAID [\w+]+), (.+)\)\s*$")
_SSA_PD = re.compile(r"^\s+physicaldrive (\S+) \((.+)\)\s*$")


def _slot(line: str, current: str) -> str:
    found = _SSA_CONTROLLER.match(line)
    return f"slot{found.group(1)}" if found else current


def ssacli_status(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`ssacli ctrl all show status`: per controller, its Controller, Cache and
    Battery/Capacitor Status; not optimal when one of them is not OK (a cache or battery
    that is missing or not configured prints no such line)."""
    lines = _lines(rows)
    _expect(lines, _SSA_CONTROLLER, "ssacli")
    parts: dict[str, StoragePart] = {}
    slot = ""
    for line in lines:
        slot = _slot(line, slot)
        if line == line.lstrip() and slot:
            parts.setdefault(slot, StoragePart(part="raid_controller", name=slot,
                                               type=line.split(" in Slot")[0].strip()))
        found = _SSA_STATUS.match(line)
        if found and slot in parts:
            part = parts[slot]
            if found.group(2) != "OK" and part.health != "not_optimal":
                part.health, part.running = "not_optimal", f"{found.group(1)}: {found.group(2)}"
            elif part.health is None:
                part.health, part.running = "ok", "OK"
    return list(parts.values())


def _ld_health(state: str) -> str:
    if state == "OK":
        return "optimal"
    if state == "Failed":
        return "offline"
    if state.startswith(("Recovering", "Ready for Rebuild", "Rebuilding")):
        return "rebuilding"
    if "Recovery Mode" in state or state.startswith("Degraded"):
        return "degraded"
    return "unknown"


def _pd_health(state: str) -> str:
    return {"OK": "ok", "Failed": "failed", "Predictive Failure": "predicted",
            "Rebuilding": "rebuilding"}.get(state, "unknown")


def ssacli_config(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`ssacli ctrl all show config`: each logical drive (`slot0/ld1`: size, RAID level,
    state) and physical drive (`slot0/1I:1:2`: port, box, bay, kind, size, state and, for
    a spare, `spare`) of each controller, under the array it belongs to."""
    lines = _lines(rows)
    _expect(lines, _SSA_CONTROLLER, "ssacli")
    parts = []
    slot, array = "", None
    for line in lines:
        slot = _slot(line, slot)
        if line.strip().startswith(("Array ", "array ")):
            array = line.split()[1]
        elif found := _SSA_LD.match(line):
            number, size, level, state = found.groups()
            parts.append(StoragePart(part="raid_volume", name=f"{slot}/ld{number}",
                                     health=_ld_health(state), running=state, type=level,
                                     capacity_bytes=_bytes(size),
                                     parent=f"{slot}/array{array}" if array else None))
        elif found := _SSA_PD.match(line):
            fields = [f.strip() for f in found.group(2).split(",")]
            state = fields[3] if len(fields) > 3 else ""
            parts.append(StoragePart(
                part="raid_disk", name=f"{slot}/{found.group(1)}", health=_pd_health(state),
                running=state or None, type=fields[1] if len(fields) > 1 else None,
                location=fields[0], capacity_bytes=_bytes(fields[2]) if len(fields) > 2
                else None, role="spare" if "spare" in fields[4:] else None,
                failure_predicted=state == "Predictive Failure" or None))
    return parts


# ------------------------------------------------------------------ multipath
_MAP = re.compile(r"^([\w.:-]+) (?:\((\S+)\) )?dm-\d+ (.*?)\s*$")
_PATH = re.compile(r"^[\s|`+-]*(\d+:\d+:\d+:\d+) (\S+)\s+(\d+:\d+)\s+(\S+)\s+(\S+)\s+(\S+)")
# The path checker's words for a path that carries no I/O; `ghost` is a standby path of an
# active/passive array (it answers), `i/o pending` a check still running.
BAD_PATH = ("failed", "faulty", "offline", "shaky")


def multipath(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`multipath -ll`: each path of each map (`mpatha:sdc`), failed when device-mapper
    failed it, its checker finds it faulty or the SCSI device is offline."""
    lines = _lines(rows)
    _expect(lines, _MAP, "multipath")
    parts = []
    current, vendor = "", None
    for line in lines:
        if found := _MAP.match(line):
            current, vendor = found.group(1), found.group(3) or None
        elif (path := _PATH.match(line)) and current:
            hctl, dev, _majmin, dm, checker, online = path.groups()
            bad = any(w in BAD_PATH for w in (dm, checker, online))
            parts.append(StoragePart(part="path", name=f"{current}:{dev}",
                                     health="failed" if bad else "ok",
                                     running=f"{dm} {checker} {online}", location=hctl,
                                     type=vendor, parent=current))
    return parts
