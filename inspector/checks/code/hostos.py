"""A server's own operating system (Linux over SSH): filesystems and inodes, swap, load
against the CPU count, failed units, known kernel faults, software RAID, SMART, hardware
RAID controllers and multipath paths, and a long uptime without patches.

Values graded by a rule's thresholds are returned ungraded (the engine grades them);
conditions are graded by the rule's levels. A host without the thing checked (no swap, no
md array, no disk whose SMART health was read) leaves the check unchecked with its reason,
never passed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.catalog import Both, Joined, Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome, Text, fmt
from inspector.checks.code.words import matches
from inspector.checks.metrics import locators
from inspector.model import (
    Evidence,
    Filesystem,
    LogEntry,
    OsState,
    Service,
    Severity,
    StoragePart,
)

DAY_S = 86400


def filesystems(ctx: Context) -> Outcome:
    """Each filesystem's block (or inode) usage, `params.field`, for the thresholds."""
    field = str(ctx.params["field"])
    records: list[Filesystem] = ctx.data("filesystems")
    hits = []
    for fs in records:
        value = getattr(fs, field)
        if value is not None:
            hits.append(Hit(fs.mount, value, Phrase(f"check.os_{field}", mount=fs.mount,
                                                    value=fmt(value)),
                            keywords=(fs.device or fs.mount,), span=1))
    if not hits:
        raise NotChecked(Phrase(f"check.os_no_{field}"))
    return Outcome(hits, Phrase("check.os_fs_summary", n=len(hits),
                                top=fmt(max(h.value for h in hits))))


def _os(ctx: Context) -> OsState:
    state: OsState = ctx.data("os")
    return state


def swap(ctx: Context) -> Outcome:
    state = _os(ctx)
    if state.swap_total_bytes == 0:
        raise NotChecked(Phrase("check.os_no_swap"), "not_applicable")
    if state.swap_pct is None:
        raise NotChecked(Phrase("check.os_swap_unknown"))
    hit = Hit("swap", state.swap_pct, Phrase("check.os_swap", value=fmt(state.swap_pct)),
              keywords=("SwapTotal", "SwapFree"))
    return Outcome([hit], "")


def load(ctx: Context) -> Outcome:
    """The 5-minute load average per CPU (a load of 16 on 16 CPUs is 1.0)."""
    state = _os(ctx)
    if state.load_5m is None or not state.cpu_count:
        raise NotChecked(Phrase("check.os_load_unknown"))
    per_cpu = round(state.load_5m / state.cpu_count, 2)
    hit = Hit("load", per_cpu, Phrase("check.os_load", load=fmt(state.load_5m),
                                      cpus=state.cpu_count, value=fmt(per_cpu)),
              keywords=(f"{state.load_5m:.2f}",))
    return Outcome([hit], "")


def failed_units(ctx: Context) -> Outcome:
    units: list[Service] = ctx.data("services")
    severity = ctx.resolved.levels["unit_failed"]
    hits = [Hit(u.name, u.active, Phrase("check.os_unit_failed", name=u.name,
                                         description=u.description or ""),
                keywords=(u.name,), span=1, severity=severity) for u in units]
    return Outcome(hits, Phrase("check.os_no_failed_unit"))


def kernel_errors(ctx: Context) -> Outcome:
    """Kernel lines of known faults (`params.patterns`: words, names and a level each), up
    to three lines shown per pattern."""
    entries: list[LogEntry] = ctx.data("logs")
    hits: list[Hit] = []
    counts: list[Text] = []
    for pattern in ctx.params["patterns"]:
        found = [e for e in entries
                 if matches(f"{e.mnemonic or ''} {e.message}", pattern.get("words", []))]
        if not found:
            continue
        name = Both(str(pattern.get("zh", pattern["en"])), str(pattern["en"]))
        counts.append(Phrase("check.times", what=name, n=len(found)))
        severity = Severity(pattern.get("severity", "minor"))
        hits += [Hit(str(pattern["en"]), len(found),
                     Phrase("check.os_kernel_line", what=name, line=e.message[:120]),
                     keywords=locators(e), severity=severity) for e in found[:3]]
    summary = Joined(counts, "comma") if counts else Phrase("check.os_no_kernel_fault",
                                                           n=len(entries))
    # Each pattern carries its own level: state them as the finding's threshold.
    levels = Joined([Phrase("check.level_condition",
                            condition=Both(str(p.get("zh", p["en"])), str(p["en"])),
                            level=Term("severity", Severity(p.get("severity", "minor")).value))
                     for p in ctx.params["patterns"]])
    return Outcome(hits, summary, threshold=levels)


def _parts(ctx: Context, part: str, missing: str) -> list[StoragePart]:
    found = [p for p in ctx.data("storage") if isinstance(p, StoragePart) and p.part == part]
    if not found:
        raise NotChecked(Phrase(missing), "not_applicable")
    return found


def md_arrays(ctx: Context) -> Outcome:
    """Software RAID arrays: degraded, rebuilding or inactive, each graded by its level."""
    arrays = _parts(ctx, "raid", "check.os_no_md")
    levels = ctx.resolved.levels
    hits = [Hit(a.name, a.health, Phrase("check.os_md", name=a.name, level=a.type or "?",
                                         state=Term("os_md_state", a.health or "unknown"),
                                         members=a.location or ""),
                anchor=a.name, keywords=("blocks", "recovery", "resync"), span=3,
                severity=levels[f"md_{a.health}"], graded=True)
            for a in arrays if f"md_{a.health}" in levels]
    return Outcome(hits, Phrase("check.os_md_summary", good=len(arrays) - len(hits),
                                total=len(arrays)))


def _disk_condition(disk: StoragePart, min_life: float) -> str | None:
    if disk.health not in (None, "ok"):
        return "failed"
    if disk.failure_predicted:
        return "predicted"
    life = disk.media_life_left_pct
    return "worn" if life is not None and life <= min_life else None


def smart(ctx: Context) -> Outcome:
    """Disks whose SMART health was read: failed, predicting failure (reallocated, pending
    or uncorrectable sectors, grown defects), or flash nearly worn out."""
    disks = _parts(ctx, "disk", "check.os_no_smart")
    min_life = float(ctx.params["min_media_life_pct"])
    levels = ctx.resolved.levels
    hits = []
    for disk in disks:
        condition = _disk_condition(disk, min_life)
        if condition is not None:
            hits.append(Hit(disk.name, condition, Phrase(
                "check.os_disk", name=disk.name, state=Term("condition", f"disk_{condition}")),
                keywords=SMART_WORDS, severity=levels[f"disk_{condition}"], graded=True))
    return Outcome(hits, Phrase("check.os_disks_summary", good=len(disks) - len(hits),
                                total=len(disks)),
                   extra_evidence=[e for h in hits if (e := _smart_evidence(ctx, h.subject))])


SMART_WORDS = ("overall-health", "Health Status", "Reallocated_Sector", "Current_Pending",
               "Offline_Uncorrectable", "Percentage Used", "grown defect")


def _smart_evidence(ctx: Context, disk: str) -> Evidence | None:
    """The disk's own smartctl output (one command per disk, which the family's sources
    name only by their form, `smartctl -H -A {device}`)."""
    named = disk.split(" -d ")  # "/dev/sda", or "/dev/sda -d megaraid,2"
    for command, output in ctx.outputs.items():
        if "smartctl" in command.split() and set(named) <= set(command.split()):
            lines = [line for line in output.splitlines() if any(w in line for w in SMART_WORDS)]
            return Evidence(command=command, lines=lines[:8])
    return None


def _now(ctx: Context) -> datetime:
    taken = ctx.snapshot.taken_at
    return taken if taken is not None else datetime.now(UTC)


def patch_age(ctx: Context) -> Outcome:
    """A host up for a very long time and not patched for as long: kernel fixes cannot
    have been applied (四级, worth knowing)."""
    state = _os(ctx)
    facts = ctx.optional("facts")
    uptime = getattr(facts, "uptime_seconds", None)
    if state.last_patch is None or uptime is None:
        raise NotChecked(Phrase("check.os_patch_unknown"))
    # The host prints its local time without a zone: a day's precision is enough here.
    patched = state.last_patch.replace(tzinfo=UTC)
    days_since = max(0, (_now(ctx) - patched).days)
    up_days = uptime // DAY_S
    limit_up, limit_patch = int(ctx.params["uptime_days"]), int(ctx.params["patch_days"])
    shown = Phrase("check.os_patch", up=up_days, patched=state.last_patch.date().isoformat(),
                   days=days_since)
    level = ctx.resolved.levels["patch_stale"] if up_days >= limit_up and \
        days_since >= limit_patch else None
    hit = Hit("patch", days_since, shown, keywords=(state.last_patch.strftime("%Y"),),
              severity=level, graded=True)
    return Outcome([hit] if level else [], shown, threshold=Phrase(
        "check.os_patch_threshold", up=limit_up, patched=limit_patch))


def raid_parts(ctx: Context) -> Outcome:
    """The parts of one kind (`params.part`) a RAID controller's tool or multipath reports
    (normalizers/linux/raid.py): each graded by the level its rule gives `<part>_<health>`
    (`raid_volume_degraded`, `path_failed` ...). A host whose inventory permits no such tool,
    or that has none, leaves the check unchecked (not applicable), never passed."""
    part = str(ctx.params["part"])
    parts = _parts(ctx, part, f"check.os_no_{part}")
    levels = ctx.resolved.levels
    said = [p for p in parts if p.health not in (None, "unknown")]
    if not said:
        raise NotChecked(Phrase(f"check.os_no_{part}"), "not_applicable")
    hits = [Hit(p.name, p.health, Phrase(
                "check.os_raid_part", name=p.name,
                state=Term("condition", f"{part}_{p.health}"), said=p.running or "",
                kind=p.type or ""),
                # The tools print the state word on the part's own line; their names
                # (`/c0/v1`, `slot0/ld2`) are ours and appear in no output.
                keywords=(p.running or str(p.health),),
                severity=levels[f"{part}_{p.health}"], graded=True)
            for p in said if f"{part}_{p.health}" in levels]
    return Outcome(hits, Phrase("check.os_raid_summary", good=len(said) - len(hits),
                                total=len(parts), part=Term("os_raid_part", part)))
