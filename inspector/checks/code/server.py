"""A server's hardware as its BMC reports it over Redfish: the health rollup, the RAID
controllers, drives and volumes, the memory modules.

Each check grades a part by the worst thing known about it (one hit per part), with the
levels of its rule; a BMC that reports no such part leaves the check unchecked (未检),
never passed. Device words (Redfish's OK / Warning / Critical, a state such as Degraded)
are shown through the catalogs' `rf_state` terms, else as the device wrote them.
"""

from __future__ import annotations

from inspector.catalog import Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome, fmt
from inspector.model import HealthStatus, MemoryModule, StoragePart

BAD = ("critical", "warning")
# States (Status.State, or an OEM drive state) of a part that no longer works.
FAILED_STATES = ("failed", "offline", "unconfiguredbad", "unavailableoffline", "missing")
DEGRADED_STATES = ("degraded", "rebuilding", "rebuild", "partiallydegraded")


def _state(word: str | None) -> Term:
    return Term("rf_state", word or "unknown")


def subject(word: str) -> Phrase:
    """"system:1" as "system 1" / "系统 1"."""
    kind, _, ident = word.partition(":")
    return Phrase("check.rf_subject", what=Term("rf_subject", kind), id=ident)


def _parts(ctx: Context, part: str) -> list[StoragePart]:
    found = [p for p in ctx.data("storage") if isinstance(p, StoragePart) and p.part == part]
    if not found:
        raise NotChecked(Phrase("check.rf_no_part", part_id=part, part=Term("rf_part", part)))
    return found


def _hit(subject: str, value: object, display: Phrase, level: str, ctx: Context,
         anchor: str | None = None) -> Hit:
    """A part graded at `level`; its evidence: the part's name in the BMC's answer, then
    its health and state words."""
    return Hit(subject, value, display, anchor=anchor or subject,
               keywords=("Health", "State"), span=30, severity=ctx.resolved.levels[level],
               graded=True)


def health_rollup(ctx: Context) -> Outcome:
    """The rollups the BMC computes (system, processors, memory, storage, chassis)."""
    records: list[HealthStatus] = ctx.data("health")
    said = [r for r in records if r.health or r.rollup]
    if not said:
        raise NotChecked(Phrase("check.rf_no_health"))
    hits = []
    for record in said:
        worst = "critical" if "critical" in (record.health, record.rollup) else \
            "warning" if "warning" in (record.health, record.rollup) else None
        if worst is not None:
            hits.append(_hit(record.subject, worst, Phrase(
                "check.rf_health", subject=subject(record.subject), health=_state(record.health),
                rollup=_state(record.rollup or record.health)), f"rollup_{worst}", ctx,
                anchor="HealthRollup"))
    return Outcome(hits, Phrase("check.rf_health_summary", n=len(said), bad=len(hits)))


def controllers(ctx: Context) -> Outcome:
    parts = _parts(ctx, "controller")
    hits = []
    for part in parts:
        if part.health == "critical" or (part.running or "") in FAILED_STATES:
            level = "failed"
        elif part.health == "warning":
            level = "warning"
        else:
            continue
        hits.append(_hit(part.name, part.health, Phrase(
            "check.rf_part_state", name=part.name, state=_state(part.health),
            running=_state(part.running)), level, ctx))
    return Outcome(hits, Phrase("check.rf_controllers", good=len(parts) - len(hits),
                                total=len(parts)))


def _drive_level(part: StoragePart, min_life: float) -> tuple[str, Phrase] | None:
    if part.health == "critical" or (part.running or "") in FAILED_STATES:
        return "failed", Phrase("check.rf_part_state", name=part.name,
                                state=_state(part.health), running=_state(part.running))
    if part.failure_predicted:
        return "predicted", Phrase("check.rf_drive_predicted", name=part.name)
    life = part.media_life_left_pct
    if life is not None and life <= min_life:
        return "worn", Phrase("check.rf_drive_worn", name=part.name, life=fmt(life),
                              limit=fmt(min_life))
    if part.health == "warning":
        return "predicted", Phrase("check.rf_part_state", name=part.name,
                                   state=_state(part.health), running=_state(part.running))
    return None


def drives(ctx: Context) -> Outcome:
    parts = _parts(ctx, "disk")
    min_life = float(ctx.params["min_media_life_pct"])
    hits = []
    for part in parts:
        graded = _drive_level(part, min_life)
        if graded is not None:
            hits.append(_hit(part.name, part.health, graded[1], graded[0], ctx))
    return Outcome(hits, Phrase("check.rf_drives", good=len(parts) - len(hits),
                                total=len(parts)),
                   threshold=Phrase("check.rf_life_threshold", limit=fmt(min_life)))


def volumes(ctx: Context) -> Outcome:
    parts = _parts(ctx, "volume")
    hits = []
    for part in parts:
        running = (part.running or "").replace(" ", "")
        if part.health == "critical" or running in FAILED_STATES:
            level = "failed"
        elif part.health == "warning" or running in DEGRADED_STATES:
            level = "degraded"
        else:
            continue
        hits.append(_hit(part.name, part.running or part.health, Phrase(
            "check.rf_volume", name=part.name, raid=part.type or "?",
            state=_state(part.health), running=_state(part.running)), level, ctx))
    return Outcome(hits, Phrase("check.rf_volumes", good=len(parts) - len(hits),
                                total=len(parts)))


def _dimm_level(module: MemoryModule, most: int) -> tuple[str, Phrase] | None:
    if (module.uncorrectable_errors or 0) > 0 or module.health == "critical":
        return "uncorrectable", Phrase(
            "check.rf_dimm_uncorrectable", name=module.name,
            count=fmt(module.uncorrectable_errors) if module.uncorrectable_errors is not None
            else "?", health=_state(module.health))
    if module.correctable_errors is not None and module.correctable_errors >= most:
        return "correctable", Phrase("check.rf_dimm_correctable", name=module.name,
                                     count=module.correctable_errors, limit=most)
    if module.health == "warning":
        return "correctable", Phrase("check.rf_dimm_health", name=module.name,
                                     health=_state(module.health))
    return None


def memory_modules(ctx: Context) -> Outcome:
    modules: list[MemoryModule] = ctx.data("memory_modules")
    if not modules:
        raise NotChecked(Phrase("check.rf_no_part", part_id="memory_module",
                                part=Term("rf_part", "memory_module")))
    most = int(ctx.params["correctable_max"])
    hits = []
    for module in modules:
        graded = _dimm_level(module, most)
        if graded is not None:
            hits.append(_hit(module.name, module.health, graded[1], graded[0], ctx))
    return Outcome(hits, Phrase("check.rf_dimms", good=len(modules) - len(hits),
                                total=len(modules)),
                   threshold=Phrase("check.rf_correctable_threshold", limit=most))
