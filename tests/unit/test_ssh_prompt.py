"""The session prompt the SSH collector waits for, from what netmiko's find_prompt saw."""

from __future__ import annotations

import re

import pytest

from inspector.transports.ssh import _hostname, prompt_regex


@pytest.mark.parametrize(("shown", "hostname"), [
    ("<sw1>", "sw1"), ("[~sw1]", "sw1"), ("sw1#", "sw1"), ("sw1(config)#", "sw1"),
    ("FGT60F # ", "FGT60F"), ("FGT (root) # ", "FGT"), ("HRP_M<usg>", "usg"),
    ("RBM_P<fw1>", "fw1"), ("admin:/>", "admin:/"), ("\n<sw1>\n", "sw1"),
    # A slow device answered netmiko's Enter twice: the prompts come back joined.
    ("admin:/>admin:/>", "admin:/"), ("<sw1><sw1>", "sw1"), ("sw1#\nsw1#", "sw1"),
])
def test_the_hostname_is_the_last_prompt_shown(shown: str, hostname: str) -> None:
    assert _hostname(shown) == hostname


def test_an_oceanstor_prompt_shown_twice_still_ends_the_output() -> None:
    ending = re.compile(prompt_regex(_hostname("inspector:/>inspector:/>")))
    assert ending.search("Health Status : Normal\ninspector:/>")
    assert not ending.search("Health Status : Normal\n")
