"""cisco_ios logs: the log buffer and the facility alarms."""

from __future__ import annotations

from inspector.model import LogEntry
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    alarm_severity,
    text,
    to_int,
)


def logging(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [
        LogEntry(timestamp=text(r.get("TIMESTAMP")), severity=to_int(r.get("SEVERITY")),
                 source="log",
                 mnemonic=f"{r['FACILITY']}-{r['SEVERITY']}-{r['MNEMONIC']}",
                 message=text(r.get("MESSAGE")) or "")
        for r in records
    ]


def facility_alarms(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [
        LogEntry(timestamp=text(r.get("TIME")), severity=alarm_severity(r.get("SEVERITY")),
                 source="alarm", mnemonic=None,
                 message=f"{text(r.get('SOURCE'))}: {text(r.get('DESCRIPTION'))}")
        for r in records
    ]
