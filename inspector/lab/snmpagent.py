"""The lab's SNMP agent: snmpsim serving recorded `.snmprec` files on 127.0.0.1.

snmpsim serves every data file of its data folder at once, one community per file (the
file's stem), so one agent process is a whole room of UPS units, sensors and switches.
SNMPv3 requests select a data file by their context name; requests with the empty context
(what UPS cards and probes use) fall back to the candidate name ``self``, so the lab also
serves the v3 device's file under that name.

Run as root, snmpsim drops to another user, who then cannot read a Python installed under
/root; on 127.0.0.1 and an unprivileged port there is nothing to protect, so the lab sets
snmpsim's own ``SNMPSIM_ALLOW_ROOT`` switch instead.

    with SnmpLab() as lab:
        lab.port, [d.name for d in lab.devices]
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    get_cmd,
)

from inspector.errors import InspectorError
from inspector.lab.process import remove_tree, stop_process

LAB_SNMP = Path(__file__).parent / "snmp"
HOST = "127.0.0.1"
V3_USER = "inspector-v3"
V3_AUTH_KEY = "lab-auth-key-5e2b"
V3_PRIV_KEY = "lab-priv-key-9c4d"
V3_CONTEXT_FALLBACK = "self"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"


@dataclass(frozen=True)
class SnmpLabDevice:
    """One simulated SNMP device: its data file's stem is its community."""

    name: str
    role: str
    community: str
    model: str
    site: str = "Lab"
    room: str = "Lab room 1"


# The built-in room: faults are planted in the data files (see docs/snmp.md).
LAB_DEVICES: tuple[SnmpLabDevice, ...] = (
    SnmpLabDevice("bj-ups-2000g", "ups", "lab-ups-battery", "UPS2000-G-6KRTS"),
    SnmpLabDevice("sh-ups-srt6k", "ups", "lab-ups-online", "SRT6KXLI"),
    SnmpLabDevice("sh-env-b1-201", "env-sensor", "lab-env-hot", "sensorProbe2"),
    SnmpLabDevice("bj-env-a3-101", "env-sensor", "lab-env-ok", "EM-T/H probe"),
    SnmpLabDevice("gz-core-s6720", "core", "lab-sw-core", "S6720-30C-EI-24S-AC"),
    # An OceanStor array publishing its MIB: disk CTE0.6 pre-fail, Pool_ERP 88% full.
    SnmpLabDevice("gz-san-5300v5", "storage", "lab-san-oceanstor", "OceanStor 5300 V5"),
)
V3_DEVICE = "lab-ups-online"


class SnmpLabError(InspectorError, RuntimeError):
    """The agent could not be started or did not answer."""


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


async def _answers(port: int, community: str) -> bool:
    engine = SnmpEngine()
    try:
        target = await UdpTransportTarget.create((HOST, port), timeout=0.5, retries=0)
        error, status, _, _ = await get_cmd(
            engine, CommunityData(community, mpModel=1), target, ContextData(),  # noqa: S508
            ObjectType(ObjectIdentity(SYS_OBJECT_ID)), lookupMib=False)
        return not error and not status
    finally:
        engine.close_dispatcher()


class SnmpLab:
    """snmpsim on 127.0.0.1 serving `data_dir`'s recordings (the built-in room by default).

    `devices` lists what is served; with another `data_dir` every `*.snmprec` there is
    served under its stem. `v3_community` names the file answered to SNMPv3 requests with
    an empty context (user V3_USER, SHA/AES with V3_AUTH_KEY / V3_PRIV_KEY).
    """

    host = HOST

    def __init__(self, data_dir: Path = LAB_SNMP, port: int | None = None,
                 v3_community: str | None = V3_DEVICE, start_timeout: float = 30) -> None:
        self.source = data_dir
        self.port = port or 0
        self.v3_community = v3_community
        self.start_timeout = start_timeout
        self.devices: list[SnmpLabDevice] = (
            list(LAB_DEVICES) if data_dir == LAB_SNMP else
            [SnmpLabDevice(p.stem, "", p.stem, "") for p in sorted(data_dir.glob("*.snmprec"))])
        self._tmp: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def _prepare(self) -> Path:
        self._tmp = Path(tempfile.mkdtemp(prefix="inspector-snmplab-"))
        data = self._tmp / "data"
        data.mkdir()
        # Copies, not links: snmpsim names a linked file's community after its target.
        for path in sorted(self.source.glob("*.snmprec")):
            shutil.copyfile(path, data / path.name)
        if self.v3_community and (self.source / f"{self.v3_community}.snmprec").is_file():
            shutil.copyfile(self.source / f"{self.v3_community}.snmprec",
                            data / f"{V3_CONTEXT_FALLBACK}.snmprec")
        (self._tmp / "cache").mkdir()
        return data

    def start(self) -> SnmpLab:
        data = self._prepare()
        self.port = self.port or free_udp_port()
        log = (data.parent / "snmpsim.log").open("wb")
        command = [
            sys.executable, "-c",
            "import sys; from snmpsim.commands.responder import main; sys.exit(main())",
            f"--data-dir={data}", f"--cache-dir={data.parent / 'cache'}",
            f"--agent-udpv4-endpoint={HOST}:{self.port}",
            f"--v3-user={V3_USER}", f"--v3-auth-key={V3_AUTH_KEY}", "--v3-auth-proto=SHA",
            f"--v3-priv-key={V3_PRIV_KEY}", "--v3-priv-proto=AES",
            "--log-level=error",
        ]
        env = {**os.environ, "SNMPSIM_ALLOW_ROOT": "true", "PYTHONWARNINGS": "ignore"}
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                         env=env, stdin=subprocess.DEVNULL)
        log.close()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        """Ready when an actual GET is answered (indexing big recordings takes a while)."""
        if self._process is None or self._tmp is None:
            raise SnmpLabError("the agent was not started")
        community = self.devices[0].community if self.devices else V3_CONTEXT_FALLBACK
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = (self._tmp / "snmpsim.log").read_text(errors="replace")[-2000:]
                raise SnmpLabError(f"snmpsim exited with {self._process.returncode}: {log}")
            if asyncio.run(_answers(self.port, community)):
                return
            time.sleep(0.1)
        raise SnmpLabError(f"snmpsim did not answer on {HOST}:{self.port} within "
                           f"{self.start_timeout:g} s")

    def stop(self) -> None:
        stop_process(self._process)
        self._process = None
        remove_tree(self._tmp)
        self._tmp = None

    def __enter__(self) -> SnmpLab:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
