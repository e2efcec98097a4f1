"""Error-log analysis: lines by severity, and known bad patterns (fan / power failure, high
temperature, authentication failures, ECC errors, link down of uplinks, flapping)."""

from __future__ import annotations

import re
from collections import Counter

from inspector.catalog import Both, Joined, Phrase, Term, render
from inspector.checks.base import Context, Hit, NotChecked, Outcome, Text
from inspector.checks.code.network import is_uplink
from inspector.checks.code.words import matches
from inspector.checks.metrics import SEVERITY_NAMES, locators
from inspector.model import Interface, LogEntry, Severity

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_STAMP = re.compile(r"(?:(?P<mon>[A-Za-z]{3})\s+(?P<day>\d{1,2})|\d{4}-(?P<m>\d{2})-(?P<d>\d{2}))"
                    r".*?(?P<time>\d{1,2}:\d{2}:\d{2})")
# Interface names in link up/down messages: "Interface Gi1/0/1, changed state to down",
# "Interface eth-0-50 changed state to down", "GigabitEthernet0/0/17 has turned into DOWN".
_IFACE = re.compile(r"(?i)\b(?:interface\s+)?([A-Za-z][A-Za-z-]*\d+(?:[/:.]\d+)*)")


def _sort_key(entry: LogEntry) -> tuple[int, int, str] | None:
    """(month, day, time) of a device timestamp; devices rarely print the year or zone."""
    found = _STAMP.search(entry.timestamp or "")
    if found is None:
        return None
    month = MONTHS.get((found["mon"] or "").lower()) or int(found["m"] or 0)
    day = int(found["day"] or found["d"] or 0)
    return month, day, found["time"].zfill(8)


def newest_first(entries: list[LogEntry]) -> list[LogEntry]:
    """Newest first when every timestamp can be read; else the buffer's own order reversed
    (most platforms print oldest first)."""
    keys = [_sort_key(e) for e in entries]
    if all(k is not None for k in keys):
        order = sorted(range(len(entries)), key=lambda i: keys[i] or (0, 0, ""), reverse=True)
        return [entries[i] for i in order]
    return list(reversed(entries))


def _log_lines(ctx: Context) -> list[LogEntry]:
    entries: list[LogEntry] = ctx.data("logs")
    lines = [e for e in entries if e.source == "log"]
    fam = ctx.family("logs")
    if not lines and not any(s.status == "ok" and "alarm" not in s.command
                             for s in fam.sources):
        raise NotChecked(Phrase("check.no_log_buffer"))
    return lines


def _hit(entry: LogEntry, label: Text, severity: Severity | None = None) -> Hit:
    """A log line as a finding shows it: the pattern and the message's name, short; the
    whole line is in the evidence (found through `locators`)."""
    sev = entry.severity if entry.severity is not None else 7
    what = entry.mnemonic or " ".join(entry.message.split()[:8])
    return Hit(render(label, "en"), sev, Phrase("check.log_hit", label=label, what=what[:100]),
               keywords=locators(entry), severity=severity)


def by_severity(ctx: Context) -> Outcome:
    """Lines at or above the configured syslog severities (levels from the thresholds)."""
    lines = _log_lines(ctx)
    counts = Counter(e.severity for e in lines if e.severity is not None)
    summary = Joined([Phrase("check.count_of", n=counts[s], what=Term("syslog", SEVERITY_NAMES[s]))
                      for s in sorted(counts)], "comma") if counts else Phrase("check.empty")
    hits = [_hit(e, Term("syslog", SEVERITY_NAMES[e.severity or 0]))
            for e in newest_first(lines) if e.severity is not None]
    return Outcome(hits, Phrase("check.log_summary", n=len(lines), counts=summary))


def _link_down_interface(entry: LogEntry, ctx: Context) -> str | None:
    text = f"{entry.mnemonic or ''} {entry.message}"
    if not matches(text, ctx.params["link_down_words"]):
        return None
    found = _IFACE.search(entry.message.replace("Interface ", "").replace("interface ", ""))
    return found.group(1) if found else None


def _short(name: str) -> str:
    """A comparable interface name: 'GigabitEthernet1/0/1' and 'Gi1/0/1' -> 'gi1/0/1'."""
    match = re.match(r"([A-Za-z-]+)(.*)", name)
    return (match.group(1)[:2] + match.group(2)).lower() if match else name.lower()


def _link_findings(ctx: Context, lines: list[LogEntry]) -> list[Hit]:
    interfaces: list[Interface] = ctx.optional("interfaces") or []
    uplinks = {_short(i.name) for i in interfaces if is_uplink(i, ctx.params["uplink_words"])}
    downs: dict[str, list[LogEntry]] = {}
    for entry in lines:
        name = _link_down_interface(entry, ctx)
        if name:
            downs.setdefault(_short(name), []).append(entry)
    hits = []
    levels = ctx.resolved.levels
    flaps = int(ctx.params["flap_count"])
    for name, entries in downs.items():
        if len(entries) >= flaps:
            hits.append(_hit(entries[0], Phrase("check.flapping", n=len(entries)),
                             levels["flapping"]))
        elif name in uplinks:
            hits.append(_hit(entries[0], Phrase("check.uplink_down_label"),
                             levels["uplink_down"]))
    return hits


def patterns(ctx: Context) -> Outcome:
    lines = newest_first(_log_lines(ctx))
    hits: list[Hit] = []
    counts: list[Text] = []
    for pattern in ctx.params["patterns"]:
        found = [e for e in lines
                 if matches(f"{e.mnemonic or ''} {e.message}", pattern.get("words", []))]
        if found:
            name = Both(str(pattern.get("zh", pattern["en"])), str(pattern["en"]))
            label = Phrase("check.times", what=name, n=len(found))
            counts.append(label)
            severity = Severity(pattern.get("severity", "minor"))
            hits += [_hit(e, label, severity) for e in found[:3]]
    links = _link_findings(ctx, lines)
    said: dict[str, tuple[Text, int]] = {}  # a link pattern's label, and how often it hit
    for hit in links:
        label, times = said.get(hit.subject, (hit.display.params["label"], 0))
        said[hit.subject] = (label, times + 1)
    counts += [Phrase("check.times", what=label, n=times) for label, times in said.values()]
    hits += links
    summary = Joined(counts, "comma") if counts else Phrase("check.no_pattern", n=len(lines))
    return Outcome(hits, summary)
