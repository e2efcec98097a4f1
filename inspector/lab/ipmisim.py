"""A simulated BMC on 127.0.0.1: Debian's `ipmi_sim` (package openipmi) serving our own
sensors, SDRs, FRUs and SEL (inspector/lab/ipmi/), an Inspur NF5280M6-like server with a
failed PSU and a correctable-ECC burst in its SEL.

ipmi_sim's traps, handled here: SDRs are compiled with `sdrcomp -8` (else all-caps names
print as garbage); the SEL persists in the state directory, so each start gets a fresh one
(with our events written in ipmi_sim's own persistence format, real timestamps included);
readiness is an RMCP ping over UDP (connecting to its console port and hanging up kills it
with SIGPIPE, so no console is configured); ipmitool needs `-C 3` with it.

    with IpmiSim() as bmc:          # raises IpmiSimUnavailable when the binaries are absent
        bmc.port, bmc.user, bmc.password
"""

from __future__ import annotations

import shutil
import socket
import stat
import struct
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from string import Template
from types import TracebackType
from typing import Any

import yaml

from inspector.errors import InspectorError
from inspector.lab.process import remove_tree, stop_process

DATA = Path(__file__).parent / "ipmi"
NAME = "nf5280m6"
BINARIES = ("ipmi_sim", "sdrcomp", "ipmitool")
INSTALL = "sudo apt-get install openipmi ipmitool"


class IpmiSimUnavailable(InspectorError, RuntimeError):  # noqa: N818 - reads as a state, like FileNotFoundError
    """ipmi_sim cannot run here (binaries missing, or it did not come up)."""


def missing_binaries() -> list[str]:
    return [b for b in BINARIES if shutil.which(b) is None]


# ----------------------------------------------------------------------------- FRU format


def _field(value: str) -> bytes:
    raw = value.encode("ascii")
    return bytes([0xC0 | len(raw)]) + raw  # type/length byte: 8-bit ASCII, then the bytes


def _area(body: bytes) -> bytes:
    """An FRU info area: the fields, the end marker, padding to 8 bytes, a zero checksum."""
    data = bytearray(body) + b"\xc1"
    while (len(data) + 1) % 8:
        data.append(0)
    data[1] = (len(data) + 1) // 8
    data.append(-sum(data) & 0xFF)
    return bytes(data)


def _board_minutes(when: str) -> bytes:
    minutes = (datetime.fromisoformat(when) - datetime(1996, 1, 1)).total_seconds() // 60
    return int(minutes).to_bytes(3, "little")


def fru_image(spec: dict[str, Any]) -> bytes:
    """The binary FRU (IPMI Platform Management FRU Information Storage Definition 1.0) of
    one device from its YAML description."""
    areas: list[bytes | None] = [None, None, None]
    if chassis := spec.get("chassis"):
        areas[0] = _area(bytes([1, 0, chassis["type"]]) + _field(chassis["part"])
                         + _field(chassis["serial"]))
    if board := spec.get("board"):
        areas[1] = _area(bytes([1, 0, 0]) + _board_minutes(board["date"])
                         + b"".join(_field(board[k]) for k in ("mfg", "product", "serial",
                                                               "part")) + _field(""))
    if product := spec.get("product"):
        areas[2] = _area(bytes([1, 0, 0]) + b"".join(
            _field(product[k]) for k in ("mfg", "name", "part", "version", "serial", "asset"))
            + _field(""))
    offsets, body, position = [], b"", 8
    for area in areas:
        offsets.append(position // 8 if area else 0)
        if area:
            body += area
            position += len(area)
    header = bytearray([1, 0, *offsets, 0, 0])
    header.append(-sum(header) & 0xFF)
    return bytes(header) + body


# ----------------------------------------------------------------------------- SEL


def _sel_record(record_id: int, event: dict[str, Any]) -> bytes:
    when = datetime.fromisoformat(event["time"]).replace(tzinfo=UTC)
    return struct.pack("<HBIHBBBBBBB", record_id, 0x02, int(when.timestamp()), 0x0020, 0x04,
                       event["type"], event["sensor"], 0x6F, event["offset"], 0xFF, 0xFF)


def sel_file(events: list[dict[str, Any]]) -> str:
    """ipmi_sim's persisted SEL (`sel.20`): one `<id>:d:<escaped bytes>` line per record.
    It loads the lines in reverse, hence the newest first."""
    lines = [f"{i}:d:" + "".join(f"\\{b:02x}" for b in _sel_record(i, e))
             for i, e in enumerate(events, start=1)]
    last = max((int(datetime.fromisoformat(e["time"]).replace(tzinfo=UTC).timestamp())
                for e in events), default=0)
    return "\n".join([*reversed(lines), "last_erase_time:i:0", f"last_add_time:i:{last}", ""])


# ----------------------------------------------------------------------------- the process


def _free_udp_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


# RMCP/ASF presence ping (DSP0136): RMCP header, ASF IANA 4542, message type 0x80.
_PING = bytes([0x06, 0x00, 0xFF, 0x06, 0x00, 0x00, 0x11, 0xBE, 0x80, 0x00, 0x00, 0x00])


def rmcp_ping(host: str, port: int, timeout: float = 0.3) -> bool:
    """True when a BMC answers an RMCP presence ping (an ASF pong)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.sendto(_PING, (host, port))
            answer, _ = sock.recvfrom(512)
        except OSError:
            return False
    return len(answer) > 8 and answer[8] == 0x40


class IpmiSim:
    """ipmi_sim with the lab BMC's data, on `host`:`port` (a free UDP port by default)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, user: str = "inspector",
                 password: str = "lab-ipmi", start_timeout: float = 10.0) -> None:  # noqa: S107
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.start_timeout = start_timeout
        self.state: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def _prepare(self, state: Path) -> tuple[Path, Path]:
        spec = yaml.safe_load((DATA / f"{NAME}.yaml").read_text(encoding="utf-8"))
        bmc_dir = state / "ipmi_sim" / NAME
        bmc_dir.mkdir(parents=True)
        subprocess.run(["sdrcomp", "-8", "-o", str(bmc_dir / "sdr.20.main"),
                        str(DATA / f"{NAME}.sdrs")], check=True, capture_output=True)
        (bmc_dir / "sel.20").write_text(sel_file(spec["sel"]), encoding="ascii")
        for device in spec["fru"]:
            (state / f"fru{device['id']}.bin").write_bytes(fru_image(device))
        chassis = state / "chassis_control.sh"
        shutil.copyfile(DATA / "chassis_control.sh", chassis)
        chassis.chmod(stat.S_IRWXU)
        conf = state / "lan.conf"
        conf.write_text(Template((DATA / "lan.conf").read_text(encoding="utf-8")).substitute(
            name=NAME, host=self.host, port=self.port, user=self.user,
            password=self.password, chassis_control=chassis), encoding="utf-8")
        conf.chmod(stat.S_IRUSR | stat.S_IWUSR)  # it holds the lab password
        emu = state / f"{NAME}.emu"
        emu.write_text(Template((DATA / f"{NAME}.emu").read_text(encoding="utf-8"))
                       .substitute(state=state), encoding="utf-8")
        return conf, emu

    def start(self) -> IpmiSim:
        missing = missing_binaries()
        if missing:
            raise IpmiSimUnavailable(f"{', '.join(missing)} not installed: the lab has no "
                                     f"simulated BMC (install with `{INSTALL}`)")
        self.port = self.port or _free_udp_port(self.host)
        self.state = Path(tempfile.mkdtemp(prefix="inspector-ipmisim-"))
        conf, emu = self._prepare(self.state)
        log = (self.state / "ipmi_sim.log").open("wb")
        self._process = subprocess.Popen(  # -n: no console on stdin/stdout
            ["ipmi_sim", "-c", str(conf), "-f", str(emu), "-s", str(self.state), "-n"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + self.start_timeout
        while not rmcp_ping(self.host, self.port):
            if self._process.poll() is not None or time.monotonic() > deadline:
                output = (self.state / "ipmi_sim.log").read_text(errors="replace")[-400:]
                self.stop()
                raise IpmiSimUnavailable(f"ipmi_sim did not answer on {self.host}:{self.port}"
                                         f": {output.strip() or 'no output'}")
        return self

    def stop(self) -> None:
        stop_process(self._process)
        self._process = None
        remove_tree(self.state)
        self.state = None

    def __enter__(self) -> IpmiSim:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def inventory_entry(self, name: str = "bj-srv-nf5280m6",
                        password_ref: str = "env:INSPECTOR_LAB_IPMI_PASSWORD",  # noqa: S107 - a reference
                        ) -> dict[str, Any]:
        """The inventory host for this BMC (the password by reference, never in the file)."""
        return {name: {"host": self.host, "platform": "ipmi", "role": "server",
                       "vendor": "Inspur", "model": "NF5280M6", "username": self.user,
                       "password": password_ref,
                       "ipmi": {"port": self.port, "cipher_suites": [3], "timeout": 10,
                                "retries": 1}}}
