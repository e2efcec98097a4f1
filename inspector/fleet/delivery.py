"""The results folder shared by the workers and the central side.

Layout::

    <results>/<run>/<site>/<job>/
      attempt-<worker>-<pid>-<token>/   one per delivery of the job that collected
        <job>/                          the worker's run folder: results.json, bundle/, ...
        receipt.json
      done.json                         the receipt of the attempt that counts, made last

A job is delivered when `done.json` exists. It is made by hard-linking the attempt's
complete `receipt.json` to that name: a link is created whole or not at all, and never
over an existing file, so of two deliveries of one job finishing together exactly one
counts (the other removes its attempt). An attempt whose worker died has no `done.json`
pointing at it: its half results are never read, and the next delivery starts in a folder
of its own.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from inspector.fileio import atomic_write, read_bytes
from inspector.fleet.job import Job, Receipt
from inspector.store.bundle import safe_name

DONE = "done.json"
RECEIPT = "receipt.json"
ATTEMPT_PREFIX = "attempt-"


def worker_name() -> str:
    """This worker as an attempt folder names it: host name and process id."""
    return f"{safe_name(socket.gethostname())}-{os.getpid()}"


@dataclass(frozen=True)
class JobPlace:
    """Where one job's results go."""

    results: Path
    fleet_run: str
    site: str
    job: str

    @classmethod
    def of(cls, results: Path, job: Job) -> JobPlace:
        return cls(results, job.fleet_run, job.site, job.job)

    @property
    def folder(self) -> Path:
        return (self.results / safe_name(self.fleet_run) / safe_name(self.site)
                / safe_name(self.job))

    @property
    def done(self) -> Path:
        return self.folder / DONE

    def delivered(self) -> Receipt | None:
        """The receipt of the delivery that counts; None while there is none (or it cannot
        be read: a file that is not a receipt is no delivery)."""
        try:
            return Receipt.model_validate_json(read_bytes(self.done))
        except (OSError, ValidationError):
            return None

    def new_attempt(self) -> Path:
        """A fresh folder for one delivery's results."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        attempt = self.folder / f"{ATTEMPT_PREFIX}{worker_name()}-{secrets.token_hex(3)}"
        attempt.mkdir(mode=0o700)
        return attempt

    def commit(self, attempt: Path, receipt: Receipt) -> bool:
        """Make `attempt` the job's delivery; False (and the attempt removed) when another
        delivery of the job already counts."""
        written = atomic_write(attempt / RECEIPT, [receipt.model_dump_json(indent=1), "\n"])
        try:
            os.link(written, self.done)
        except FileExistsError:
            shutil.rmtree(attempt, ignore_errors=True)
            return False
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise
            shutil.rmtree(attempt, ignore_errors=True)
            return False
        _sync_folder(self.folder)
        return True

    def run_folder(self, receipt: Receipt) -> Path:
        """The worker's run folder of the delivery that counts."""
        return self.folder / safe_name(receipt.attempt) / safe_name(receipt.run_folder)


def _sync_folder(folder: Path) -> None:
    """The new name on disk: `done.json` is what every reader trusts."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
