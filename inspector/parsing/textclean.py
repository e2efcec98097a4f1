"""Turn what a terminal received into the text a template expects.

Devices and terminal emulators leave residue in captured output: paging prompts that were
answered (`---- More ----` followed by cursor-left escapes, ` --More-- ` followed by
backspaces), ANSI colour and cursor codes, CR/LF line ends, lines redrawn with a bare CR, a
UTF-8 byte-order mark from Windows session logs, and the prompt after the last line.
"""

from __future__ import annotations

import re

# The pager prompt and the sequence that erases it (cursor back, blanks, cursor back; or
# backspaces, blanks, backspaces; or CR, blanks, CR). Huawei/H3C print `---- More ----`,
# Cisco/Inspur ` --More-- `, some Comware releases `---- More ----` with a leading CR.
#
# The lookbehinds let a match start only at the first blank or the first dash of a run: an
# unanchored `[ \t]*-{2,}` would be tried at every position of a long run of blanks or
# dashes, each try scanning the rest of the run (quadratic: minutes for a 40 kB table rule).
_MORE = re.compile(
    r"(?:(?<![ \t])[ \t]+)?(?<!-)-{2,}[ \t]*More[ \t]*(?:\(\d+%\)[ \t]*)?-{2,}[ \t]*"
    r"(?:(?:\x1b\[\d*D|\x08)+[ \t]*(?:\x1b\[\d*D|\x08)+|\r[ \t]*\r|(?:\x1b\[\d*D|\x08)+)?",
    re.IGNORECASE,
)
# What every pager prompt `_MORE` removes contains: searched for first, because `_MORE`
# itself is tried at every position of the text (4 ms for a 100 kB log, 0.04 ms this way).
_MORE_HINT = re.compile(r"-[ \t]*more[ \t]*(?:\(\d+%\)[ \t]*)?-", re.IGNORECASE)
# An OSC string (`ESC ] ... BEL`) cannot hold another ESC: an unterminated one then costs
# a scan to the next ESC, not to the end of the text (quadratic on `ESC ]` repeated).
_ANSI = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78]|\][^\x07\x1b]*\x07)")
_CONTROL = re.compile(r"[\x00-\x07\x0b\x0c\x0e-\x1f\x7f]")
_BACKSPACE = "\x08"


def _apply_backspaces(line: str) -> str:
    if _BACKSPACE not in line:
        return line
    out: list[str] = []
    for char in line:
        if char == _BACKSPACE:
            if out:
                out.pop()
        else:
            out.append(char)
    return "".join(out)


def _apply_carriage_returns(line: str) -> str:
    """A bare CR returns the cursor to column 0: later text overwrites earlier text."""
    if "\r" not in line:
        return line
    buffer: list[str] = []
    for segment in line.split("\r"):
        buffer[: len(segment)] = segment
    return "".join(buffer)


def remove_pager_prompts(text: str) -> str:
    """The text without the answered pager prompts (and the sequences erasing them), so that
    a line after a page break starts where it did on the device."""
    return _MORE.sub("", text) if _MORE_HINT.search(text) else text


def clean_output(text: str) -> str:
    """The output as the device meant it: residue removed, LF line ends, no trailing blanks.

    >>> clean_output("a\\r\\n  ---- More ----\\x1b[42D          \\x1b[42Db\\r\\n")
    'a\\nb'
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n")
    if "\n" not in text and text.count("\r") > 1:
        text = text.replace("\r", "\n")  # CR-only line ends (old terminals, some exports)
    text = remove_pager_prompts(text)
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    lines = [_apply_carriage_returns(_apply_backspaces(line)) for line in text.split("\n")]
    if _CONTROL.search(text):
        lines = [_CONTROL.sub("", line) for line in lines]
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def strip_trailing_prompt(text: str, prompt: re.Pattern[str]) -> str:
    """Drop a last line that is only the device's prompt (what a capture ends with)."""
    lines = text.split("\n")
    while lines and (not lines[-1].strip() or prompt.fullmatch(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines)
