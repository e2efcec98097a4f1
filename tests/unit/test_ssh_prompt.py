"""The session prompt the SSH collector waits for, from what netmiko's find_prompt saw."""

from __future__ import annotations

import re

import pytest

from inspector.transports.prompts import PROMPT_END, hostname, prompt_regex, session_prompt


@pytest.mark.parametrize(("shown", "name"), [
    ("<sw1>", "sw1"), ("[~sw1]", "sw1"), ("sw1#", "sw1"), ("sw1(config)#", "sw1"),
    ("FGT60F # ", "FGT60F"), ("FGT (root) # ", "FGT"), ("HRP_M<usg>", "usg"),
    ("RBM_P<fw1>", "fw1"), ("admin:/>", "admin:/"), ("\n<sw1>\n", "sw1"),
    # A slow device answered netmiko's Enter twice: the prompts come back joined.
    ("admin:/>admin:/>", "admin:/"), ("<sw1><sw1>", "sw1"), ("sw1#\nsw1#", "sw1"),
])
def test_the_hostname_is_the_last_prompt_shown(shown: str, name: str) -> None:
    assert hostname(shown) == name


def test_an_oceanstor_prompt_shown_twice_still_ends_the_output() -> None:
    ending = re.compile(prompt_regex(hostname("inspector:/>inspector:/>")))
    assert ending.search("Health Status : Normal\ninspector:/>")
    assert not ending.search("Health Status : Normal\n")


class _Device:
    """What netmiko's find_prompt returns, call after call (no SSH: the choice is pure)."""

    def __init__(self, answers: list[str], base_prompt: str = "nspector:/") -> None:
        self.answers = answers
        self.patterns: list[str | None] = []
        self.base_prompt = base_prompt

    def find_prompt(self, pattern: str | None = None) -> str:
        self.patterns.append(pattern)
        return self.answers.pop(0)


def test_a_prompt_read_in_pieces_is_asked_for_again_up_to_its_end() -> None:
    device = _Device(["inspec", "inspector:/>"])
    ending = re.compile(session_prompt(device))
    assert device.patterns == [None, PROMPT_END]
    assert ending.search("Health Status : Normal\ninspector:/>")


def test_a_whole_prompt_is_asked_for_once() -> None:
    device = _Device(["<sw1>"])
    assert re.compile(session_prompt(device)).search("x\n<sw1>")
    assert device.patterns == [None]


def test_the_base_prompt_is_the_last_resort() -> None:
    device = _Device(["insp", "inspe", "inspec"], base_prompt="sw1")
    assert re.compile(session_prompt(device)).search("x\nsw1#")
    assert len(device.patterns) == 3
