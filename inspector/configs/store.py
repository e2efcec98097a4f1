"""The configuration archive's index in the history store: one row per (run, device), with
the file in the run folder and the masked configuration itself (compressed), so that a
later run diffs against it even when that run folder was moved or cleaned up.

Rows do not follow their run out of the `runs` table: a run re-done under the same id (the
demo) still finds the configuration the earlier one archived, the newest before it.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from inspector.store.history import History, HistoryError

SCHEMA = """
CREATE TABLE IF NOT EXISTS config_archive (
    run_id TEXT NOT NULL,
    device TEXT NOT NULL,
    platform TEXT NOT NULL,
    started TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    config BLOB NOT NULL,
    PRIMARY KEY (run_id, device)
);
CREATE INDEX IF NOT EXISTS config_archive_device ON config_archive(device, started);
"""
_COLUMNS = "SELECT run_id, device, platform, started, file, sha256 FROM config_archive "
_QUERIES = {
    "device": _COLUMNS + "WHERE device = ? ORDER BY started DESC",
    "before": _COLUMNS + "WHERE device = ? AND started < ? ORDER BY started DESC",
    "run": _COLUMNS + "WHERE device = ? AND run_id = ?",
}
# A configuration larger than this once decompressed is refused (a damaged or forged row).
MAX_CONFIG_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Archived:
    """One archived configuration: where it was kept and when."""

    run_id: str
    device: str
    platform: str
    started: datetime
    file: Path
    sha256: str


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class ConfigStore:
    """The `config_archive` table of a history store."""

    def __init__(self, history: History) -> None:
        self.history = history
        history.ensure_tables(SCHEMA)

    def add(self, entry: Archived, text: str) -> None:
        blob = zlib.compress(text.encode("utf-8", "surrogateescape"))
        with self.history.transaction() as db:  # replaces: one row per (run, device)
            db.execute("DELETE FROM config_archive WHERE run_id = ? AND device = ?",
                       (entry.run_id, entry.device))
            db.execute(
                "INSERT INTO config_archive VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry.run_id, entry.device, entry.platform, entry.started.isoformat(),
                 str(entry.file), entry.sha256, blob))

    def _rows(self, query: str, args: tuple[object, ...]) -> list[Archived]:
        rows = self.history.connection.execute(_QUERIES[query], args).fetchall()
        return [Archived(run_id=r[0], device=r[1], platform=r[2],
                         started=datetime.fromisoformat(r[3]), file=Path(r[4]), sha256=r[5])
                for r in rows]

    def runs(self, device: str) -> list[Archived]:
        """Every archive of `device`, newest first."""
        return self._rows("device", (device,))

    def devices(self) -> list[str]:
        """Every device with an archived configuration, by name."""
        return [name for (name,) in self.history.connection.execute(
            "SELECT DISTINCT device FROM config_archive ORDER BY device")]

    def latest_before(self, device: str, started: datetime) -> Archived | None:
        """The newest archive of `device` taken before `started`."""
        found = self._rows("before", (device, started.isoformat()))
        return found[0] if found else None

    def get(self, device: str, run_id: str) -> Archived | None:
        found = self._rows("run", (device, run_id))
        return found[0] if found else None

    def text(self, entry: Archived) -> str:
        """The configuration kept with `entry`; HistoryError when the row is damaged."""
        row = self.history.connection.execute(
            "SELECT config FROM config_archive WHERE run_id = ? AND device = ?",
            (entry.run_id, entry.device)).fetchone()
        if row is None:
            raise HistoryError(f"{self.history.where}: no configuration of {entry.device!r} "
                               f"archived by run {entry.run_id!r}")
        try:
            data = zlib.decompressobj().decompress(row[0], MAX_CONFIG_BYTES)
        except zlib.error as exc:
            raise HistoryError(f"{self.history.where}: the configuration of {entry.device!r} "
                               f"archived by run {entry.run_id!r} is damaged: {exc}") from None
        text = data.decode("utf-8", "surrogateescape")
        if digest(text) != entry.sha256:
            raise HistoryError(f"{self.history.where}: the configuration of {entry.device!r} "
                               f"archived by run {entry.run_id!r} does not match its checksum")
        return text
