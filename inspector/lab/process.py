"""Helpers shared by the lab's agents that run as child processes (snmpsim, ipmi_sim)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    """Terminate a child, kill it if it does not go within five seconds, and reap it."""
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def remove_tree(path: Path | None) -> None:
    """Remove an agent's scratch folder; a folder already gone is fine."""
    if path is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(path)
