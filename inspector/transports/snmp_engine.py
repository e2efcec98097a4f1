"""One SNMP engine per process, on an event loop of its own, and requests without MIBs.

Profiling an SNMP device's collection showed where its CPU went: a new `SnmpEngine` per
device (it loads five MIB modules, compiling their Python each time), a MIB look-up for
every OID sent, and pyasn1 decoding every varbind of every response. So:

- every community-based (v1/v2c) device of a process shares one engine on one event-loop
  thread (pysnmp multiplexes all its targets over one UDP socket, matching answers by
  request id); an SNMPv3 device gets an engine of its own on the same loop, because the
  engine keys its users by name and two devices may share a user name with other keys;
- requests go through pysnmp's command generators with numeric OIDs as they are (no
  `ObjectIdentity`, no MIB view), and answers come back as pysnmp values, undecorated.

The thread collecting a device submits its coroutine and waits; the device's cut-off
scope (transports/cutoff.py) cancels that coroutine's task on the loop.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from pysnmp.entity.engine import SnmpEngine
from pysnmp.entity.rfc3413 import cmdgen
from pysnmp.hlapi.v3arch.asyncio import CommunityData, UdpTransportTarget, UsmUserData
from pysnmp.hlapi.v3arch.asyncio.lcd import CommandGeneratorLcdConfigurator
from pysnmp.proto import rfc1902

from inspector.transports import cutoff

T = TypeVar("T")
Bind = tuple[str, Any]  # (dotted OID, pysnmp value) as the agent answered

_LCD = CommandGeneratorLcdConfigurator()
_NULL = rfc1902.Null("")


class SnmpAnswerError(Exception):
    """A request the agent or the engine did not answer with values.

    `indication` is the engine's (a timeout, an authentication failure), `status` and
    `index` the agent's error-status and 1-based error-index.
    """

    def __init__(self, indication: str = "", status: str = "", index: int = 0) -> None:
        super().__init__(indication or status)
        self.indication = indication
        self.status = status
        self.index = index


class Loop:
    """An event loop in a daemon thread, and the process's shared engine on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True,
                                        name="inspector-snmp")
        self._thread.start()
        self.shared: SnmpEngine = self.call(SnmpEngine)

    def call(self, function: Callable[[], T], timeout: float | None = None) -> T:
        """`function()` run in the loop's thread (pysnmp objects live there only)."""
        async def run() -> T:
            return function()
        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout)

    def run(self, make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Run the coroutine `make()` on the loop and wait for it. A cut of this thread's
        scope cancels its task; the coroutine sees CancelledError and may still record."""
        done: concurrent.futures.Future[T] = concurrent.futures.Future()
        tasks: list[asyncio.Task[T]] = []

        def start() -> None:
            task = self.loop.create_task(make())
            tasks.append(task)
            task.add_done_callback(lambda finished: _settle(finished, done))

        def cancel() -> None:  # in the loop's thread, always after start()
            for task in tasks:
                task.cancel()

        def cut() -> None:  # in the thread that cuts the scope
            self.loop.call_soon_threadsafe(cancel)

        self.loop.call_soon_threadsafe(start)
        withdraw = cutoff.current().on_cut(cut)
        try:
            return done.result()
        finally:
            withdraw()

    def close(self) -> None:
        """At the process's exit: the engine's socket closed, the loop stopped."""
        if self.loop.is_closed():
            return
        # A loop that no longer answers is left to the end of the process.
        with contextlib.suppress(Exception):
            self.call(self.shared.close_dispatcher, timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self.loop.close()


def _settle(task: asyncio.Task[T], done: concurrent.futures.Future[T]) -> None:
    if task.cancelled():
        done.set_exception(asyncio.CancelledError())
    elif task.exception() is not None:
        done.set_exception(task.exception())
    else:
        done.set_result(task.result())


_LOCK = threading.Lock()
_loops: dict[int, Loop] = {}


def shared_loop() -> Loop:
    """This process's SNMP loop (a spawned collecting process makes its own)."""
    with _LOCK:
        pid = os.getpid()
        if pid not in _loops:
            _loops[pid] = Loop()
            atexit.register(_loops[pid].close)
        return _loops[pid]


# --------------------------------------------------------------------------- requests


class Target:
    """One device's agent as the engine addresses it. Create it inside the loop."""

    def __init__(self, engine: SnmpEngine, auth: CommunityData | UsmUserData,
                 address: UdpTransportTarget, context: bytes = b"") -> None:
        self.engine = engine
        self.context = context
        self.name, _ = _LCD.configure(engine, auth, address, context)

    async def get(self, oids: Sequence[str]) -> list[Bind]:
        """GET: one value per OID, in the order asked."""
        return await self._send(cmdgen.GetCommandGenerator(), oids)

    async def next(self, oids: Sequence[str]) -> list[Bind]:
        """GETNEXT (SNMPv1's way to walk): each OID's successor."""
        return await self._send(cmdgen.NextCommandGeneratorSingleRun(), oids)

    async def bulk(self, oids: Sequence[str], repetitions: int) -> list[Bind]:
        """GETBULK without non-repeaters: up to `repetitions` successors of every OID,
        row by row in wire order (the agent may send fewer)."""
        return await self._send(cmdgen.BulkCommandGeneratorSingleRun(), oids, repetitions)

    async def _send(self, generator: Any, oids: Sequence[str],
                    repetitions: int | None = None) -> list[Bind]:
        future: asyncio.Future[list[Bind]] = asyncio.get_running_loop().create_future()
        binds = [(rfc1902.ObjectName(oid), _NULL) for oid in oids]
        extra = () if repetitions is None else (0, repetitions)
        generator.send_varbinds(self.engine, self.name, None, self.context, *extra, binds,
                                _answered, future)
        return await future


def _answered(_engine: Any, _handle: Any, indication: Any, status: Any, index: Any,
              binds: Any, future: asyncio.Future[list[Bind]]) -> None:
    if future.cancelled():
        return
    if indication:
        future.set_exception(SnmpAnswerError(indication=str(indication)))
    elif status:
        future.set_exception(SnmpAnswerError(status=str(status), index=int(index or 0)))
    else:
        future.set_result([(str(name), value) for name, value in binds])
