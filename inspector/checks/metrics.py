"""Named metrics for threshold rules: each reads one snapshot and returns the values to
compare (one `Hit` per slot, interface, sensor, ...). A rule names its metric; a user rule
file can only pick among these, never supply code."""

from __future__ import annotations

from collections.abc import Callable

from inspector.catalog import Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome, fmt, unit_text, yes_no
from inspector.checks.storage_metrics import pool_usage_pct
from inspector.model import Cpu, Interface, LogEntry, Memory, Ups
from inspector.reasons import reason as said_reason

# The values to compare; an Outcome without hits only when the data itself proves there is
# nothing to judge (an alarm list read and empty). No value otherwise: not checked.
Metric = Callable[[Context], list[Hit] | Outcome]

CPU_WORDS = ("cpu utilization", "cpu usage", "five minutes", "5 minutes", "cpu_usage", "cpu")
MEMORY_WORDS = ("memory", "processor", "mem ", "freeratio", "used")


def cpu_pct(ctx: Context) -> list[Hit]:
    """Per slot: the 5-minute average, else the current utilization (else the 1-minute)."""
    hits = []
    cpus: list[Cpu] = ctx.data("cpu")
    for cpu in cpus:
        for value, basis in ((cpu.avg_5m_pct, "avg_5m"), (cpu.utilization_pct, "current"),
                             (cpu.avg_1m_pct, "avg_1m")):
            if value is not None:
                hits.append(Hit(f"slot {cpu.slot}", value,
                                Phrase("check.cpu_slot", slot=cpu.slot, value=fmt(value),
                                       basis=Term("cpu_basis", basis)), keywords=CPU_WORDS))
                break
    if not hits:
        raise NotChecked(Phrase("check.no_utilization", family_id="cpu",
                                family=Term("family", "cpu")))
    return hits


def memory_pct(ctx: Context) -> list[Hit]:
    hits = []
    memories: list[Memory] = ctx.data("memory")
    for mem in memories:
        value = mem.utilization_pct
        if value is None and mem.total_bytes and mem.used_bytes is not None:
            value = round(100 * mem.used_bytes / mem.total_bytes, 2)
        if value is not None:
            hits.append(Hit(f"slot {mem.slot}", value,
                            Phrase("check.memory_slot", slot=mem.slot, value=fmt(value)),
                            keywords=MEMORY_WORDS))
    if not hits:
        raise NotChecked(Phrase("check.no_utilization", family_id="memory",
                                family=Term("family", "memory")))
    return hits


def _interfaces(ctx: Context) -> list[Interface]:
    return [i for i in ctx.data("interfaces") if isinstance(i, Interface)]


def interface_errors(ctx: Context) -> list[Hit]:
    """Error count per interface: input errors (CRC counted in them; the larger of the two
    when a platform reports CRC apart) plus output errors."""
    hits = []
    for iface in _interfaces(ctx):
        counters = (iface.in_errors, iface.crc_errors, iface.out_errors)
        if all(c is None for c in counters):
            continue
        value = max(iface.in_errors or 0, iface.crc_errors or 0) + (iface.out_errors or 0)
        display = Phrase("check.interface_errors", name=iface.name, crc=iface.crc_errors or 0,
                         input=iface.in_errors or 0, output=iface.out_errors or 0)
        hits.append(Hit(iface.name, value, display, anchor=iface.name,
                        keywords=("crc", "error")))
    if not hits:
        # Platforms leave a zero counter as None; say so rather than pass on nothing.
        if _interfaces(ctx):
            return [Hit("all interfaces", 0, Phrase("check.no_error_counter"))]
        raise NotChecked(Phrase("check.no_error_counters"))
    return hits


def interface_duplex(ctx: Context) -> list[Hit]:
    """Duplex of the interfaces that are up (a down port's duplex means nothing)."""
    up = [i for i in _interfaces(ctx) if i.oper_up and i.duplex]
    if not up:
        raise NotChecked(Phrase("check.no_duplex"))
    return [Hit(i.name, (i.duplex or "").lower(),
                Phrase("check.named_state", name=i.name, state=Term("duplex", i.duplex or "")),
                anchor=i.name, keywords=("duplex", "half")) for i in up]


def interface_err_disabled(ctx: Context) -> list[Hit]:
    """Interfaces whose output says whether they are err-disabled (a platform that never
    says leaves the item unchecked rather than passed)."""
    told = [i for i in _interfaces(ctx) if i.err_disabled is not None]
    if not told:
        raise NotChecked(Phrase("check.no_err_disabled_state"))
    return [Hit(i.name, i.err_disabled is True,
                Phrase("check.named_state", name=i.name, state=Term("port_state", "err_disabled")),
                anchor=i.name,
                keywords=("err-disable", "errdisable", "error-down", "error down"))
            for i in told]


def interface_util_pct(ctx: Context) -> list[Hit]:
    hits = []
    for iface in _interfaces(ctx):
        rates = [r for r in (iface.in_util_pct, iface.out_util_pct) if r is not None]
        if iface.oper_up and rates:
            value = max(rates)
            hits.append(Hit(iface.name, value,
                            Phrase("check.interface_util", name=iface.name,
                                   input=fmt(iface.in_util_pct or 0),
                                   output=fmt(iface.out_util_pct or 0)),
                            anchor=iface.name, keywords=("rate", "util", "bandwidth")))
    if not hits:
        raise NotChecked(Phrase("check.no_interface_util"))
    return hits


def _entries(ctx: Context, source: str) -> list[LogEntry]:
    return [e for e in ctx.data("logs") if isinstance(e, LogEntry) and e.source == source]


SEVERITY_NAMES = ("emergency", "alert", "critical", "error", "warning", "notice",
                  "informational", "debug")


def locators(entry: LogEntry) -> tuple[str, ...]:
    """Text that finds a log or alarm line in the raw output: the message's start, and its
    start without a "slot 1: " style prefix a normalizer may have added."""
    head = entry.message[:40].strip()
    tail = entry.message.split(": ", 1)[-1][:40].strip()
    return tuple(dict.fromkeys(k for k in (head, tail) if k)) or (entry.mnemonic or "",)


def _log_hit(entry: LogEntry, prefer: str = "") -> Hit:
    sev = entry.severity if entry.severity is not None else 7
    when = f"{entry.timestamp} " if entry.timestamp else ""
    tag = f"{entry.mnemonic}: " if entry.mnemonic else ""
    # The message locates the line (a mnemonic such as "ERROR" may be on many lines).
    return Hit(entry.mnemonic or entry.message[:40], sev,
               Phrase("check.log_line", level=Term("syslog", SEVERITY_NAMES[sev]),
                      line=f"{when}{tag}{entry.message}"[:190]),
               keywords=locators(entry), prefer=prefer)


def _read(ctx: Context, word: str, what: str) -> None:
    """NotChecked unless a `logs` command containing `word` was read (and parsed)."""
    sources = [s for s in ctx.family("logs").sources if word in s.command]
    if not any(s.status == "ok" for s in sources):
        why = sources[0].reason if sources and sources[0].reason else ""
        raise NotChecked(Phrase("check.not_read", what=Term("log_source", what),
                                note=Phrase("check.paren_note", text=said_reason(why))
                                if why else ""),
                         "failed" if sources else "not_collected")


def alarm_severity(ctx: Context) -> list[Hit] | Outcome:
    """Active alarms (log entries of source ``alarm``), by syslog-scale severity."""
    alarms = _entries(ctx, "alarm")
    if not alarms:
        _read(ctx, "alarm", "alarm_list")
        return Outcome([], Phrase("check.no_active_alarm"))
    return [_log_hit(a, "alarm") for a in alarms if a.severity is not None]


def sel_severity(ctx: Context) -> list[Hit] | Outcome:
    """A BMC's system event log entries (log entries of source ``sel``), from ipmitool or
    from the Redfish LogServices."""
    entries = _entries(ctx, "sel")
    if not entries:
        redfish = any("/LogServices/" in s.command for s in ctx.family("logs").sources)
        _read(ctx, "/LogServices/" if redfish else "sel elist", "system_event_log")
        return Outcome([], Phrase("check.no_sel_event"))
    return [_log_hit(e) for e in entries if e.severity is not None]


def uptime_seconds(ctx: Context) -> list[Hit]:
    uptime = ctx.data("facts").uptime_seconds
    if uptime is None:
        raise NotChecked(Phrase("check.not_parsed", family_id="facts",
                                family=Term("family", "facts"), field_id="uptime",
                                field=Term("field", "uptime")))
    days, rest = divmod(int(uptime), 86400)
    hours, rest = divmod(rest, 3600)
    text = Phrase("check.days_hours_minutes", days=days, hours=hours, minutes=rest // 60) \
        if days else Phrase("check.hours_minutes", hours=hours, minutes=rest // 60)
    return [Hit("device", uptime, Phrase("check.uptime", text=text),
                keywords=("uptime", "up time", "run time", "restart", "reload"))]


def _flag(family: str, attribute: str, keywords: tuple[str, ...]) -> Metric:
    def metric(ctx: Context) -> list[Hit]:
        value = getattr(ctx.data(family), attribute)
        if value is None:
            raise NotChecked(Phrase("check.not_parsed", family_id=family,
                                    family=Term("family", family), field_id=attribute,
                                    field=Term("field", attribute)))
        return [Hit("device", value, Phrase("check.field_value", field=Term("field", attribute),
                                            value=yes_no(value)), keywords=keywords)]
    return metric


def _ups(attribute: str, unit: str) -> Metric:
    def metric(ctx: Context) -> list[Hit]:
        ups: Ups = ctx.data("ups")
        value = getattr(ups, attribute)
        if value is None:
            raise NotChecked(Phrase("check.ups_not_reported", field_id=attribute,
                                    field=Term("field", attribute)))
        shown = yes_no(value) if isinstance(value, bool) else Phrase(
            "check.value_unit", value=fmt(value), unit=unit_text(unit))
        fields = (f"ups.{attribute}",) if attribute != "on_battery" else (
            "ups.on_battery", "ups.status")  # most profiles derive it from the status
        return [Hit("UPS", value, Phrase("check.field_value", field=Term("field", attribute),
                                         value=shown), snmp_fields=fields)]
    return metric


METRICS: dict[str, Metric] = {
    "cpu_pct": cpu_pct,
    "memory_pct": memory_pct,
    "interface_errors": interface_errors,
    "interface_duplex": interface_duplex,
    "interface_err_disabled": interface_err_disabled,
    "interface_util_pct": interface_util_pct,
    "alarm_severity": alarm_severity,
    "sel_severity": sel_severity,
    "uptime_seconds": uptime_seconds,
    "ntp_synchronized": _flag("ntp", "synchronized", ("synchron", "stratum", "clock status")),
    "config_saved": _flag("config", "saved", ("change", "save", "differ", "startup", "+", "-")),
    "storage_pool_pct": pool_usage_pct,
    "ups_on_battery": _ups("on_battery", ""),
    "ups_charge_pct": _ups("charge_pct", "%"),
    "ups_runtime_min": _ups("runtime_min", "min"),
    "ups_load_pct": _ups("output_load_pct", "%"),
    "ups_input_voltage_v": _ups("input_voltage_v", "V"),
}
