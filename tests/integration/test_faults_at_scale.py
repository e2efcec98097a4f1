"""The fault suite at scale: many lab devices at once, a fixed share of them misbehaving.

Of every 20 devices: 2 refuse the password, 2 log in and then never show a prompt (hang),
1 accepts TCP but never speaks SSH (time out), 1 drops the session mid-output, 1 answers
garbage, 1 is slow (a second per command); the rest are healthy. The run must finish, every
healthy device must be complete and exactly the lab's outputs, every faulty device must say
precisely what went wrong, and no thread may be left behind.

The 60-device version runs by default; the 200-device one is `slow` (`make fuzz`).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from inspector.access import PLATFORM_TRANSPORTS
from inspector.cli import app
from inspector.lab.profiles import LAB_BUNDLE
from inspector.lab.sshserver import Behaviour, Lab, LabDevice, clone, lab_devices
from inspector.model import DeviceResult, DeviceStatus, Run
from inspector.parsing.textclean import clean_output
from inspector.pipeline import collect, replay
from inspector.redact import redact
from tests.integration.conftest import PASSWORD_ENV, host_for

# fault -> (share of the devices, the statuses it may end in, a fragment its reason must hold)
FAULTS: dict[str, tuple[float, set[DeviceStatus], str]] = {
    "auth": (0.10, {DeviceStatus.UNREACHABLE}, "authentication failed for user 'inspector'"),
    "hang": (0.10, {DeviceStatus.UNREACHABLE}, "accepted the login but never showed a prompt"),
    "silent": (0.05, {DeviceStatus.UNREACHABLE}, "no SSH session with 127.0.0.1:"),
    "drop": (0.05, {DeviceStatus.PARTIAL, DeviceStatus.FAILED}, "session lost"),
    "garbage": (0.05, {DeviceStatus.PARTIAL, DeviceStatus.FAILED}, "matched no record"),
    "slow": (0.05, {DeviceStatus.COMPLETE}, ""),
}
SLOW_LATENCY_S = 1.0
# `collectors.ssh._open` leaks the SSH session (a paramiko transport thread and its socket)
# of a device that logs in but never shows a prompt: netmiko's Huawei/Comware drivers time
# out in `establish_connection`, where netmiko does not disconnect, and `ConnectHandler`
# raised before returning the object `_open` could close. Set True once ssh.py opens with
# `auto_connect=False` + `_open()` and disconnects on failure.
HUNG_SESSION_LEAK_FIXED = True
# A port that never sends an SSH banner is reported three ways, depending on timing:
# netmiko's timeout ("no SSH session with ... within"), or paramiko's "SSHException: Error
# reading SSH protocol banner" / "SSHException: No existing session", which
# `ssh._unreachable_reason` words as "cannot open a session ...": imprecise. Tolerated until
# ssh.py maps both to the banner timeout; then set True.
SILENT_REASON_FIXED = True
IMPRECISE_SILENT_REASONS = ("SSHException: No existing session",
                            "SSHException: Error reading SSH protocol banner")
CONN_TIMEOUT_S = 10.0  # 100 handshakes at once on a small machine take seconds
READ_TIMEOUT_S = 6.0


class SilentListener:
    """Accepts TCP connections and never says a word (a device whose SSH never answers)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, name="silent-listener", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        for conn in self.accepted:
            conn.close()
        self.sock.close()


@dataclass
class Fleet:
    devices: list[LabDevice]  # every device, in inventory order
    faults: dict[str, str]  # device name -> fault ("" for healthy)
    template: dict[str, str]  # device name -> the lab profile it was cloned from

    @property
    def served(self) -> list[LabDevice]:
        """The devices the lab serves (a silent one is the silent listener's port)."""
        return [d for d in self.devices if self.faults[d.name] != "silent"]


def _fault_plan(count: int) -> list[str]:
    """Exactly `share * count` devices of each fault, spread through the inventory."""
    plan = [""] * count
    slots = iter(sorted(range(count), key=lambda i: zlib.crc32(str(i).encode())))
    for fault, (share, _, _) in FAULTS.items():
        for _ in range(round(share * count)):
            plan[next(slots)] = fault
    return plan


def _cli_devices(password: str) -> list[LabDevice]:
    """The lab's CLI devices: the faults here are a CLI session's (a prompt that never
    comes). A Linux host is read through exec channels, without a prompt; its faults are
    in test_linux_lab.py."""
    return [d for d in lab_devices(password=password) if d.platform not in PLATFORM_TRANSPORTS]


def _fleet(count: int, password: str) -> Fleet:
    templates = _cli_devices(password)
    fleet = Fleet(devices=[], faults={}, template={})
    for number, fault in enumerate(_fault_plan(count)):
        source = templates[number % len(templates)]
        device = clone(source, f"f{number:03d}-{fault or 'ok'}")
        fleet.faults[device.name] = fault
        fleet.template[device.name] = source.name
        device.behaviour = {
            "auth": Behaviour(reject_password=True),
            "hang": Behaviour(hang=True),
            "drop": Behaviour(drop_after_commands=2 + number % 4),
            "garbage": Behaviour(garbage=True),
            "slow": Behaviour(latency_s=SLOW_LATENCY_S),
        }.get(fault, Behaviour())
        fleet.devices.append(device)
    return fleet


@pytest.fixture
def silent() -> Iterator[SilentListener]:
    listener = SilentListener()
    yield listener
    listener.close()


def _reference_statuses(tmp_path: Path) -> dict[str, DeviceResult]:
    """Each lab profile's result when replayed from the recorded bundle."""
    run = replay(LAB_BUNDLE, tmp_path / "reference", run_id="reference").run
    return {d.device.name: d for d in run.devices}


def _child_pids() -> set[int]:
    """This process's children, but for multiprocessing's resource tracker: one helper
    per process, started with the first split run and meant to live as long as it does."""
    me = str(os.getpid())
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields[1] == me and b"multiprocessing.resource_tracker" not in command:
            children.add(int(stat.parent.name))
    return children


def _lab_thread(thread: threading.Thread) -> bool:
    """The lab's event loop runs blocking calls in its default executor (`asyncio_N`)."""
    return thread.name.startswith("asyncio_")


def _leaked_session(thread: threading.Thread, hung_ports: set[int]) -> bool:
    """A paramiko transport still connected to a device that never showed a prompt."""
    peer = getattr(thread, "getpeername", None)
    with contextlib.suppress(Exception):
        return peer is not None and peer()[1] in hung_ports
    return False


def _wait_for_threads(before: set[threading.Thread], grace_s: float = 10.0,
                      hung_ports: set[int] | None = None) -> list[threading.Thread]:
    """Threads started during the run that are still alive after `grace_s` (the lab's own
    aside, and, until the leak is fixed, the sessions of hung devices)."""
    tolerated = set() if HUNG_SESSION_LEAK_FIXED else (hung_ports or set())
    ends = time.monotonic() + grace_s
    while True:
        extra = [t for t in threading.enumerate()
                 if t not in before and t.is_alive() and not _lab_thread(t)
                 and not _leaked_session(t, tolerated)]
        if not extra or time.monotonic() > ends:
            return extra
        time.sleep(0.2)


def run_fleet(tmp_path: Path, serve: type[Lab], silent: SilentListener, password: str,
              count: int, workers: int) -> tuple[Run, float]:
    fleet = _fleet(count, password)
    serve(fleet.served).start()
    for device in fleet.devices:
        if fleet.faults[device.name] == "silent":
            device.port = silent.port
    reference = _reference_statuses(tmp_path)
    hosts = [host_for(d, conn_timeout=CONN_TIMEOUT_S, read_timeout=READ_TIMEOUT_S)
             for d in fleet.devices]
    threads_before = set(threading.enumerate())
    children_before = _child_pids()
    started = time.monotonic()
    output = collect(hosts, tmp_path / "out", workers=workers, run_id="faults")
    elapsed = time.monotonic() - started
    print(f"\n{count} devices, {workers} workers: collected and inspected in {elapsed:.1f} s")
    hung = {d.port for d in fleet.devices if fleet.faults[d.name] == "hang"}
    left = _wait_for_threads(threads_before, hung_ports=hung)
    assert not left, f"threads left behind: {[str(t) for t in left]}"
    assert _child_pids() <= children_before, "a child process was left behind"

    run = output.run
    assert run.complete
    assert len(run.devices) == count
    results = {d.device.name: d for d in run.devices}
    for name, fault in fleet.faults.items():
        result = results[name]
        if fault in ("", "slow"):
            device = next(d for d in fleet.devices if d.name == name)
            _assert_exact(result, device, reference[fleet.template[name]],
                          output.folder / "bundle")
            continue
        _, statuses, fragment = FAULTS[fault]
        assert result.status in statuses, (name, result.status, result.reason)
        if fault == "silent" and not SILENT_REASON_FIXED and \
                any(r in result.reason for r in IMPRECISE_SILENT_REASONS):
            continue
        assert fragment in result.reason, (name, result.reason)
        if fault == "drop":  # what came before the drop was kept
            assert any(c.error is None for c in result.captures), name
    # The run folder holds the whole story.
    saved = Run.model_validate_json((output.folder / "results.json").read_text())
    assert {d.device.name: d.status for d in saved.devices} == {
        n: r.status for n, r in results.items()}
    return run, elapsed


def _assert_exact(result: DeviceResult, device: LabDevice, reference: DeviceResult,
                  bundle: Path) -> None:
    """A healthy clone: complete like its profile replayed, every answer verbatim."""
    assert reference.status == DeviceStatus.COMPLETE
    assert result.status == DeviceStatus.COMPLETE, (device.name, result.reason)
    families = result.snapshot.model_dump(exclude={"device", "taken_at"})
    expected = reference.snapshot.model_dump(exclude={"device", "taken_at"})
    assert {k: v["status"] for k, v in families.items()} == {
        k: v["status"] for k, v in expected.items()}, device.name
    answered = 0
    for capture in result.captures:
        assert capture.error is None, (device.name, capture.command, capture.error)
        if capture.command in device.outputs:
            assert capture.file is not None
            text = (bundle / capture.file).read_text(encoding="utf-8")
            # Every answer is this device's own (clones differ in their hostname), redacted
            # as it was taken, a FortiGate's answered `--More--` prompts cleaned away.
            assert clean_output(text).split() == redact(
                device.outputs[capture.command]).split(), (device.name, capture.command)
            answered += 1
    assert answered >= min(10, len(device.outputs)), device.name  # a FortiGate is asked 7


@pytest.mark.parametrize(("count", "workers"), [
    pytest.param(60, 60, id="60-devices"),
    pytest.param(200, 100, id="200-devices", marks=pytest.mark.slow),
])
def test_faults_at_scale(tmp_path: Path, serve: type[Lab], silent: SilentListener,
                         lab_password: str, count: int, workers: int) -> None:
    _, elapsed = run_fleet(tmp_path, serve, silent, lab_password, count, workers)
    # Each wave of `workers` devices is bounded by the slowest device's timeouts.
    assert elapsed < 240, f"{elapsed:.0f} s"


def test_deadline_ends_a_run_of_hung_devices(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    """`deadline_s`: devices still waiting when it passes are recorded as not inspected
    (or their session ends at the next command); the run is marked incomplete."""
    good, = lab_devices(password=lab_password, names=["sh-core-ce6881"])
    slow = [clone(good, f"slow{i}") for i in range(4)]
    for device in slow:
        device.behaviour = Behaviour(latency_s=2.0)  # about a minute per device
    serve([good, *slow]).start()
    hosts = [host_for(good), *(host_for(d, read_timeout=10) for d in slow)]
    threads_before = set(threading.enumerate())
    started = time.monotonic()
    output = collect(hosts, tmp_path, workers=3, run_id="deadline", deadline_s=8)
    elapsed = time.monotonic() - started
    assert elapsed < 8 + 15, f"the deadline of 8 s was not kept: {elapsed:.1f} s"
    assert not _wait_for_threads(threads_before)
    run = output.run
    assert not run.complete
    results = {d.device.name: d for d in run.devices}
    assert results["sh-core-ce6881"].status == DeviceStatus.COMPLETE
    for device in slow:
        result = results[device.name]
        assert result.status != DeviceStatus.COMPLETE, device.name
        assert "deadline" in result.reason or "interrupted" in result.reason, result.reason


@pytest.mark.xfail(not HUNG_SESSION_LEAK_FIXED, strict=True,
                   reason="transports/ssh.py _open leaks the session of a device that never "
                          "shows a prompt (see HUNG_SESSION_LEAK_FIXED)")
def test_no_session_left_behind_when_the_prompt_never_comes(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    devices = [clone(d, f"hung-{d.platform}") for d in _one_per_platform(lab_password)]
    for device in devices:
        device.behaviour = Behaviour(hang=True)
    serve(devices).start()
    threads_before = set(threading.enumerate())
    run = collect([host_for(d, conn_timeout=2, read_timeout=3) for d in devices], tmp_path,
                  workers=4, run_id="hung").run
    assert all(d.status == DeviceStatus.UNREACHABLE for d in run.devices), [
        (d.device.name, d.status, d.reason) for d in run.devices]
    left = [t for t in threading.enumerate()
            if t not in threads_before and t.is_alive() and not _lab_thread(t)]
    deadline = time.monotonic() + 10
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = [t for t in left if t.is_alive()]
    assert not left, f"sessions left open: {[str(t) for t in left]}"


def _one_per_platform(password: str) -> list[LabDevice]:
    chosen: dict[str, LabDevice] = {}
    for device in _cli_devices(password):
        chosen.setdefault(device.platform, device)
    return list(chosen.values())


def _inventory(path: Path, devices: list[LabDevice]) -> Path:
    hosts = {
        d.name: {"host": "127.0.0.1", "platform": d.platform,
                 "transport": {"port": d.port}}
        for d in devices
    }
    path.write_text(yaml.safe_dump({
        "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}",
                     "transport": {"conn_timeout": CONN_TIMEOUT_S,
                                   "read_timeout": READ_TIMEOUT_S, "retries": 0}},
        "hosts": hosts}), encoding="utf-8")
    return path


def test_exit_code_says_a_device_failed(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    """Through the CLI: all healthy -> 0 (with --fail-on none); one refusing the password
    -> 2, and the healthy one is still inspected."""
    good, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    refusing = clone(good, "refusing")
    refusing.behaviour = Behaviour(reject_password=True)
    serve([good, refusing]).start()
    runner = CliRunner()
    common = ["--out", str(tmp_path / "out"), "--format", "none", "--fail-on", "none",
              "--no-history", "-w", "2"]
    healthy = runner.invoke(app, ["run", str(_inventory(tmp_path / "ok.yaml", [good])),
                                  "--run-id", "ok", *common])
    assert healthy.exit_code == 0, healthy.output
    mixed = runner.invoke(app, ["run", str(_inventory(tmp_path / "mix.yaml", [good, refusing])),
                                "--run-id", "mixed", *common])
    assert mixed.exit_code == 2, mixed.output
    run = Run.model_validate_json((tmp_path / "out" / "mixed" / "results.json").read_text())
    statuses = {d.device.name: d.status for d in run.devices}
    assert statuses == {"bj-core-c9300": DeviceStatus.COMPLETE,
                        "refusing": DeviceStatus.UNREACHABLE}
