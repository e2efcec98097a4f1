"""hp_comware logs: the log buffer (or only its counts) and the active alarms."""

from __future__ import annotations

from inspector.model import LogEntry
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    alarm_severity,
    syslog_severity,
    text,
    to_int,
)


def logbuffer(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    result = []
    for row in records:
        mnemonic = str(row["MNEMONIC"])
        level = mnemonic.split("/")[1] if mnemonic.count("/") >= 2 else None
        result.append(LogEntry(
            timestamp=text(row.get("TIMESTAMP")),
            severity=syslog_severity(level),
            source="log",
            mnemonic=mnemonic,
            message=text(row.get("MESSAGE")) or "",
        ))
    return result


_SUMMARY_LEVELS = ("EMERG", "ALERT", "CRIT", "ERROR", "WARN", "NOTIF", "INFO", "DEBUG")


def logbuffer_summary(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    """Only counts are printed: one entry per slot and severity that has messages."""
    result = []
    for row in records:
        for severity, level in enumerate(_SUMMARY_LEVELS):
            count = to_int(row.get(level)) or 0
            if count:
                result.append(LogEntry(
                    timestamp=None, severity=severity, source="log",
                    mnemonic=None,
                    message=f"slot {row.get('SLOT')}: {count} {level.lower()} "
                               "messages in the log buffer",
                ))
    return result


def alarms(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    result = []
    for row in records:
        where = f"slot {row.get('SLOT')}"
        if row.get("CHASSIS"):
            where = f"chassis {row.get('CHASSIS')} {where}"
        result.append(LogEntry(
            timestamp=None,
            severity=alarm_severity(row.get("LEVEL")),
            source="alarm",
            mnemonic=text(row.get("LEVEL")),
            message=f"{where}: {text(row.get('INFO')) or ''}",
        ))
    return result
