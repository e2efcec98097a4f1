"""Evidence: the command and the few raw lines that show what a finding says."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from inspector.checks.base import Hit
from inspector.checks.snmp_evidence import is_snmp, snmp_evidence
from inspector.model import Evidence

MAX_LINES = 6
MAX_EVIDENCE = 3
# A table row is spread over one walk per column (name, value, limits, state).
MAX_SNMP_QUERIES = 8

# Long interface names and the short forms devices print in tables and logs.
_SHORT = {
    "gigabitethernet": ("Gi", "GE"),
    "xgigabitethernet": ("XGE",),
    "ten-gigabitethernet": ("XGE", "Te"),
    "tengigabitethernet": ("Te",),
    "twentyfivegige": ("Twe", "25GE"),
    "fortygige": ("FGE", "Fo"),
    "hundredgige": ("Hu", "100GE"),
    "fastethernet": ("Fa",),
    "ethernet": ("Eth", "Et"),
    "bridge-aggregation": ("BAGG",),
    "port-channel": ("Po",),
    "vlan-interface": ("Vlan",),
    "vlanif": ("Vlanif",),
}


def aliases(name: str) -> list[str]:
    """`name` and the ways a device may print it ("GigabitEthernet1/0/17" -> "Gi1/0/17")."""
    found = [name]
    match = re.fullmatch(r"([A-Za-z][A-Za-z-]*)\s*(\d\S*)", name)
    if match:
        prefix, rest = match.groups()
        found += [short + rest for short in _SHORT.get(prefix.lower(), (prefix[:2],))]
    # Sensors are named "Slot 0 FAN 2" / "Switch 1 PS 1B" by us, "FAN 2" / "PS 1B" on screen.
    stripped = re.sub(r"(?i)^(slot|switch|chassis)\s*\d+\s+", "", name)
    if stripped != name:
        found.append(stripped)
    # "AROUND_CHIP 1": a normalizer numbered a sensor the device names "AROUND_CHIP".
    base = re.sub(r"\s+\d+$", "", name)
    if base != name and re.search(r"[_-]", base):
        found.append(base)
    # Table rows index a part by its last token ("Switch 1 PS 1B" -> "1B  Not Present").
    last = name.rsplit(maxsplit=1)[-1] if " " in name else ""
    if re.fullmatch(r"\d+[A-Za-z]+|[A-Za-z]+\d+", last):
        found.append(last)
    return found


@lru_cache(maxsize=2048)
def _anchor_pattern(name: str) -> re.Pattern[str]:
    # Devices pad names in tables ("FAN   2"): any run of blanks matches a blank.
    options = "|".join(re.escape(a).replace(r"\ ", r"\s+")
                       for a in sorted(set(aliases(name)), key=len, reverse=True))
    return re.compile(rf"(?i)(?<![\w/.-])(?:{options})(?![\w/])")


def _keyword_hit(line: str, keywords: Iterable[str]) -> bool:
    low = line.lower()
    return any(k and k.lower() in low for k in keywords)


def _table_row(hit: Hit, lines: list[str]) -> str | None:
    """A table row indexed by the anchor's numbers ("Slot 0 FAN 2" -> " 0     2   Present
    Abnormal") that also holds one of the keywords (the state that makes it a finding)."""
    numbers = re.findall(r"\d+", hit.anchor or "")
    if not numbers or not hit.keywords:
        return None
    # Or by its numbered words: a chassis prints its fan tray by label ("FAN2 FAN 1" ->
    # " FAN2    1   Present   Abnormal").
    labels = [re.escape(t) for t in (hit.anchor or "").split() if re.search(r"\d", t)]
    rows = [re.compile(r"(?i)^\s*" + r"\s+".join(keys) + r"\b") for keys in (numbers, labels)]
    return next((x.rstrip() for row in rows for x in lines
                 if row.search(x) and _keyword_hit(x, hit.keywords)), None)


def _lines_for(hit: Hit, text: str) -> tuple[list[str], bool]:
    """The lines showing `hit` in one output, and whether they are complete (the anchor and
    its keyword lines, or keyword lines alone)."""
    lines = text.splitlines()
    if hit.anchor:
        pattern = _anchor_pattern(hit.anchor)
        for number, line in enumerate(lines):
            if pattern.search(line):
                near = [x.rstrip() for x in lines[number + 1:number + hit.span]
                        if _keyword_hit(x, hit.keywords)][:3] if hit.keywords else []
                anchored = _keyword_hit(line, hit.keywords)
                return [line.rstrip(), *near], bool(near) or anchored or not hit.keywords
        row = _table_row(hit, lines)
        return ([row], True) if row else ([], False)
    if hit.keywords:
        found = [x.rstrip() for x in lines if _keyword_hit(x, hit.keywords)][:4]
        return found, bool(found)
    return [], False


def collect(hits: list[Hit], commands: list[str], outputs: Mapping[str, str]) -> list[Evidence]:
    """Evidence for the first few `hits`: the lines of `commands` (the family's sources;
    every output when none of those was captured) that show each one."""
    per_command: dict[str, list[str]] = {}
    pool = [c for c in commands if c in outputs] or list(outputs)
    if any(is_snmp(c) for c in pool):
        return _snmp(hits, outputs, pool)
    for hit in hits[:MAX_EVIDENCE]:
        ranked = sorted(pool, key=lambda c: hit.prefer not in c) if hit.prefer else pool
        best: tuple[str, list[str]] | None = None
        for command in ranked:
            lines, complete = _lines_for(hit, outputs[command])
            lines = [x for x in lines if x.strip()]
            if lines and (complete or best is None):
                best = (command, lines)
                if complete:
                    break
        if best is not None:
            bucket = per_command.setdefault(best[0], [])
            bucket += [x for x in best[1] if x not in bucket]
    return [Evidence(command=c, lines=lines[:MAX_LINES])
            for c, lines in list(per_command.items())[:MAX_EVIDENCE]]


def _snmp(hits: list[Hit], outputs: Mapping[str, str], pool: list[str]) -> list[Evidence]:
    """SNMP captures: the varbinds of each hit (a table row spans several walks)."""
    per_command: dict[str, list[str]] = {}
    for hit in hits[:MAX_EVIDENCE]:
        for evidence in snmp_evidence(hit, outputs, pool):
            bucket = per_command.setdefault(evidence.command, [])
            bucket += [x for x in evidence.lines if x not in bucket]
    return [Evidence(command=c, lines=lines[:MAX_LINES])
            for c, lines in list(per_command.items())[:MAX_SNMP_QUERIES]]
