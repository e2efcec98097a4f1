from __future__ import annotations

import re

from inspector.parsing.textclean import clean_output, strip_trailing_prompt


def test_huawei_more_with_cursor_moves_is_removed_and_indentation_kept() -> None:
    raw = ("Interface   PHY\r\nGE0/0/1     up\r\n  ---- More ----\x1b[42D"
           + " " * 42 + "\x1b[42D  GE0/0/2     down\r\n")
    assert clean_output(raw) == "Interface   PHY\nGE0/0/1     up\n  GE0/0/2     down"


def test_cisco_more_with_backspaces_is_removed() -> None:
    raw = "Gi0/1 up\n --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          " \
          "\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08Gi0/2 down\n"
    assert clean_output(raw) == "Gi0/1 up\nGi0/2 down"


def test_ansi_colours_bom_and_bare_cr_redraws() -> None:
    raw = "\ufeff\x1b[1;32mOK\x1b[0m\r\nprogress 10%\rprogress 100%\r\n"
    assert clean_output(raw) == "OK\nprogress 100%"


def test_backspace_typing_corrections() -> None:
    assert clean_output("dis cpuu\x08-usage") == "dis cpu-usage"


def test_trailing_prompt_is_dropped() -> None:
    prompt = re.compile(r"<(?P<hostname>[\w-]+)>")
    assert strip_trailing_prompt("line 1\nline 2\n<core-sw1>\n", prompt) == "line 1\nline 2"
    assert strip_trailing_prompt("<core-sw1> is not a prompt here", prompt) == (
        "<core-sw1> is not a prompt here")
