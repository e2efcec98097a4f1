"""Turn what a terminal received into the text a template expects.

Devices and terminal emulators leave residue in captured output: paging prompts that were
answered (`---- More ----` followed by cursor-left escapes, ` --More-- ` followed by
backspaces), ANSI colour and cursor codes, CR/LF line ends, lines redrawn with a bare CR, a
UTF-8 byte-order mark from Windows session logs, and the prompt after the last line.

Capture tools and people add their own marks to every line of an output they keep or pass
on: a timestamp (SecureCRT, Xshell, MobaXterm "timestamp each line"), a quote marker (`> `,
`>> ` in a mail, `| ` in a wiki or ticket). A mark on every line is the tool's, not the
device's: it is removed. A uniform indentation is ambiguous (Huawei and H3C indent whole
tables themselves), so `indent_variants` offers readings for the parser to choose from.
"""

from __future__ import annotations

import re

# The pager prompt and the sequence that erases it (cursor back, blanks, cursor back; or
# backspaces, blanks, backspaces; or CR, blanks, CR). Huawei/H3C print `---- More ----`,
# Cisco/Inspur ` --More-- `, some Comware releases `---- More ----` with a leading CR.
#
# The prompt's own blanks (two at most) go with it: more belong to what was before it (a
# capture tool's timestamp and its blank, an indentation).
#
# The lookbehinds let a match start only at the first blank or the first dash of a run: an
# unanchored `[ \t]*-{2,}` would be tried at every position of a long run of blanks or
# dashes, each try scanning the rest of the run (quadratic: minutes for a 40 kB table rule).
_MORE = re.compile(
    r"(?:(?<![ \t])[ \t]{1,2})?(?<!-)-{2,}[ \t]*More[ \t]*(?:\(\d+%\)[ \t]*)?-{2,}[ \t]*"
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
# A capture tool's timestamp before each line: `[2026-03-02 10:15:07] `, `[10:15:07.120] `,
# `2026-03-02 10:15:07.120 `, `2026/03/02 10:15:07 `. An ISO `T` form is not one: Linux
# `journalctl -o short-iso` prints it as part of the output.
_TIMESTAMP_MARK = re.compile(
    r"(?:\[(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t]+)?\d{1,2}:\d{2}:\d{2}(?:[.,:]\d{1,6})?\]"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t]+\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,6})?(?![\S]))"
    r"[ \t]?"
)
# Quote markers (`>`, `> >`, `|`) the lines of a quoted output all start with, looked for
# in a line's first characters only (a 1 MB line of `>` costs nothing then).
_QUOTE_MARK = re.compile(r"[ \t]*(?:[>|][ \t]*)*[>|]")
_MARK_CHARS = 32
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


def _strip_timestamps(lines: list[str]) -> list[str] | None:
    """`lines` without the timestamp every non-blank one starts with; None if one has none."""
    # all() stops at the first line without one: the first line, for nearly every output.
    if not all(_TIMESTAMP_MARK.match(line) for line in lines if line.strip()) or \
            not any(line.strip() for line in lines):
        return None
    return [line[m.end():] if (m := _TIMESTAMP_MARK.match(line)) else line for line in lines]


def _common_start(lines: list[str]) -> str:
    """What every line of `lines` starts with (that of the first and last in order)."""
    first, last = min(lines), max(lines)
    pairs = enumerate(zip(first, last, strict=False))
    length = next((n for n, (a, b) in pairs if a != b), len(first))
    return first[:length]


def _strip_quotes(lines: list[str]) -> list[str] | None:
    """`lines` without the quote marker every non-blank one starts with (and the one blank
    after it), or None. A table drawn with `|` borders (every line also ending in `|`) is
    the output itself."""
    first = next((line for line in lines if line), "")
    if _QUOTE_MARK.match(first[:_MARK_CHARS]) is None:  # the common case, decided by one line
        return None
    filled = [line for line in lines if line]
    content = [line for line in filled if line.strip(" \t>|")]
    if not filled or (content and all(line.endswith("|") for line in content)):
        return None
    common = _common_start(filled)
    quote = _QUOTE_MARK.match(common[:_MARK_CHARS])
    if quote is None:
        return None
    width = quote.end()
    stripped = []
    for line in lines:
        rest = line[width:]
        stripped.append(rest[1:] if rest[:1] in (" ", "\t") else rest)
    return stripped


def strip_capture_marks(lines: list[str]) -> list[str]:
    """The lines without the marks a capture tool or a quoting reader put on every one of
    them: a timestamp, then quote markers (a quoted timestamped log has both).

    >>> strip_capture_marks(["[2026-03-02 10:15:07] > Slot  CPU", "[2026-03-02 10:15:07] >"])
    ['Slot  CPU', '']
    """
    for strip in (_strip_timestamps, _strip_quotes, _strip_timestamps):
        stripped = strip(lines)
        if stripped is not None:
            lines = [line.rstrip() for line in stripped]
    return lines


def indent_variants(text: str) -> list[str]:
    """Other readings of an output every line of which is indented: without the common
    indentation, and with one blank left (where Huawei and H3C begin their lines). Empty
    when some line starts at the margin.

    >>> indent_variants("   a\\n    b")
    ['a\\n b', ' a\\n  b']
    """
    lines = text.split("\n")
    # any() stops at the first line at the margin: the first line, for nearly every output.
    if any(line[:1] not in ("", " ", "\t") for line in lines) or not text.strip():
        return []
    lines = [line.expandtabs(8) for line in lines]
    common = min(len(line) - len(line.lstrip(" ")) for line in lines if line.strip())
    variants = ["\n".join(line[common:] for line in lines)]
    if common > 1:
        variants.append("\n".join(line[common - 1:] for line in lines))
    return variants


def clean_output(text: str) -> str:
    """The output as the device meant it: residue removed, LF line ends, no trailing blanks.

    >>> clean_output("a\\r\\n  ---- More ----\\x1b[42D          \\x1b[42Db\\r\\n")
    'a\\nb'
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n")
    if "\n" not in text and text.count("\r") > 1:
        text = text.replace("\r", "\n")  # CR-only line ends (old terminals, some exports)
    if _TIMESTAMP_MARK.match(text.lstrip()):  # outermost: before the pager's erasures
        text = "\n".join(_strip_timestamps(text.split("\n")) or [text])
    text = remove_pager_prompts(text)
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    lines = [_apply_carriage_returns(_apply_backspaces(line)) for line in text.split("\n")]
    if _CONTROL.search(text):
        lines = [_CONTROL.sub("", line) for line in lines]
    lines = strip_capture_marks([line.rstrip() for line in lines])
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
