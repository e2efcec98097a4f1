"""Files in and out, bounded and atomic.

Out: what a run writes is whole or absent, never half. Every file goes through a temporary
name in its own folder, is flushed to the disk (fsync) and renamed into place; a write that
fails (a full disk, a quota, a read-only mount) removes the temporary file and raises
WriteError, naming the file, so the command ends on one line instead of leaving a truncated
report under its real name.

In: only regular files are read, and never more than a cap. A FIFO or a link to /dev/zero
would be read forever, and `stat` says nothing true about a device or a sparse file, so the
size is enforced while reading. A refused file is an OSError naming it (its `strerror` says
why), which every reader already reports as "cannot read".
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from inspector.errors import EXIT_DEVICES, InspectorError

# Inventories, rule files, indexes, results and session logs: far above any real one, far
# below what would exhaust the memory of a laptop.
MAX_INPUT_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


class WriteError(InspectorError, OSError):
    """A file of the tool's output could not be written (disk full, no permission): exit 2,
    like a device that could not be inspected; what was written before is untouched."""

    exit_code = EXIT_DEVICES


def _refuse_unless_regular(mode: int, path: Path) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise OSError(errno.EINVAL, f"{kind}, not a regular file: not read", str(path))


def read_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The content of the regular file at `path`, refused (OSError) past `limit` bytes."""
    _refuse_unless_regular(path.stat().st_mode, path)
    # O_NONBLOCK: a FIFO swapped in after the check must not block the open; fstat below
    # then refuses it.
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    fd = os.open(path, flags)
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode, path)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise OSError(errno.EFBIG, f"larger than {_size(limit)}: not read", str(path))
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: Path, limit: int = MAX_INPUT_BYTES, errors: str = "strict") -> str:
    """`read_bytes` decoded as UTF-8 (a BOM dropped); line ends kept as they are."""
    return read_bytes(path, limit).decode("utf-8-sig", errors)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _fsync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is flushed.
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _replacing(path: Path, durable: bool) -> Iterator[tuple[int, Path]]:
    """A new owner-only temporary file beside `path` (its folder made if missing), as an
    open descriptor the caller closes and a name; on leaving, flushed and renamed to
    `path`, or removed if anything failed. An OSError becomes WriteError naming `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _write_error(path, exc) from exc
    tmp = Path(name)
    try:
        yield fd, tmp
        if durable:
            _flush(tmp)
        tmp.replace(path)
        if durable:
            _fsync_folder(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            raise
        raise _write_error(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_target(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that wants a file name (openpyxl,
    WeasyPrint); on leaving, flushed and renamed to `path`, or removed if anything failed.
    A write error (OSError) becomes WriteError naming `path`. `durable=False` leaves the
    flush to the caller (`flush_all`), for the many small files of a bundle."""
    with _replacing(path, durable) as (fd, tmp):
        os.close(fd)
        yield tmp


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_error(path: Path, exc: OSError) -> WriteError:
    reason = exc.strerror or str(exc) or type(exc).__name__
    error = WriteError(f"{path}: cannot write: {reason}")
    error.errno = exc.errno or errno.EIO
    return error


def flush_all() -> None:
    """Every file written so far on disk: one call for a bundle's thousands of outputs
    (an fsync each costs milliseconds), before its index makes them a bundle."""
    os.sync()


def atomic_write(path: Path, parts: Iterable[str], *, durable: bool = True) -> Path:
    """Write `parts` to `path` through a temporary file (mode 0600) renamed into place.
    UTF-8, line ends as given; undecodable bytes kept through `surrogateescape`."""
    # Written through mkstemp's own descriptor: opening the file a second time by name
    # doubled the cost of a bundle's thousands of small files (docs/scaling.md).
    with _replacing(path, durable) as (fd, _tmp), os.fdopen(
            fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
        handle.writelines(parts)
    return path


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """`data` to `path`, as `atomic_write`."""
    with atomic_target(path) as tmp:
        tmp.write_bytes(data)
    return path


def atomic_write_with(path: Path, write: Callable[[Path], object]) -> Path:
    """`write(temporary_path)` then the temporary file renamed to `path`, as `atomic_write`."""
    with atomic_target(path) as tmp:
        write(tmp)
    return path
