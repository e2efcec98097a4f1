"""A full disk, for real: a small tmpfs mounted for the test (skipped where mounting is not
permitted). A run that cannot be written ends on one line with exit 2, leaves no
half-written folder, and the earlier run beside it is untouched; a report that cannot be
written is absent, never truncated under its real name."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.fileio import WriteError, atomic_write
from inspector.lab.profiles import LAB_BUNDLE


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _inspector(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector.cli", *args], capture_output=True,
                          text=True, timeout=300, check=False)


def _fill(disk: Path, leave: int) -> None:
    """Fill the disk but `leave` bytes."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with (disk / "filler").open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("leave", [
    pytest.param(16 * 1024, marks=pytest.mark.slow),  # not even the history's journal
    200 * 1024,  # the bundle cut short
    pytest.param(600 * 1024, marks=pytest.mark.slow)])
def test_a_run_that_cannot_be_written_leaves_nothing_and_exits_2(small_disk: Path,
                                                                 leave: int) -> None:
    out = small_disk / "reports"
    first = _inspector("run", "--replay", str(LAB_BUNDLE), "--out", str(out), "--run-id",
                       "earlier", "--format", "none")
    assert first.returncode in (0, 1), first.stderr
    earlier = _digests(out / "earlier")
    _fill(small_disk, leave)

    second = _inspector("run", "--replay", str(LAB_BUNDLE), "--out", str(out), "--run-id",
                        "later", "--format", "none")
    assert second.returncode == 2, second.stderr
    assert "Traceback" not in second.stderr
    errors = [line for line in second.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot write" in errors[0], second.stderr
    assert not (out / "later").exists()
    assert not list(out.rglob("*.tmp"))
    assert _digests(out / "earlier") == earlier
    (small_disk / "filler").unlink()  # SQLite needs room for its journal even to read
    listed = _inspector("history", "--history", str(out / "history.sqlite"), "--json")
    assert [run["run_id"] for run in json.loads(listed.stdout)] == ["earlier"]


@pytest.mark.slow  # renders a PDF
def test_a_report_that_cannot_be_written_is_absent_not_truncated(small_disk: Path) -> None:
    out = small_disk / "reports"
    _fill(small_disk, 4 * 1024 * 1024)  # room for the run, not for its PDF too
    done = _inspector("run", "--replay", str(LAB_BUNDLE), "--out", str(out), "--run-id", "r",
                      "--format", "html,pdf", "--no-history")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    line, = [x for x in done.stderr.splitlines() if x.startswith("error:")]
    assert "cannot write: No space left on device" in line
    assert "the run's results are in" in line
    assert (out / "r" / "results.json").is_file()
    assert not (out / "r" / "report.pdf").exists()
    assert not list(out.rglob("*.tmp"))


def test_a_failed_write_keeps_the_file_it_would_have_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no disk can be filled: ENOSPC injected at the write itself."""
    target = atomic_write(tmp_path / "results.json", ["earlier\n"])

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match=r"results\.json: cannot write: No space left"):
        atomic_write(target, ["later\n"])
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]
