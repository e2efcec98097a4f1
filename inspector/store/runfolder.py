"""Run ids and their folders: one run, one folder, never another run's.

Several cron lines at 02:00 sharing `reports/` start in the same second. A run id is the
start time plus a short random suffix (`20261122-020000-7f3a`), and it is claimed by
creating its folder, which fails when the folder exists: the next suffix is tried. An id
given with `--run-id` is used as given, and refused when its folder exists or the history
already holds a run of that id elsewhere: an earlier run is never overwritten.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

from inspector.errors import ConfigurationError
from inspector.store.bundle import safe_name
from inspector.store.history import History

_ATTEMPTS = 1000  # 65536 suffixes a second: a busy second still finds one at once


class RunExistsError(ConfigurationError):
    """A run id given on the command line is already taken."""


def new_run_id(now: datetime | None = None) -> str:
    """`YYYYmmdd-HHMMSS-xxxx`: the local start time and four random hex digits."""
    stamp = (now or datetime.now(UTC)).astimezone().strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{secrets.token_hex(2)}"


def claim_run_folder(out: Path, run_id: str | None, started: datetime,
                     history: History | None = None, replace: bool = False) -> tuple[str, Path]:
    """The run's id and its folder under `out`, created now. `replace`: an existing folder
    of `run_id` is reused (the demo's fixed `reports/demo`)."""
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    if run_id is None:
        for _ in range(_ATTEMPTS):
            candidate = new_run_id(started)
            folder = out / safe_name(candidate)
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                continue
            return candidate, folder
        raise RunExistsError(f"{out}: no free run id for {started:%Y%m%d-%H%M%S}")
    folder = out / safe_name(run_id)
    if not replace:
        elsewhere = history.folder_of(run_id) if history is not None else None
        if elsewhere is not None and elsewhere.resolve() != folder.resolve():
            raise RunExistsError(f"--run-id {run_id!r}: the history already holds a run of "
                                 f"that id (in {elsewhere}); choose another, or leave "
                                 "--run-id out for a new one")
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            raise RunExistsError(f"--run-id {run_id!r}: {folder} already exists; choose "
                                 "another, or leave --run-id out for a new one") from None
    folder.mkdir(exist_ok=True, mode=0o700)
    return run_id, folder
