"""How a run stops when told to, and how its collecting processes never outlive it.

SIGTERM (systemd, `timeout`, cron's kill) and SIGHUP (a closed terminal) stop a collection
the way Ctrl-C does: the devices collected so far are kept, the sessions under way are cut
and keep what they had answered, the run is recorded as interrupted. A collecting child
process ignores those signals (its parent decides and tells it) and dies with its parent:
nobody would read its results, and it must not go on logging into devices.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@contextlib.contextmanager
def stop_requests() -> Iterator[threading.Event]:
    """An event set when a stop signal arrives while the block runs. Signal handlers
    belong to the main thread: elsewhere the event is never set by a signal (the caller
    still stops on KeyboardInterrupt)."""
    requested = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield requested
        return

    def handle(_number: int, _frame: FrameType | None) -> None:
        requested.set()

    previous = {number: signal.signal(number, handle) for number in STOP_SIGNALS}
    try:
        yield requested
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def ignore_stop_signals() -> None:
    """In a collecting process: a signal to the whole process group is its parent's to
    act on."""
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)


def die_with_parent(parent: int) -> None:
    """End this process when `parent` (its parent's pid, passed by the parent) dies.

    On Linux the kernel kills it (PR_SET_PDEATHSIG); the parent may have died before the
    request was made, so the parent is checked once after it. Elsewhere a thread watches."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
