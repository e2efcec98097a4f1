"""huawei_vrp logs: the log buffer, the trap buffer and the active alarms."""

from __future__ import annotations

import re

from inspector.model import LogEntry
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    alarm_severity,
    syslog_severity,
    text,
)


def _log(row: Record, source: str) -> LogEntry:
    module, brief = row.get("MODULE") or "", row.get("BRIEF") or ""
    severity = row.get("SEVERITY") or ""
    return LogEntry(
        timestamp=text(row.get("TIMESTAMP")),
        severity=syslog_severity(severity),
        source=source,
        mnemonic=f"{module}/{severity}/{brief}" if module else None,
        message=text(row.get("MESSAGE")) or "",
    )


def log_entries(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [_log(row, "log") for row in records]


def trap_entries(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    # `display trapbuffer` holds the alarms (traps) the device raised: source "alarm".
    return [_log(row, "alarm") for row in records]


# The slash layout appends "/<sequence of the root-cause alarm>" to a nonRootCause alarm.
_ROOT_CAUSE_SEQUENCE = re.compile(r"/\d+$")


def _alarm_description(row: Record) -> str:
    description = text(row.get("DESCRIPTION")) or ""
    if str(row.get("ROOT_KIND") or "").lower() == "nonrootcause":
        description = _ROOT_CAUSE_SEQUENCE.sub("", description)
    return description


def alarm_entries(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    result = []
    for row in records:
        name, alarm_id = text(row.get("NAME")), text(row.get("ALARM_ID"))
        result.append(LogEntry(
            timestamp=text(row.get("TIMESTAMP")),
            severity=alarm_severity(row.get("LEVEL")),
            source="alarm",
            mnemonic=name or alarm_id,
            # Some releases print no description: the alarm's name says what it is.
            message=_alarm_description(row) or name or alarm_id or "",
        ))
    return result
