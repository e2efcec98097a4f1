"""What capture tools and people do to an output between the device and a file: the forms a
published or pasted output takes. Each form is a function of the clean output (and the
command and prompt it was captured with); the parse of the result must not change.

- a terminal logging a timestamp before every line (SecureCRT, Xshell, MobaXterm forms);
- the prompt and command echoed above the output and the prompt after it;
- quoting in an e-mail or chat (`> `, `>> `) or a wiki (`| `), a leading space per line
  (pasted into a ticket or an indented document);
- Windows line ends, ANSI colour, and the pager prompts of a paged terminal erased with
  backspaces or cursor moves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from inspector.parsing.platforms import get_platform

ESC = "\x1b"


@dataclass(frozen=True)
class Captured:
    """A clean output and how it was captured: the command typed and the device's prompt
    (`Switch#`, `<HUAWEI>`)."""

    text: str
    command: str
    prompt: str


def _each_line(text: str, prefix: str) -> str:
    return "\n".join(f"{prefix}{line}" if line.strip() else prefix.rstrip() + line
                     for line in text.split("\n"))


def timestamp_brackets(c: Captured) -> str:
    """SecureCRT / Xshell "log each line with a timestamp": `[2026-03-02 10:15:07] `."""
    return "\n".join(f"[2026-03-02 10:15:{n % 60:02d}] {line}"
                     for n, line in enumerate(c.text.split("\n")))


def timestamp_plain(c: Captured) -> str:
    """A timestamp with milliseconds and no brackets, then a blank: `2026-03-02 10:15:07.120 `."""
    return "\n".join(f"2026-03-02 10:15:{n % 60:02d}.{n % 1000:03d} {line}"
                     for n, line in enumerate(c.text.split("\n")))


def timestamp_time_only(c: Captured) -> str:
    """MobaXterm-like `[10:15:07] ` (time of day only)."""
    return "\n".join(f"[10:15:{n % 60:02d}] {line}" for n, line in enumerate(c.text.split("\n")))


def prompt_echo(c: Captured) -> str:
    """The prompt and the command above the output, the prompt again below it."""
    return f"{c.prompt}{c.command}\n{c.text}\n{c.prompt}"


def prompt_echo_blank(c: Captured) -> str:
    """As a session log holds it: prompt + command, a blank line, the output, the prompt."""
    return f"{c.prompt}{c.command}\n\n{c.text}\n\n{c.prompt}\n"


def quoted_mail(c: Captured) -> str:
    return _each_line(c.text, "> ")


def quoted_twice(c: Captured) -> str:
    return _each_line(c.text, ">> ")


def quoted_bar(c: Captured) -> str:
    return _each_line(c.text, "| ")


def leading_space(c: Captured) -> str:
    return _each_line(c.text, " ")


def indented(c: Captured) -> str:
    return _each_line(c.text, "    ")


def tab_indented(c: Captured) -> str:
    return _each_line(c.text, "\t")


def crlf(c: Captured) -> str:
    return c.text.replace("\n", "\r\n") + "\r\n"


def ansi_colour(c: Captured) -> str:
    """A colouring terminal: every line in a colour, reset at its end."""
    return "\n".join(f"{ESC}[0;32m{line}{ESC}[0m" for line in c.text.split("\n"))


def _paged(c: Captured, pager: str, every: int = 5) -> str:
    lines = c.text.split("\n")
    out: list[str] = []
    for n, line in enumerate(lines):
        out.append(f"{pager}{line}" if n and n % every == 0 else line)
    return "\n".join(out)


def pager_cursor(c: Captured) -> str:
    """Huawei/H3C `---- More ----` erased with cursor moves."""
    return _paged(c, f"  ---- More ----{ESC}[42D{' ' * 42}{ESC}[42D")


def pager_backspace(c: Captured) -> str:
    """Cisco ` --More-- ` erased with backspaces."""
    erase = "\b" * 10
    return _paged(c, f" --More-- {erase}{' ' * 10}{erase}")


def combined(c: Captured) -> str:
    """A Windows terminal log with timestamps of a paged, echoed session."""
    echoed = Captured(pager_cursor(c), c.command, c.prompt)
    return crlf(Captured(timestamp_brackets(Captured(prompt_echo(echoed), c.command,
                                                     c.prompt)), c.command, c.prompt))


FORMS: dict[str, Callable[[Captured], str]] = {
    "timestamp_brackets": timestamp_brackets,
    "timestamp_plain": timestamp_plain,
    "timestamp_time_only": timestamp_time_only,
    "prompt_echo": prompt_echo,
    "prompt_echo_blank": prompt_echo_blank,
    "quoted_mail": quoted_mail,
    "quoted_twice": quoted_twice,
    "quoted_bar": quoted_bar,
    "leading_space": leading_space,
    "indented": indented,
    "tab_indented": tab_indented,
    "crlf": crlf,
    "ansi_colour": ansi_colour,
    "pager_cursor": pager_cursor,
    "pager_backspace": pager_backspace,
    "combined": combined,
}

# Prompts of the styles devices have; a platform's is the first its prompt pattern reads.
PROMPTS = ("core-sw1#", "<core-sw1>", "fgt-fw1 # ", "admin:/>", "[ops@db1 ~]$ ")


def prompt_of(platform: str) -> str | None:
    """A prompt of `platform`'s style, or None when it has none (ipmitool runs on the
    collecting host, not in a device's CLI)."""
    pattern = re.compile(get_platform(platform).prompt_pattern)
    return next((p for p in PROMPTS if pattern.fullmatch(p.strip())), None)


# --------------------------------------------------------------------------- lossy forms
# Forms that lose part of an output. A parse after one may change, but only to a reading of
# what is left or to a failure with its reason, never to a wrong reading; they are measured
# (`python -m tests.corpus.rates --form header_removed`), not held to "unchanged".

RULE = re.compile(r"\s*[-=+ ]*[-=]{3,}[-=+ ]*\s*")
HEADER_SEARCH_LINES = 15


def header_removed(c: Captured) -> str:
    """The output with its header block scrolled away: the lines before the first data row
    (up to the first rule `----` of the top lines and the blank lines after it; without a
    rule, the top lines that hold no digit: column titles)."""
    lines = c.text.split("\n")
    rules = [n for n, line in enumerate(lines[:HEADER_SEARCH_LINES]) if RULE.fullmatch(line)]
    start = 0
    if rules:
        start = rules[0]
        while start < len(lines) and (RULE.fullmatch(lines[start]) or not lines[start].strip()):
            start += 1
    else:
        while start < len(lines) and not re.search(r"\d", lines[start]):
            start += 1
    return "\n".join(lines[start:]) if start < len(lines) else c.text


LOSSY_FORMS: dict[str, Callable[[Captured], str]] = {
    "header_removed": header_removed,
}
