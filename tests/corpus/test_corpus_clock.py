"""Corpus tier: every real `show clock` / `display clock` output published by other projects
yields the time it states, so an imported log holding one is dated by it."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

import pytest

from inspector.parsing.logtime import clock_time
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]


def _outputs() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for folder in ("show_clock", "display_clock")
                  for p in CORPUS.glob(f"*/{folder}/*.raw"))


@pytest.mark.parametrize("path", _outputs(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_clock_output_gives_its_time(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    moment = clock_time(text, UTC)
    assert moment is not None
    # the time of day and the year the output prints are the ones read
    assert moment.strftime("%H:%M:%S") in text
    assert re.search(rf"\b{moment.year}\b", text)
