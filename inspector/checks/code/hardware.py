"""Physical state: fans, power supplies, modules/boards, temperatures, other sensors.

Fans and PSUs are read from `sensors`, else from `inventory` (some platforms list them
only there); the two lists name the same parts differently, so they are never merged.
"""

from __future__ import annotations

from inspector.catalog import Joined, Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome, fmt
from inspector.model import InventoryItem, Sensor

BAD_SENSOR = ("critical", "warning")
# "nopower": Ruijie's cabled-but-unpowered supply ("LinkAndNoPower").
FAILED_WORDS = ("fail", "fault", "abnormal", "error", "bad", "critical", "nopower")
ABSENT_WORDS = ("absent", "not present", "notpresent", "not-present", "missing")


def _parts(ctx: Context, kind: str) -> list[tuple[str, str | None]]:
    """(name, status) of every fan or PSU, from sensors else from the inventory."""
    sensors: list[Sensor] = ctx.optional("sensors") or []
    found: list[tuple[str, str | None]] = [(s.name, s.status) for s in sensors if s.kind == kind]
    if found:
        return found
    items: list[InventoryItem] = ctx.optional("inventory") or []
    found = [(i.name, _item_state(i.status, ctx)) for i in items if i.kind == kind]
    if not found:
        raise NotChecked(Phrase("check.no_part_reported", part=Term("part", kind)))
    return found


def _item_state(status: str | None, ctx: Context) -> str | None:
    """An inventory status in sensor words: ok / critical / absent / None (not said)."""
    if status is None:
        return None
    word = status.strip().lower()
    if word in ctx.params["absent_states"]:
        return "absent"
    return "ok" if word in ctx.params["ok_states"] else "critical"


def _with_state(parts: list[tuple[str, str | None]], kind: str) -> list[tuple[str, str]]:
    """The parts that say their state; none saying it leaves the item unchecked."""
    told = [(name, status) for name, status in parts if status not in (None, "unknown")]
    if not told:
        raise NotChecked(Phrase("check.no_part_state", part=Term("part", kind)))
    return told


def _state(name: str, status: str | None) -> Phrase:
    """"FAN 2: failed": a part and its state in the reader's words."""
    return Phrase("check.named_state", name=name,
                  state=Term("sensor_status", status or "state_unknown"))


def fans(ctx: Context) -> Outcome:
    parts = _with_state(_parts(ctx, "fan"), "fan")
    levels = ctx.resolved.levels
    failed = [name for name, status in parts if status in BAD_SENSOR]
    absent = [name for name, status in parts if status == "absent"]
    working = len(parts) - len(failed) - len(absent)
    hits = [Hit(n, "failed", _state(n, "failed"), anchor=n, keywords=FAILED_WORDS, span=4,
                severity=levels["failed"]) for n in failed]
    hits += [Hit(n, "absent", _state(n, "absent"), anchor=n, keywords=ABSENT_WORDS, span=4,
                 severity=levels["absent"]) for n in absent]
    if hits and working == 0:
        hits[0].severity = levels["none_working"]
    return Outcome(hits, Phrase("check.fans_working", working=working, total=len(parts)))


def psu_failed(ctx: Context) -> Outcome:
    parts = _with_state(_parts(ctx, "psu"), "psu")
    hits = [Hit(n, status, _state(n, status), anchor=n, keywords=FAILED_WORDS, span=4,
                severity=ctx.resolved.levels["failed"], prefer="power")
            for n, status in parts if status in BAD_SENSOR]
    return Outcome(hits, Phrase("check.psus_not_failed", good=len(parts) - len(hits),
                                total=len(parts)))


def psu_redundancy(ctx: Context) -> Outcome:
    parts = _parts(ctx, "psu")
    if all(status is None for _, status in parts):
        raise NotChecked(Phrase("check.no_part_state", part=Term("part", "psu")))
    working = [n for n, status in parts if status == "ok"]
    needed = int(ctx.params["min_working"])
    summary = Phrase("check.psus_working", working=len(working), total=len(parts), need=needed)
    threshold = Phrase("check.psus_threshold", need=needed)
    if len(working) >= needed:
        return Outcome([], summary, threshold=threshold)
    severity = ctx.resolved.levels["lost"]
    # The supplies that do not work: the redundancy they cost is said first (it is what
    # this check adds when the same fault is also a failed-PSU finding).
    hits = [Hit(n, status, _state(n, status), anchor=n,
                keywords=ABSENT_WORDS + FAILED_WORDS, span=4, severity=severity, prefer="power")
            for n, status in parts if status != "ok"]
    if hits:
        lost = Hit("redundancy", len(working), Phrase("check.redundancy_lost", summary=summary),
                   severity=severity)
        return Outcome([lost, *hits], summary, threshold=threshold)
    # Every listed supply works but there are fewer than needed: a single-PSU model, no
    # redundancy by design (worth knowing; `min_working: 1` for such models silences it).
    single = Hit("device", len(working), summary, severity=ctx.resolved.levels["single"])
    return Outcome([single], summary, threshold=threshold)


def modules(ctx: Context) -> Outcome:
    items: list[InventoryItem] = ctx.data("inventory")
    boards = [i for i in items if i.kind in ctx.params["kinds"]]
    hits = []
    for item in boards:
        word = (item.status or "").strip().lower()
        if not word or word in ctx.params["ok_states"] or word in ctx.params["absent_states"]:
            continue
        hits.append(Hit(item.name, item.status,
                        Phrase("check.named_state", name=item.name,
                               state=Term("part_state", item.status or "")),
                        anchor=item.name, keywords=(item.status or "",),
                        severity=ctx.resolved.levels["abnormal"]))
    with_state = [i for i in boards if i.status]
    if not with_state:
        raise NotChecked(Phrase("check.no_module_state"))
    return Outcome(hits, Phrase("check.modules_normal", good=len(with_state) - len(hits),
                                total=len(with_state)))


def _temperature_levels(sensor: Sensor, ctx: Context) -> tuple[float, float, str]:
    """(warning, critical) limits: the device's own when it has them, else the defaults."""
    own_warn, own_crit = sensor.high_warn, sensor.high_crit
    warn = own_warn if own_warn is not None else float(ctx.params["default_high_warn"])
    crit = own_crit if own_crit is not None else float(ctx.params["default_high_crit"])
    source = "device" if own_warn is not None or own_crit is not None else "default"
    return warn, crit, source


def temperature(ctx: Context) -> Outcome:
    sensors: list[Sensor] = ctx.data("sensors")
    temps = [s for s in sensors if s.kind == "temperature"]
    if not temps:
        raise NotChecked(Phrase("check.no_temperature_sensor"))
    levels = ctx.resolved.levels
    hits = []
    for s in temps:
        warn, crit, source = _temperature_levels(s, ctx)
        over_crit = s.status == "critical" or (s.value is not None and s.value >= crit)
        over_warn = s.status == "warning" or (s.value is not None and s.value >= warn)
        if not (over_crit or over_warn):
            continue
        shown = f"{fmt(s.value)} °C" if s.value is not None else Term("sensor_status", s.status)
        hits.append(Hit(s.name, s.value,
                        Phrase("check.temperature_hit", name=s.name, shown=shown, warn=fmt(warn),
                               crit=fmt(crit), source=Term("limit_source", source)),
                        anchor=s.name, span=4, keywords=("temp", "°", "celsius", "state"),
                        severity=levels["over_critical" if over_crit else "over_warning"]))
    hottest = max((s.value for s in temps if s.value is not None), default=None)
    if hottest is None and all(s.status in ("unknown", "absent") for s in temps):
        raise NotChecked(Phrase("check.no_temperature_state"))
    summary = Phrase("check.sensors_hottest", n=len(temps), hottest=fmt(hottest)) \
        if hottest is not None else Phrase("check.sensors_states_only", n=len(temps))
    return Outcome(hits, summary, threshold=Phrase(
        "check.temperature_threshold", warn=fmt(ctx.params["default_high_warn"]),
        crit=fmt(ctx.params["default_high_crit"])))


def sensor_status(ctx: Context) -> Outcome:
    """Voltage, current and power sensors (IPMI on servers) in a warning or critical state."""
    sensors: list[Sensor] = ctx.data("sensors")
    watched = [s for s in sensors if s.kind in ctx.params["kinds"]]
    if not watched:
        kinds = ctx.params["kinds"]
        raise NotChecked(Phrase("check.no_sensor_of_kinds", kinds_id="/".join(kinds),
                                kinds=Joined([Term("sensor_kind", k) for k in kinds],
                                             "list_sep")))
    levels = ctx.resolved.levels
    hits = [Hit(s.name, s.status, _sensor_state(s), anchor=s.name,
                severity=levels[f"{s.status}_state"])
            for s in watched if s.status in ("critical", "warning")]
    return Outcome(hits, Phrase("check.sensors_normal", good=len(watched) - len(hits),
                                total=len(watched)))


def _sensor_state(sensor: Sensor) -> Phrase:
    """"PSU1 Vin: critical (0 V)": the state, and the reading when there is one."""
    state = _state(sensor.name, sensor.status)
    if sensor.value is None:
        return state
    reading = f"{fmt(sensor.value)} {sensor.unit or ''}".rstrip()
    return Phrase("check.with_note", text=state,
                  note=Phrase("check.paren_note", text=reading))
