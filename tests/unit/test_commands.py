from __future__ import annotations

import pytest

from inspector.commands import resolve, slug

KNOWN = ["display cpu-usage", "display cpu", "display interface brief", "display interface",
         "display device manuinfo", "display device", "show processes cpu"]


@pytest.mark.parametrize(("typed", "full"), [
    ("dis int bri", "display interface brief"),
    ("DIS  INT", "display interface"),
    ("dis cpu", "display cpu"),  # exact keyword wins over a longer one
    ("dis cpu-u", "display cpu-usage"),
    ("dis dev man", "display device manuinfo"),
    ("sh proc cpu", "show processes cpu"),
    ("show process cpu", "show processes cpu"),
])
def test_abbreviations_resolve(typed: str, full: str) -> None:
    assert resolve(typed, KNOWN) == full


@pytest.mark.parametrize("typed", ["", "dis", "dis int bri extra", "show clock"])
def test_unknown_or_ambiguous_commands_resolve_to_nothing(typed: str) -> None:
    assert resolve(typed, KNOWN) is None


def test_slug_is_a_single_safe_path_component() -> None:
    assert slug("display cpu-usage") == "display_cpu-usage"
    assert "/" not in slug("show interfaces Gi1/0/1 | include CRC")
