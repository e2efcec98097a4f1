"""Collection progress (cli/progress.py): a line per device with done/total, failures so
far and the time left when not on a terminal; a bar with the same on a terminal; nothing
under --quiet; the words in the run's language, names shown safely."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from inspector.cli.progress import Counts, clock, collection_progress, device_line
from inspector.model import Capture, Device
from inspector.report.i18n import Translator
from inspector.store.bundle import DeviceRecording


def _rec(name: str, error: str | None = None, captures: int = 3) -> DeviceRecording:
    return DeviceRecording(device=Device(name=name, host="10.0.0.1", platform="cisco_ios"),
                           captures=[Capture(device=name, command=f"show {i}", output="x")
                                     for i in range(captures)], error=error)


def _console(terminal: bool, quiet: bool = False) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, quiet=quiet, width=200), buffer


@pytest.mark.parametrize(("lang", "words"), [("en", ["captures", "failed so far 1", "left"]),
                                             ("zh", ["条采集", "已失败 1 台", "约剩"])])
def test_a_line_per_device_when_not_on_a_terminal(lang: str, words: list[str]) -> None:
    console, buffer = _console(terminal=False)
    with collection_progress(console, 3, lang) as tick:
        assert tick is not None
        tick(_rec("sw-1", error="connection refused"))
        tick(_rec("sw-2"))
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[1/3] sw-1") and "connection refused" in lines[0]
    assert lines[1].startswith("[2/3] sw-2")
    for word in words:
        assert word in lines[1]


def test_nothing_under_quiet() -> None:
    for terminal in (False, True):
        console, buffer = _console(terminal=terminal, quiet=True)
        with collection_progress(console, 2, "en") as tick:
            assert tick is None
        assert buffer.getvalue() == ""


def test_a_bar_with_done_total_and_failures_on_a_terminal() -> None:
    console, buffer = _console(terminal=True)
    with collection_progress(console, 4, "en") as tick:
        assert tick is not None
        tick(_rec("a", error="timeout"))
        tick(_rec("b"))
    shown_text = buffer.getvalue()
    assert "collecting" in shown_text
    assert "2/4" in shown_text and "failed 1" in shown_text


def test_names_and_errors_are_data_not_terminal_control() -> None:
    t = Translator("en")
    counts = Counts(1)
    rec = _rec("evil\x1b[2Jsw", error="bad\x07 bell")
    counts.add(rec)
    line = device_line(t, counts, rec)
    assert "\x1b" not in line and "\x07" not in line
    assert "evil\\x1b[2Jsw" in line


def test_time_left_follows_the_pace_so_far() -> None:
    now = [100.0]
    counts = Counts(10, now=lambda: now[0])
    assert counts.left_s() is None
    now[0] = 104.0
    counts.add(_rec("a"))
    counts.add(_rec("b"))
    assert counts.left_s() == pytest.approx(16.0)  # 2 s per device, 8 to go
    assert [clock(s) for s in (16, 125, 3725)] == ["0:16", "2:05", "1:02:05"]
