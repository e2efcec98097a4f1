"""Atomic, owner-only text files: what a run writes is whole or absent, never half."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write(path: Path, parts: Iterable[str]) -> Path:
    """Write `parts` to `path` through a temporary file (mode 0600) renamed into place.
    UTF-8, line ends as given; undecodable bytes kept through `surrogateescape`."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape",
                       newline="") as handle:
            handle.writelines(parts)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
