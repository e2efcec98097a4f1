"""Bundles: the record/replay unit. A folder with `index.json` and one text file per capture.

Layout (docs/bundle-format.md has the full description)::

    <bundle>/
      index.json
      <device-dir>/<nnn>-<command-slug>.txt    # the exact output, UTF-8

`index.json`::

    {"format": "inspector-bundle", "version": 1, "created": "2026-11-22T03:00:00+00:00",
     "source": "live", "devices": [
       {"name": "core-sw1", "host": "10.0.0.1", "platform": "huawei_vrp", "role": "core",
        "site": "", "room": "", "error": null,
        "captures": [{"command": "display version", "file": "core-sw1/001-display_version.txt",
                      "started": "...", "ended": "...", "error": null}]}]}

Outputs are written and read with `newline=""` and `surrogateescape`, so a replayed output
is byte-for-byte the recorded one, CRs, escapes and undecodable bytes included.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from inspector.errors import ConfigurationError
from inspector.fileio import atomic_write, flush_all, read_bytes, read_text
from inspector.model import Capture, Device
from inspector.parsing.commands import slug

FORMAT = "inspector-bundle"
VERSION = 1
INDEX = "index.json"
ENCODING = "utf-8"
ERRORS = "surrogateescape"


class BundleError(ConfigurationError):
    """A bundle that cannot be read; the message names the file and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _aware(value: datetime | None) -> datetime | None:
    """A time without a zone is taken as UTC, the zone this tool writes: a hand-edited
    bundle mixing both must not break the comparison of its times."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class CaptureEntry(_Strict):
    command: str
    file: str | None = None
    started: datetime | None = None
    ended: datetime | None = None
    error: str | None = None

    _zoned = field_validator("started", "ended")(_aware)


class DeviceEntry(Device):
    """A device as the index lists it: the contract's Device, plus how collection went."""

    # Set when no session could be opened at all (unreachable, authentication failed).
    error: str | None = None
    captures: list[CaptureEntry] = Field(default_factory=list)

    def device(self) -> Device:
        return Device.model_validate(self.model_dump(include=set(Device.model_fields)))


class Index(_Strict):
    format: str
    version: int
    created: datetime | None = None
    source: str = ""
    devices: list[DeviceEntry]

    _zoned = field_validator("created")(_aware)


@dataclass
class DeviceRecording:
    """One device of a bundle with its captures loaded."""

    device: Device
    captures: list[Capture] = field(default_factory=list)
    error: str | None = None
    files: dict[int, str] = field(default_factory=dict)  # capture index -> relative file


_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(name: str) -> str:
    """A file-system-safe single path component for a device name: no separators, no
    leading dots, no NUL, bounded length. `../../etc` -> `etc`; `a/b` -> `a_b`."""
    cleaned = _UNSAFE.sub("_", name.replace("\x00", "")).strip("._")
    return cleaned[:80] or "device"


def _unique_dirs(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        base = safe_name(name)
        key = base.lower()  # case-insensitive file systems
        count = seen.get(key, 0)
        seen[key] = count + 1
        result.append(base if count == 0 else f"{base}-{count + 1}")
    return result


@dataclass
class PlannedBundle:
    """A bundle named but not yet written: its capture files (relative path, output) and
    its index. The names are known before a byte is written, so parsing (which records
    them) can run while the files are being written."""

    path: Path
    files: list[tuple[str, str]]
    index: Index


def plan_bundle(path: Path, recordings: list[DeviceRecording], source: str) -> PlannedBundle:
    """Name every capture file of `recordings` in a bundle at `path`; each recording's
    `files` then names its capture files in this bundle."""
    entries = []
    planned: list[tuple[str, str]] = []
    for directory, rec in zip(_unique_dirs([r.device.name for r in recordings]), recordings,
                              strict=True):
        captures = []
        files: dict[int, str] = {}
        for number, capture in enumerate(rec.captures, start=1):
            relative = f"{directory}/{number:03d}-{safe_name(slug(capture.command))}.txt"
            planned.append((relative, capture.output))
            files[number - 1] = relative
            captures.append(CaptureEntry(command=capture.command, file=relative,
                                         started=capture.started, ended=capture.ended,
                                         error=capture.error))
        entries.append(DeviceEntry(**rec.device.model_dump(), error=rec.error,
                                   captures=captures))
        rec.files = files
    index = Index(format=FORMAT, version=VERSION, created=datetime.now(UTC), source=source,
                  devices=entries)
    return PlannedBundle(path=path, files=planned, index=index)


def write_planned(plan: PlannedBundle) -> Path:
    """Write a planned bundle (created owner-only; files replaced atomically), its index
    last."""
    plan.path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for relative, output in plan.files:
        atomic_write(plan.path / relative, [output], durable=False)
    flush_all()  # the outputs on disk before the index that makes them a bundle
    atomic_write(plan.path / INDEX, [plan.index.model_dump_json(indent=1, exclude_none=True),
                                     "\n"])
    return plan.path


def write_bundle(path: Path, recordings: list[DeviceRecording], source: str) -> Path:
    """Write `recordings` as a bundle at `path`: `plan_bundle`, then `write_planned`."""
    return write_planned(plan_bundle(path, recordings, source))


def _read_index(path: Path) -> Index:
    index_path = path / INDEX
    if not path.is_dir():
        raise BundleError(f"{path}: not a bundle folder (it does not exist or is a file)")
    if not index_path.is_file():
        raise BundleError(f"{path}: not a bundle: {INDEX} is missing")
    try:
        raw: Any = json.loads(read_text(index_path))
    except RecursionError:
        raise BundleError(f"{index_path}: unreadable index: nested too deeply") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" line {exc.lineno} column {exc.colno}" if isinstance(
            exc, json.JSONDecodeError) else ""
        raise BundleError(f"{index_path}{where}: unreadable index: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleError(f"{index_path}: field format: expected {FORMAT!r}")
    if raw.get("version") != VERSION:
        raise BundleError(f"{index_path}: field version: {raw.get('version')!r} is not "
                          f"supported (this inspector reads version {VERSION})")
    try:
        return Index.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise BundleError(f"{index_path}: field {where}: {err['msg']}") from exc


def _read_output(root: Path, relative: str, index_path: Path) -> str:
    if "\x00" in relative:
        raise BundleError(f"{index_path}: file {relative!r}: a NUL in a file name")
    target = (root / relative).resolve()
    if root.resolve() not in target.parents:
        raise BundleError(f"{index_path}: file {relative!r} points outside the bundle")
    try:
        # As written: no line-end translation, undecodable bytes kept.
        return read_bytes(target).decode(ENCODING, ERRORS)
    except OSError as exc:
        raise BundleError(f"{index_path}: capture file {relative!r}: {exc.strerror}") from exc


def _refuse_duplicates(index: Index, index_path: Path) -> None:
    """Two entries under one name would be merged into one device: a healthy switch would
    show the other's findings."""
    first: dict[str, int] = {}
    for number, entry in enumerate(index.devices):
        if entry.name in first:
            raise BundleError(f"{index_path}: devices[{first[entry.name]}] and "
                              f"devices[{number}] are both named {entry.name!r}: "
                              "each device must be listed once")
        first[entry.name] = number


def read_bundle(path: Path) -> list[DeviceRecording]:
    """Every device of the bundle at `path` with its captures (outputs loaded)."""
    index = _read_index(path)
    index_path = path / INDEX
    _refuse_duplicates(index, index_path)
    recordings = []
    for entry in index.devices:
        rec = DeviceRecording(device=entry.device(), error=entry.error)
        for number, item in enumerate(entry.captures):
            output = _read_output(path, item.file, index_path) if item.file else ""
            rec.captures.append(Capture(device=entry.name, command=item.command, output=output,
                                        started=item.started, ended=item.ended,
                                        error=item.error))
            if item.file:
                rec.files[number] = item.file
        recordings.append(rec)
    return recordings
