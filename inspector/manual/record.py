"""A filled checklist as a run keeps it, and the findings it gives.

The run folder holds `manual/`: a copy of the sheet, its photos (at the same relative paths,
so the copy still names them) and `manual.json`, the entries read from it. `results.json`
holds the findings, so scores, coverage, the history, the problem tracker and the period
summary count manual items as any other check; the report's 人工检查 section reads
`manual.json` for what only it has (room, item wording, photos).

A room's items are findings whose `device` is the room's name (`room_label`): a room is
no device of the run, so it has no row in the device tables; the report groups its items
under the room.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from inspector.catalog import load_messages
from inspector.errors import ConfigurationError
from inspector.fileio import atomic_write
from inspector.manual.items import CATEGORY, CHECK_PREFIX
from inspector.model import Evidence, Finding, Severity, Strict

MANUAL_DIR = "manual"
RECORD_FILE = "manual.json"
Result = Literal["ok", "fault", "na", "blank"]


class ManualError(ConfigurationError):
    """A filled checklist that cannot be read: every problem, each naming its sheet, row and
    column."""


def room_label(site: str, room: str) -> str:
    """A machine room's name as sheets and reports show it: "site / room", or the one given."""
    return " / ".join(part for part in (site.strip(), room.strip()) if part)


class Wording(Strict):
    name: str
    check: str
    advice: str = ""


class ManualEntry(Strict):
    """One row of a filled sheet.

    Example: ``ManualEntry(sheet="B1-201", row=4, room="Shanghai / B1-201", device="",
    item="room.water", category="water", result="fault", level="critical",
    note="地板下有积水", photos=["photos/leak.jpg"], ...)``; `device` is "" for a room's item.
    """

    sheet: str
    row: int
    room: str
    device: str = ""
    kind: str = ""
    item: str
    category: str
    result: Result
    level: Severity
    note: str = ""
    photos: list[str] = Field(default_factory=list)
    zh: Wording
    en: Wording

    @property
    def subject(self) -> str:
        """What the finding is about: the device, else the room."""
        return self.device or self.room

    @property
    def ref(self) -> str:
        """The result cell's place in the sheet, as Excel writes it: 'B1-201'!I4."""
        quoted = self.sheet.replace("'", "''")
        return f"'{quoted}'!{self.row}"

    def wording(self, lang: str) -> Wording:
        return self.zh if lang == "zh" else self.en


class ManualRecord(Strict):
    """A filled checklist: the sheet's file name (as kept under manual/) and its rows."""

    sheet_file: str
    entries: list[ManualEntry] = Field(default_factory=list)


def _say(key: str, lang: str, **values: str) -> str:
    return load_messages(lang)[f"manual.{key}"].format(**values)


def _result_word(result: str, lang: str) -> str:
    return load_messages(lang)[f"manual.result.{result}"]


def entry_finding(entry: ManualEntry, sheet_file: str) -> Finding:
    """The finding of one row: passed for 正常, a problem of the row's level for 异常, not
    checked for blank (a gap) or 不适用 (left out of the coverage)."""
    ref = f"{sheet_file} {entry.ref}"
    finding = Finding(
        check_id=CHECK_PREFIX + entry.item, category=CATEGORY, device=entry.subject,
        # A level only for a problem, as the automatic checks: an exit code or a count never
        # takes a blank 一级 item for a fault.
        severity=entry.level if entry.result == "fault" else None, passed=entry.result == "ok",
        threshold=entry.en.check, threshold_zh=entry.zh.check,
        message_zh=_say("message", "zh", item=entry.zh.name),
        message_en=_say("message", "en", item=entry.en.name),
        recommendation_zh=entry.zh.advice, recommendation_en=entry.en.advice,
        # The engineer's own words are the evidence, quoted as written.
        observed=entry.note or _result_word(entry.result, "en"),
        observed_zh=entry.note or _result_word(entry.result, "zh"),
        evidence=[Evidence(command=ref, lines=[*entry.note.splitlines(), *entry.photos])])
    if entry.result in ("blank", "na"):
        key, cause = ("blank", "not_filled") if entry.result == "blank" else \
            ("not_applicable", "not_applicable")
        finding.not_checked_cause = cause
        finding.not_checked_reason = _say(key, "en", ref=ref)
        finding.not_checked_reason_zh = _say(key, "zh", ref=ref)
    return finding


def record_findings(record: ManualRecord) -> list[Finding]:
    return [entry_finding(entry, record.sheet_file) for entry in record.entries]


def keep(record: ManualRecord, sheet: Path, folder: Path) -> Path:
    """Copy the sheet and its photos into `folder/manual/` (replacing an earlier copy) and
    write manual.json there; return that folder."""
    target = folder / MANUAL_DIR
    staging = folder / f".{MANUAL_DIR}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True, mode=0o700)
    shutil.copy2(sheet, staging / record.sheet_file)
    for photo in sorted({p for e in record.entries for p in e.photos}):
        (staging / photo).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(sheet.parent / photo, staging / photo)
    atomic_write(staging / RECORD_FILE, [record.model_dump_json(indent=1), "\n"])
    # Swapped whole: a report never sees a new manual.json beside the old photos.
    old = folder / f".{MANUAL_DIR}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def load_record(run_folder: Path) -> ManualRecord | None:
    """The manual checks kept with a run, or None when it has none."""
    path = run_folder / MANUAL_DIR / RECORD_FILE
    if not path.is_file():
        return None
    try:
        return ManualRecord.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as exc:
        raise ManualError(f"{path}: cannot read the run's manual checks: {exc}") from None


def replace_findings(findings: list[Finding], record: ManualRecord) -> list[Finding]:
    """A run's findings with its manual ones replaced by `record`'s."""
    return [f for f in findings if f.category != CATEGORY] + record_findings(record)
