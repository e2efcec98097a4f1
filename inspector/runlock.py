"""One run per inventory at a time: a cron job must not start while yesterday's still runs.

An exclusive advisory lock (flock) on a file named after the inventory's absolute path,
held for the whole run and released by the kernel even if the process is killed.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inspector.errors import InspectorError


class RunLockedError(InspectorError, RuntimeError):
    """Another run over the same inventory is in progress."""


@contextmanager
def run_lock(inventory: Path, folder: Path) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = hashlib.sha256(str(inventory.resolve()).encode()).hexdigest()[:16]
    path = folder / f".inspector-{key}.lock"
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunLockedError(
                f"{inventory}: a run over this inventory is already in progress ({holder}); "
                f"lock file {path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield path
    finally:
        handle.close()  # closing releases the lock
