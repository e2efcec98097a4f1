"""A run whose folder cannot be written leaves nothing behind but one line of error.

A full disk (or a quota, a read-only mount) while the bundle, the command log,
results.json or the history row is written: the half-written run folder is removed (it
would keep filling the disk and look like a run), the history keeps the run as it was
registered, incomplete, and the error says which file could not be written. Earlier runs
are other folders and other rows: untouched.
"""

from __future__ import annotations

import functools
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from inspector.fileio import WriteError
from inspector.model import Run
from inspector.store.bundle import safe_name

P = ParamSpec("P")
R = TypeVar("R")
Recordings = TypeVar("Recordings")


def _failed(run: Run, folder: Path, exc: BaseException) -> WriteError:
    reason = (str(exc).splitlines() or [type(exc).__name__])[0]
    if not isinstance(exc, WriteError):
        reason = f"{folder}: cannot write: {reason}"
    shutil.rmtree(folder, ignore_errors=True)
    error = WriteError(f"{reason}; run {run.run_id} not written (its folder removed, "
                       "earlier runs untouched)")
    error.errno = getattr(exc, "errno", None)
    return error


def removes_unwritten_run(
    finish: Callable[Concatenate[Run, Recordings, Path, P], R],
) -> Callable[Concatenate[Run, Recordings, Path, P], R]:
    """Wrap `finish_run(run, recordings, out, ...)`: a write failure removes the run's
    folder (out/<run id>) and becomes one WriteError (exit 2)."""

    @functools.wraps(finish)
    def finishing(run: Run, recordings: Recordings, out: Path, /, *args: P.args,
                  **kwargs: P.kwargs) -> R:
        try:
            return finish(run, recordings, out, *args, **kwargs)
        except (OSError, sqlite3.OperationalError) as exc:
            raise _failed(run, out / safe_name(run.run_id), exc) from exc

    return finishing
