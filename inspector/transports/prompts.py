"""The prompt a CLI session waits for after each command, from what the device showed at
login.

netmiko's base prompt cannot be used as it is: it is cut for some platforms (IOS keeps 16
characters; the `huawei` driver drops the first character, assuming `<sw1>`, so an
OceanStor `inspector:/>` becomes `nspector:/`), and its pattern is the bare hostname, which
log lines quoting the hostname contain too.
"""

from __future__ import annotations

import re
from typing import Any

# The end of a whole prompt, for netmiko's find_prompt to read up to: a loaded device (or
# a loaded collector) can deliver `inspec` first and `tor:/>` a moment later.
PROMPT_END = r"[>\]#][ \t]*$"
ASKS = 3  # find_prompt calls at most, when what came back is not a whole prompt


def hostname(prompt: str) -> str:
    """`<sw1>` / `[~sw1]` / `sw1#` / `sw1(config)#` / `FGT60F # ` / `FGT (root) # ` -> the
    hostname (FortiOS puts a blank before `#`; an HRP pair's USG prefixes `HRP_M`/`HRP_S`,
    an RBM pair's SecPath `RBM_P`/`RBM_S`); "" when `prompt` does not end as a prompt."""
    # The last prompt: a slow device answering netmiko's Enter twice gives `a:/>a:/>`.
    match = re.search(r"(?:HRP_[MS]|RBM_[PS])?[<\[]?[~*]?([^\s<>\[\]()#]+)"
                      r"(?: ?\([^)\n]*\))? ?[>\]#]$", prompt.strip())
    return match.group(1) if match else ""


def prompt_regex(name: str) -> str:
    """The device's prompt at the very end of what was read: `<sw1>`, `[~sw1]`, `sw1#`,
    `sw1(config)#`, `FGT60F (root) # `."""
    return (rf"(?:^|\n)(?:HRP_[MS]|RBM_[PS])?[<\[]?[~*]?{re.escape(name)}(?: ?\([^)\n]*\))? ?"
            rf"[>\]#][ \t]*$")


def session_prompt(connection: Any) -> str:
    """The regex of the prompt `connection` shows, asked of the device until a whole prompt
    comes back (ValueError/ReadTimeout from netmiko when none does).

    The first ask is netmiko's usual one (Enter, a short wait, what was read); when that is
    a piece of a prompt, the next asks read until a prompt's end. Only when no ask gives a
    whole prompt is netmiko's base prompt used."""
    shown = connection.find_prompt()
    for _ in range(ASKS - 1):
        if hostname(shown):
            break
        shown = connection.find_prompt(pattern=PROMPT_END)
    return prompt_regex(hostname(shown) or connection.base_prompt)
