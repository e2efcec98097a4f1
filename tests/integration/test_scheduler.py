"""A run split across collecting processes: real processes, and real SSH to the lab."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.inventory import Host
from inspector.lab.sshserver import Behaviour, Lab, clone, lab_devices
from inspector.parsing.textclean import clean_output
from inspector.redact import redact
from inspector.runner import collect_all, default_processes
from inspector.store.bundle import DeviceRecording
from inspector.transports.registry import Collector
from tests.integration.conftest import host_for

# ------------------------------------------------------------------ stand-in collectors
# Module-level, so a collecting process can import them by name.


def _pid_collector(host: Host, stop: object) -> DeviceRecording:
    """Records which process collected the host; 'crash-*' hosts kill their process."""
    if host.name.startswith("crash"):
        time.sleep(0.3)  # let the other devices of this process report first
        os._exit(9)
    time.sleep(0.05)
    return DeviceRecording(device=host.device(), error=f"pid {os.getpid()}")


def _pid_collector_for(platform: str) -> Collector:
    return _pid_collector


def _slow_collector(host: Host, stop: object) -> DeviceRecording:
    """Says which process it runs in, then takes a minute."""
    (Path(os.environ["SCHEDULER_TEST_PIDS"]) / str(os.getpid())).touch()
    time.sleep(60)
    return DeviceRecording(device=host.device())


def _slow_collector_for(platform: str) -> Collector:
    return _slow_collector


def orphan_main() -> None:
    """A run split over 2 processes, for the test to kill with SIGKILL."""
    collect_all(_hosts(["a", "b", "c", "d"]), workers=2, processes=2,
                collector_for=_slow_collector_for)


def _hosts(names: list[str]) -> list[Host]:
    return [Host(name=n, host="192.0.2.1", platform="cisco_ios") for n in names]


def _gone(pid: int) -> bool:
    """No such process, or only its exit status left (a zombie nobody reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


def test_results_come_back_in_order_from_every_process_and_none_is_left() -> None:
    names = [f"dev{i:02d}" for i in range(12)]
    seen: list[str] = []
    collection = collect_all(_hosts(names), workers=4, processes=3,
                             collector_for=_pid_collector_for,
                             progress=lambda rec: seen.append(rec.device.name))
    assert [r.device.name for r in collection.recordings] == names
    assert sorted(seen) == names  # progress heard of each device once, as it finished
    pids = {int(r.error.split()[1]) for r in collection.recordings if r.error}
    assert len(pids) == 3 and os.getpid() not in pids
    assert all(_gone(pid) for pid in pids)  # joined, not left behind
    assert not multiprocessing.active_children()
    assert len(collection.processes) == 3
    assert all(cpu >= 0 and rss > 0 for cpu, rss in collection.processes)
    assert not collection.interrupted


def test_a_collecting_process_that_dies_is_recorded_not_waited_for() -> None:
    # Round robin over 2 processes: process 0 gets the even indexes, crash-4 among them.
    names = ["a0", "a1", "a2", "a3", "crash-4", "a5", "a6", "a7"]
    started = time.monotonic()
    collection = collect_all(_hosts(names), workers=1, processes=2,
                             collector_for=_pid_collector_for)
    assert time.monotonic() - started < 30
    by_name = {r.device.name: r.error or "" for r in collection.recordings}
    for name in ("a1", "a3", "a5", "a7", "a0", "a2"):
        assert by_name[name].startswith("pid "), (name, by_name[name])
    for name in ("crash-4", "a6"):  # the one that killed it, and the one it never reached
        assert by_name[name] == ("not inspected: its collecting process ended unexpectedly "
                                 "(exit code 9)")
    assert collection.interrupted  # not every device was inspected


def test_collecting_processes_end_when_the_run_is_killed(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "from tests.integration.test_scheduler import orphan_main; orphan_main()"],
        cwd=root, env={**os.environ, "SCHEDULER_TEST_PIDS": str(tmp_path)})
    try:
        ends = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < ends:
            time.sleep(0.1)
        children = [int(p.name) for p in tmp_path.iterdir()]
        assert len(children) == 2, "both collecting processes started"
    finally:
        parent.kill()
        parent.wait()
    ends = time.monotonic() + 10
    while not all(_gone(pid) for pid in children) and time.monotonic() < ends:
        time.sleep(0.1)
    assert all(_gone(pid) for pid in children), "a collecting process outlived its run"


def test_a_run_asking_for_a_password_at_the_prompt_stays_in_one_process() -> None:
    hosts = _hosts([f"dev{i}" for i in range(4)])
    hosts[2] = hosts[2].model_copy(update={"password": "prompt"})
    collection = collect_all(hosts, workers=2, processes=2,
                             collector_for=_pid_collector_for)
    assert {r.error for r in collection.recordings} == {f"pid {os.getpid()}"}
    assert collection.processes == []


def test_default_processes_only_split_large_runs() -> None:
    cores = os.cpu_count() or 1
    assert default_processes(30, 200) == 1  # too few devices to pay for a process
    assert default_processes(1000, 32) == 1  # one process keeps up with 32 sessions
    assert default_processes(1000, 200) == min(cores, 4)


def test_split_run_over_ssh_keeps_each_device_its_own_output(
    serve: type[Lab], lab_password: str
) -> None:
    templates = lab_devices(password=lab_password)
    devices = [clone(templates[i % len(templates)], f"split{i:02d}") for i in range(10)]
    serve(devices).start()
    # The collecting processes read `env:` credentials from this process's environment
    # as it is when they start (set by the lab_password fixture).
    collection = collect_all([host_for(d) for d in devices], workers=4, processes=2)
    assert not collection.interrupted and len(collection.processes) == 2
    for device, rec in zip(devices, collection.recordings, strict=True):
        assert rec.error is None, rec.error
        assert rec.device.name == device.name
        answered = [c for c in rec.captures if c.command in device.outputs]
        assert len(answered) >= min(10, len(device.outputs))  # a FortiGate is asked 7
        for capture in answered:
            # Redacted as taken (configurations carry secrets); a FortiGate's answered
            # `--More--` prompts cleaned away as for parsing.
            expected = redact(device.outputs[capture.command])
            assert clean_output(capture.output).split() == expected.split(), \
                (device.name, capture.command)


def test_split_run_stops_at_its_deadline_and_keeps_what_finished(
    serve: type[Lab], lab_password: str
) -> None:
    fast, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    slow = [clone(fast, f"slow{i}") for i in range(2)]
    for device in slow:
        device.behaviour = Behaviour(latency_s=2.0)
    serve([fast, *slow]).start()
    started = time.monotonic()
    collection = collect_all([host_for(fast), *(host_for(d) for d in slow)],
                             workers=2, processes=2, deadline_s=6)
    assert time.monotonic() - started < 30
    assert collection.interrupted
    first, *rest = collection.recordings
    assert first.error is None and len(first.captures) >= 10
    for rec in rest:  # cut short at their next command, and saying why
        assert rec.error is not None or any(c.error for c in rec.captures), rec
        reasons = " ".join([rec.error or ""] + [c.error or "" for c in rec.captures])
        assert "deadline" in reasons or "interrupted" in reasons or "stopped" in reasons, \
            reasons


def test_parsing_split_across_processes_gives_the_same_results() -> None:
    from inspector.lab.profiles import LAB_BUNDLE  # noqa: PLC0415
    from inspector.pipeline import inspect_all  # noqa: PLC0415
    from inspector.store.bundle import read_bundle  # noqa: PLC0415

    recordings = read_bundle(LAB_BUNDLE)
    ran: list[int] = []
    alone = inspect_all(recordings, processes=1, meanwhile=lambda: ran.append(1))
    split = inspect_all(recordings, processes=2, meanwhile=lambda: ran.append(2))
    assert [r.model_dump() for r in split] == [r.model_dump() for r in alone]
    assert len(alone) >= 8 and any(r.snapshot.interfaces.data for r in alone)
    assert ran == [1, 2]  # what runs beside the parsing (the bundle's writing), once each


def test_a_failure_beside_the_parsing_is_the_runs_failure() -> None:
    from inspector.fileio import WriteError  # noqa: PLC0415
    from inspector.lab.profiles import LAB_BUNDLE  # noqa: PLC0415
    from inspector.pipeline import inspect_all  # noqa: PLC0415
    from inspector.store.bundle import read_bundle  # noqa: PLC0415

    def disk_full() -> None:
        raise WriteError("bundle/x.txt: cannot write: No space left on device")

    with pytest.raises(WriteError, match="No space left"):
        inspect_all(read_bundle(LAB_BUNDLE), processes=2, meanwhile=disk_full)


def test_a_script_read_from_stdin_collects_in_its_own_process() -> None:
    # Spawned processes import the main script again, which a script on stdin does not
    # have: the run stays in one process instead of failing its devices.
    script = (
        "import os\n"
        "from tests.integration.test_scheduler import _hosts, _pid_collector_for\n"
        "from inspector.runner import collect_all\n"
        "got = collect_all(_hosts(['a', 'b', 'c', 'd']), workers=2, processes=2,\n"
        "                  collector_for=_pid_collector_for)\n"
        "print({r.error for r in got.recordings} == {f'pid {os.getpid()}'})\n")
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2], timeout=60,
                          check=False)
    assert done.stdout.strip() == "True", done.stderr
    assert "Traceback" not in done.stderr
