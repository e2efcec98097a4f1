"""The engineer's manual checks: what no protocol reads (cleaning, indicator lights, cables
and labels, air-conditioner filters, cabinets and access control, fire protection, water
leaks, UPS batteries ...), as a checklist exported to Excel, filled on site and read back
into a run, where each row becomes a finding graded like the automatic checks.

    exported = export_checklist(devices, load_items(), Path("checklist.xlsx"), lang="zh")
    record = ManualInput(Path("checklist.xlsx"), tuple(load_items())).read(devices)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inspector.manual.items import ChecklistError, ChecklistItem, load_items
from inspector.manual.readback import read_sheet
from inspector.manual.record import (
    ManualError,
    ManualRecord,
    keep,
    load_record,
    record_findings,
    replace_findings,
    room_label,
)
from inspector.model import Device, Finding


@dataclass(frozen=True)
class ManualInput:
    """A filled sheet to read into a run, with the items it may name and the rooms it may
    name besides those of the run's devices (an inventory's, for imported logs)."""

    path: Path
    items: tuple[ChecklistItem, ...]
    rooms: tuple[str, ...] = ()

    def read(self, devices: Sequence[Device]) -> ManualRecord:
        """The sheet's rows, checked against `devices`; raises ManualError."""
        return read_sheet(self.path, self.items, devices, self.rooms)

    def attach(self, record: ManualRecord, folder: Path) -> list[Finding]:
        """Keep the sheet and its photos in the run folder; the findings of its rows."""
        keep(record, self.path, folder)
        return record_findings(record)


__all__ = ["ChecklistError", "ChecklistItem", "ManualError", "ManualInput", "ManualRecord",
           "load_items", "load_record", "record_findings", "replace_findings", "room_label"]
