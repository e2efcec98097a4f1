"""Linux: the system as a whole — facts, kernel, load, memory, failed units, time sync,
kernel log lines, last package change."""

from __future__ import annotations

import re
from datetime import datetime

from inspector.model import Facts, LogEntry, Memory, Ntp, OsState, Service
from inspector.parsing.normalizers.common import ParseContext, Record, to_float, to_int

KIB = 1024


def hostname(rows: list[Record], ctx: ParseContext) -> Facts:
    return Facts(hostname=rows[0]["HOSTNAME"])


def os_release(rows: list[Record], ctx: ParseContext) -> Facts:
    """PRETTY_NAME names the release (`Red Hat Enterprise Linux 8.9 (Ootpa)`), else NAME and
    VERSION_ID. The vendor stays the server's maker (its BMC or the inventory says it), not
    the distribution's."""
    row = rows[0]
    version = row["PRETTY_NAME"] or " ".join(v for v in (row["NAME"], row["VERSION_ID"]) if v)
    return Facts(os_version=version or None)


def uptime(rows: list[Record], ctx: ParseContext) -> Facts:
    return Facts(uptime_seconds=int(float(rows[0]["UPTIME"])))


def kernel(rows: list[Record], ctx: ParseContext) -> OsState:
    return OsState(kernel=rows[0]["KERNEL"])


def cpu_count(rows: list[Record], ctx: ParseContext) -> OsState:
    return OsState(cpu_count=to_int(rows[0]["CPUS"]))


def loadavg(rows: list[Record], ctx: ParseContext) -> OsState:
    row = rows[0]
    return OsState(load_1m=to_float(row["LOAD_1M"]), load_5m=to_float(row["LOAD_5M"]),
                   load_15m=to_float(row["LOAD_15M"]))


def _kib(row: Record, key: str) -> int | None:
    value = to_int(row[key])
    return None if value is None else value * KIB


def _used(total: int | None, free: int | None) -> tuple[int | None, float | None]:
    if total is None or free is None or total <= 0:
        return None, None
    used = max(total - free, 0)
    return used, round(100.0 * used / total, 1)


def meminfo(rows: list[Record], ctx: ParseContext) -> list[Memory]:
    """RAM as one slot, `ram`: used = total - available (what applications could still
    get without swapping)."""
    row = rows[0]
    total = _kib(row, "MEM_TOTAL")
    available = _kib(row, "MEM_AVAILABLE")
    if available is None:  # before MemAvailable: free + buffers + page cache + slab
        parts = [_kib(row, k) for k in ("MEM_FREE", "BUFFERS", "CACHED", "SRECLAIMABLE")]
        available = sum(p for p in parts if p is not None) if parts[0] is not None else None
    used, pct = _used(total, available)
    return [Memory(slot="ram", total_bytes=total, used_bytes=used, utilization_pct=pct)]


def swap(rows: list[Record], ctx: ParseContext) -> OsState:
    """Swap space: 0 total when the host has none (nothing to grade)."""
    total = _kib(rows[0], "SWAP_TOTAL")
    if total is None:
        raise ValueError("no SwapTotal line")
    used, pct = _used(total, _kib(rows[0], "SWAP_FREE"))
    return OsState(swap_total_bytes=total, swap_used_bytes=used, swap_pct=pct)


def failed_units(rows: list[Record], ctx: ParseContext) -> list[Service]:
    return [Service(name=r["UNIT"], load=r["LOAD"] or None, active=r["ACTIVE"] or None,
                    sub=r["SUB"] or None, description=r["DESCRIPTION"] or None) for r in rows]


def chrony(rows: list[Record], ctx: ParseContext) -> Ntp:
    """Synchronised when chrony has a reference (stratum 1..15) and the leap status is not
    "Not synchronised"."""
    row = rows[0]
    stratum = to_int(row["STRATUM"])
    leap = (row["LEAP"] or "").lower()
    synced = bool(stratum and 0 < stratum < 16) and "not synchron" not in leap
    offset = to_float(row["SYSTEM_TIME"])
    if offset is not None:
        offset = round(offset * 1000 * (-1 if row["DIRECTION"] == "slow" else 1), 3)
    return Ntp(synchronized=synced, stratum=stratum, offset_ms=offset,
               reference=row["REF_NAME"] or _reference_id(row["REF_ID"]))


def _reference_id(ref_id: str) -> str | None:
    """chrony's reference id, unless it is the all-zero one of "no reference"."""
    return ref_id if ref_id.strip("0") else None


def ntpq(rows: list[Record], ctx: ParseContext) -> Ntp:
    """ntpd is synchronised to the peer marked `*` (`o`: the PPS peer)."""
    chosen = next((r for r in rows if r["TALLY"] in "*o"), None)
    if chosen is None:
        return Ntp(synchronized=False)
    return Ntp(synchronized=True, stratum=to_int(chosen["STRATUM"]),
               offset_ms=to_float(chosen["OFFSET"]), reference=chosen["REMOTE"])


def timedatectl(rows: list[Record], ctx: ParseContext) -> Ntp:
    row = rows[0]
    if not row["NTP_SYNCHRONIZED"]:
        raise ValueError("no NTPSynchronized line")
    return Ntp(synchronized=row["NTP_SYNCHRONIZED"] == "yes")


# A kernel line's subsystem, when it starts with one (`EXT4-fs error`, `EDAC MC0:`,
# `blk_update_request:`, `mce:`): the line's "mnemonic".
_SUBSYSTEM = re.compile(r"^([A-Za-z][\w.-]*(?: MC\d+)?)(?= \(|:| error)")


def _entry(timestamp: str, message: str) -> LogEntry:
    found = _SUBSYSTEM.match(message)
    # The query asked for priority err or worse; the lines do not say which.
    return LogEntry(timestamp=timestamp, severity=3, source="log",
                    mnemonic=found.group(1) if found else None, message=message)


def journal(rows: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [_entry(r["TIMESTAMP"], r["MESSAGE"]) for r in rows]


def dmesg(rows: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [_entry(r["TIMESTAMP"], r["MESSAGE"]) for r in rows]


_RPM_FORMATS = ("%a %d %b %Y %I:%M:%S %p", "%a %b %d %H:%M:%S %Y", "%a %d %b %Y %H:%M:%S")
_ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\D*?(\d{1,2})[时:](\d{1,2})[分:](\d{1,2})")


def _install_time(text: str) -> datetime | None:
    """An rpm install time as the host's locale prints it, its zone name dropped (the
    host's local time): `Tue 14 Nov 2026 10:22:31 AM CST`, `Tue Nov 14 10:22:31 2026`,
    `2026年11月14日 星期二 10时22分31秒`."""
    zh = _ZH_DATE.search(text)
    if zh:
        year, month, day, hour, minute, second = (int(g) for g in zh.groups())
        return datetime(year, month, day, hour, minute, second)  # the host's local time
    words = text.split()
    for fmt in _RPM_FORMATS:
        for cut in (len(words), len(words) - 1):  # with and without the zone name
            try:
                return datetime.strptime(" ".join(words[:cut]), fmt)
            except ValueError:
                continue
    return None


def rpm_last(rows: list[Record], ctx: ParseContext) -> OsState:
    """The latest install time of any package (rpm lists the latest first; the maximum is
    taken all the same)."""
    times = [t for t in (_install_time(r["INSTALLED"]) for r in rows) if t is not None]
    if not times:
        raise ValueError(f"no install time read in {len(rows)} package lines")
    return OsState(last_patch=max(times))


def dpkg_status(rows: list[Record], ctx: ParseContext) -> OsState:
    return OsState(last_patch=datetime.fromisoformat(f"{rows[0]['DATE']}T{rows[0]['TIME']}"))
