"""Secrets canary: every lab device gets its own password and enable secret, and its outputs
carry SNMP communities and local-user / enable secrets in the shapes devices print them.
After a real run over SSH (through the CLI, with reports, history and a recorded bundle)
no canary may appear in any file written, inside XLSX archives included, nor in the
argument list of any process started while collecting. Run folders and raw outputs are
owner-only.
"""

from __future__ import annotations

import os
import re
import stat
import threading
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.sshserver import Lab, LabDevice, lab_devices


def _canaries(number: int) -> dict[str, str]:
    return {
        "password": f"Pw-Canary-{number:02d}-9f3c1a",
        "enable": f"En-Canary-{number:02d}-77d0e4",
        "community_vrp": f"Comm-Canary-{number:02d}-vrp51",
        "community_ios": f"Comm-Canary-{number:02d}-ios62",
        "local_user": f"Lu-Canary-{number:02d}-c0ffee",
        "enable_secret": f"Es-Canary-{number:02d}-$1$abcd",
    }


def _secret_lines(c: dict[str, str]) -> str:
    return (f" snmp-agent community read cipher {c['community_vrp']}\n"
            f"snmp-server community {c['community_ios']} RO\n"
            f" local-user admin password irreversible-cipher {c['local_user']}\n"
            f"enable secret 5 {c['enable_secret']}\n"
            # A device echoing its own login password (a banner, a misconfigured motd).
            f"motd: {c['password']} {c['enable']}\n")


def _arm(devices: list[LabDevice]) -> dict[str, dict[str, str]]:
    """Unique credentials per device, and secret lines at the head and the tail of every
    output (the head is what a parse failure quotes as the output's first line)."""
    armed = {}
    for number, device in enumerate(devices):
        canaries = _canaries(number)
        device.password = canaries["password"]
        lines = _secret_lines(canaries)
        device.outputs = {c: lines + o + "\n" + lines for c, o in device.outputs.items()}
        armed[device.name] = canaries
    return armed


def _env(name: str) -> str:
    return "INSPECTOR_CANARY_" + "".join(ch if ch.isalnum() else "_" for ch in name).upper()


def _inventory(path: Path, devices: list[LabDevice], armed: dict[str, dict[str, str]],
               monkeypatch: pytest.MonkeyPatch) -> Path:
    hosts = {}
    for device in devices:
        monkeypatch.setenv(_env(device.name) + "_PW", armed[device.name]["password"])
        monkeypatch.setenv(_env(device.name) + "_EN", armed[device.name]["enable"])
        hosts[device.name] = {
            "host": "127.0.0.1", "platform": device.platform,
            "password": f"env:{_env(device.name)}_PW", "enable": f"env:{_env(device.name)}_EN",
            "transport": {"port": device.port}}
    path.write_text(yaml.safe_dump({
        "defaults": {"username": "inspector",
                     "transport": {"conn_timeout": 10, "read_timeout": 20, "retries": 0}},
        "hosts": hosts}), encoding="utf-8")
    return path


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat_file.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(stat_file.parent.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


class ArgvWatch:
    """Reads the argument list of every descendant process while the run goes on."""

    def __init__(self) -> None:
        self.seen: dict[int, bytes] = {}
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="argv-watch", daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            for pid in _descendants(os.getpid()):
                try:
                    self.seen[pid] = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
            self.polls += 1
            self._stop.wait(0.05)

    def __enter__(self) -> ArgvWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _texts(path: Path) -> list[tuple[str, bytes]]:
    """(where, raw bytes) of every file under `path`, and of every member of a zip (xlsx)."""
    found = []
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        data = file.read_bytes()
        found.append((str(file), data))
        if zipfile.is_zipfile(file):
            with zipfile.ZipFile(file) as archive:
                found.extend((f"{file}!{m}", archive.read(m)) for m in archive.namelist())
    return found


def test_no_secret_reaches_any_file_or_process_argument(
    tmp_path: Path, serve: type[Lab], monkeypatch: pytest.MonkeyPatch
) -> None:
    devices = lab_devices()
    armed = _arm(devices)
    serve(devices).start()
    inventory = _inventory(tmp_path / "inventory.yaml", devices, armed, monkeypatch)
    out, record, history = tmp_path / "out", tmp_path / "recorded", tmp_path / "history.db"
    with ArgvWatch() as watch:
        result = CliRunner().invoke(app, [
            "run", str(inventory), "--out", str(out), "--run-id", "canary",
            "--record", str(record), "--history", str(history), "--format", "html,xlsx,md",
            "--fail-on", "none", "-w", "8"])
    assert result.exit_code in (0, 1, 2), result.output
    assert watch.polls > 3
    assert any(tmp_path.glob("history.db*")), "the run was recorded in the history"
    folder = out / "canary"
    assert (folder / "results.json").is_file()
    assert (folder / "commands.log").is_file()
    assert any(record.rglob("*.txt")), "the recorded bundle holds the outputs"
    # The outputs were really collected (the canaries were there to be leaked).
    log = (folder / "commands.log").read_text(encoding="utf-8")
    assert log.count("snmp-agent community read cipher") >= 10
    secrets = sorted({s for canaries in armed.values() for s in canaries.values()})
    leaks = [
        (where, secret)
        for where, data in [*_texts(out), *_texts(record),
                            *((str(f), f.read_bytes()) for f in tmp_path.glob("history.db*"))]
        for secret in secrets if secret.encode() in data
    ]
    leaks += [(f"pid {pid} argv", secret) for pid, argv in watch.seen.items()
              for secret in secrets if secret.encode() in argv]
    leaks += [("CLI output", s) for s in secrets if s in result.output]
    assert not leaks, leaks[:10]


def test_run_folders_and_raw_outputs_are_owner_only(
    tmp_path: Path, serve: type[Lab], monkeypatch: pytest.MonkeyPatch
) -> None:
    devices = lab_devices(names=["sh-acc-s5735", "bj-core-c9300"])
    armed = _arm(devices)
    serve(devices).start()
    inventory = _inventory(tmp_path / "inventory.yaml", devices, armed, monkeypatch)
    out, record = tmp_path / "out", tmp_path / "recorded"
    result = CliRunner().invoke(app, [
        "run", str(inventory), "--out", str(out), "--run-id", "perms", "--record", str(record),
        "--no-history", "--format", "md", "--fail-on", "none", "-w", "2"])
    assert result.exit_code in (0, 1, 2), result.output
    loose = []
    for root in (out / "perms", record):
        for path in [root, *root.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                loose.append(f"{path.relative_to(tmp_path)} {mode:04o}")
    assert not loose, loose


def test_a_one_letter_password_is_masked_without_rewriting_words(
    tmp_path: Path, serve: type[Lab], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short password is masked where it stands alone, never inside a word: the reasons
    (the refusal of an old device's algorithms: "key exchange") stay whole and readable."""
    from inspector import redact  # noqa: PLC0415 - this test only
    from inspector.lab.legacy import old_devices  # noqa: PLC0415

    # "x" stays a secret for this test only (the registry is the process's).
    monkeypatch.setattr(redact, "_known", set())
    monkeypatch.setattr(redact, "_short", {})
    modern = lab_devices(names=["sh-acc-s5735", "bj-acc-c2960x"])
    devices = [modern[0], *old_devices(modern)]
    for device in devices:
        device.password = "x"  # noqa: S105 - a simulated device's one-letter password
        device.outputs = {c: f"motd: x\n{o}" for c, o in device.outputs.items()}
    serve(devices).start()
    armed = {d.name: {"password": "x", "enable": "x"} for d in devices}
    inventory = _inventory(tmp_path / "inventory.yaml", devices, armed, monkeypatch)
    out, record = tmp_path / "out", tmp_path / "recorded"
    result = CliRunner().invoke(app, [
        "run", str(inventory), "--out", str(out), "--run-id", "short", "--record",
        str(record), "--no-history", "--format", "md", "--fail-on", "none", "-w", "2"])
    assert result.exit_code in (0, 1, 2), result.output
    folder = out / "short"
    results = (folder / "results.json").read_text(encoding="utf-8")
    assert ("the device offers only diffie-hellman-group1-sha1 (key exchange) and ssh-rsa "
            "(host key); set transport.legacy_algorithms: true for it") in results
    assert "motd: <redacted>" in (folder / "commands.log").read_text(encoding="utf-8")
    alone = re.compile(rb"(?<![\w])x(?![\w])")
    leaks = [where for where, data in [*_texts(folder), *_texts(record)]
             if where.endswith((".json", ".log", ".md", ".txt")) and alone.search(data)]
    assert not leaks, leaks
    assert not alone.search(result.output.encode())
