"""One run per inventory at a time: a cron job must not start while yesterday's still runs.

The lock is keyed on the inventory file itself (its device and inode), not on the path it
was named by: a hard link, a symbolic link or another spelling of the path is the same
inventory, and so is a second run writing into another `--out`. It is an exclusive
advisory lock (flock), held for the whole run and released by the kernel even if the
process is killed, taken in two places: this user's lock folder, which every run on the
machine sees whatever its `--out`, and the folder of the history database the run writes
to, which runs of other users or machines sharing that history see. Two inventories may
write into one history at the same time; SQLite orders their writes.
"""

from __future__ import annotations

import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from inspector.errors import ConfigurationError, InspectorError

LOCK_DIR_ENV = "INSPECTOR_LOCK_DIR"


class RunLockedError(InspectorError, RuntimeError):
    """Another run over the same inventory is in progress."""


def inventory_key(inventory: Path) -> str:
    """The inventory's identity: its file system device and inode, in hex."""
    try:
        info = inventory.stat()
    except OSError as exc:
        raise ConfigurationError(f"{inventory}: cannot read the inventory: {exc}") from exc
    return f"{info.st_dev:x}-{info.st_ino:x}"


def lock_dir() -> Path:
    """This user's folder of run locks ($INSPECTOR_LOCK_DIR, else in $XDG_RUNTIME_DIR, else
    in the temporary folder), private to the user: another user cannot plant a lock or a
    link there."""
    chosen = os.environ.get(LOCK_DIR_ENV)
    if chosen:
        folder = Path(chosen)
    elif os.environ.get("XDG_RUNTIME_DIR"):
        folder = Path(os.environ["XDG_RUNTIME_DIR"]) / "inspector"
    else:
        folder = Path(tempfile.gettempdir()) / f"inspector-{os.getuid()}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ConfigurationError(f"{folder}: the run-lock folder is not a folder of this user; "
                                 f"set {LOCK_DIR_ENV} to a private folder")
    return folder


def _take(path: Path, inventory: Path) -> IO[str]:
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise RunLockedError(
            f"{inventory}: a run over this inventory is already in progress ({holder}); "
            f"lock file {path}") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


@contextmanager
def run_lock(inventory: Path, folder: Path, history: Path | None = None) -> Iterator[Path]:
    """Hold the lock of `inventory` for the block; `history`: the database the run writes
    to (None: no history, the lock beside the run folders in `folder` instead)."""
    key = inventory_key(inventory)
    beside = history.parent if history is not None else folder
    beside.mkdir(parents=True, exist_ok=True, mode=0o700)
    places = [lock_dir() / f"inventory-{key}.lock", beside / f".inspector-{key}.lock"]
    with ExitStack() as held:
        for path in places:
            held.callback(_take(path, inventory).close)  # closing releases the lock
        yield places[0]
