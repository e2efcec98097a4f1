"""What a run could not write to an unreachable history database, kept beside its folder.

`OUT/history-spool/<run id>/000001-<pid>.json`, `000002-<pid>.json`, ...: each a write
the History was asked for (register the run, one device, mark it complete, a configuration
archived), in order, with the database it was meant for (its URL, password masked). Every
file is written whole (inspector.fileio's atomic writer) before the next, so a run killed
while spooling leaves a prefix of its writes, never half a write. Writes of no known run
(a configuration archived before its run is registered) go to `_writes-<time>-<pid>/`.

Delivery replays a run's writes in order and then removes its folder. Every write replaces
what it writes (the run by its id, a device by run id and name), so a delivery that is cut
short and done again still leaves each run, device and finding once; a lock on the folder
keeps two processes from delivering it at the same time.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.fileio import atomic_write, read_bytes

SPOOL_DIR = "history-spool"
FORMAT = 1
_LOCK = ".delivering"

Apply = Callable[[str, dict[str, Any]], None]


class SpoolEntryError(ValueError):
    """A spooled write that cannot be read back (named with its file): it is kept."""


def _folder_name(run_id: str) -> str:
    """A single path component for `run_id` (ids are `YYYYmmdd-HHMMSS-xxxx` or chosen)."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in run_id)
    return cleaned.strip("._")[:120] or "run"


def _encoded(value: Any) -> Any:
    return {"bytes": base64.b64encode(value).decode("ascii")} \
        if isinstance(value, bytes) else value


def decoded(value: Any) -> Any:
    """A statement parameter as spooled (bytes are kept as base64)."""
    if isinstance(value, dict) and set(value) == {"bytes"}:
        return base64.b64decode(value["bytes"])
    return value


@dataclass
class Spool:
    """The spool folder of one database."""

    folder: Path
    database: str  # the target as shown (password masked): what the writes are meant for
    _next: dict[str, int] = field(default_factory=dict)

    def add(self, run_id: str, op: str, args: dict[str, Any], *, folder: str = "") -> Path:
        """Keep one write of run `run_id` ("": of no run, kept in `folder`, a name of the
        writing process's own); returns the file."""
        run_dir = self.folder / (_folder_name(run_id) if run_id else folder)
        if run_id not in self._next:
            taken = [int(p.stem.partition("-")[0]) for p in run_dir.glob("*.json")
                     if p.stem.partition("-")[0].isdigit()] if run_dir.is_dir() else []
            self._next[run_id] = max(taken, default=0) + 1
        seq = self._next[run_id]
        self._next[run_id] = seq + 1
        if op == "sql":
            args = {**args, "params": [_encoded(v) for v in args["params"]]}
        entry = {"format": FORMAT, "database": self.database, "run_id": run_id, "op": op,
                 "args": args}
        # the process id: two processes keeping writes of one run never take one name
        return atomic_write(run_dir / f"{seq:06d}-{os.getpid()}.json",
                            [json.dumps(entry, ensure_ascii=False)])

    def runs(self) -> list[Path]:
        """The run folders waiting, oldest first by name (run ids start with their time)."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.is_dir())

    def deliver(self, apply: Apply) -> tuple[list[str], list[str]]:
        """Replay every waiting run meant for this database through `apply(op, args)`:
        (run ids delivered, problems "file: why" of runs kept)."""
        delivered: list[str] = []
        problems: list[str] = []
        for run_dir in self.runs():
            try:
                run_id = self._deliver_run(run_dir, apply)
            except SpoolEntryError as exc:
                problems.append(str(exc))
                continue
            if run_id:  # None: left for later or another database; "": no run's writes
                delivered.append(run_id)
        return delivered, problems

    def _deliver_run(self, run_dir: Path, apply: Apply) -> str | None:
        with _locked(run_dir) as held:
            if not held:
                return None  # another process is delivering it, or has
            entries = [_read(path) for path in sorted(run_dir.glob("*.json"))]
            if not entries or any(e["database"] != self.database for e in entries):
                return None  # meant for another database: left for it
            for entry in entries:
                apply(entry["op"], entry["args"])
            shutil.rmtree(run_dir)
            return str(entries[0]["run_id"])


def _read(path: Path) -> dict[str, Any]:
    try:
        entry = json.loads(read_bytes(path))
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            raise ValueError("not a spooled history write of this version")
        for key in ("database", "run_id", "op", "args"):
            if key not in entry:
                raise ValueError(f"no {key!r}")
    except (OSError, ValueError) as exc:
        raise SpoolEntryError(f"{path}: {exc}") from None
    return entry


@contextmanager
def _locked(run_dir: Path) -> Iterator[bool]:
    """An exclusive lock on `run_dir` while it is delivered (False: not taken, or the
    folder is gone: delivered meanwhile)."""
    try:
        fd = os.open(run_dir / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        # A delivery that finished between our listing and our lock removed the folder.
        yield os.fstat(fd).st_nlink > 0
    finally:
        os.close(fd)
