"""No empty-output line pattern of any platform backtracks catastrophically on a long line.

A pattern with a nested repetition over overlapping classes (`(?:X - [\\w -]+,?\\s*)+`)
takes exponential time to *fail* on a long legend-like line, and a parse hung that way never
returns (the fuzz tier's CPU budget is checked only after the parse). Each pattern is
matched in full, as the parser does, against adversarial lines in a child process that must
finish within a deadline; on a hang the child has printed which pattern it was on.
"""

from __future__ import annotations

import json
import subprocess
import sys

from inspector.parsing.platforms import platforms

# Long lines shaped like the legends, rulers and tables the patterns describe, each ending
# in a character that makes the match fail (the slow path).
PROBE = """
import json, re, sys
lines = ["a - " * 2000 + "!", "A - B " * 2000 + "!", "Aa " * 8000 + "%", " " * 20000 + "x",
         "-" * 20000 + "x", "a1 " * 8000 + "(", "a-" * 10000 + "!", "Aa, " * 6000 + "%",
         "1 " * 10000 + "x", "Capability Codes: " + "R - Router T " * 1500 + "!"]
for where, pattern in json.load(sys.stdin):
    print(where, pattern, flush=True)
    compiled = re.compile(pattern)
    for line in lines:
        compiled.fullmatch(line)
print("done", flush=True)
"""


def _patterns() -> list[tuple[str, str]]:
    found = []
    for name, platform in sorted(platforms().items()):
        for family, parser in platform.all_parsers():
            empty = parser.empty_ok
            if empty is None:
                continue
            where = f"{name} {family} `{parser.command}`"
            found += [(where, line) for line in empty.lines]
            if empty.header_until:
                found.append((where, empty.header_until))
    return found


def test_no_empty_output_pattern_backtracks_catastrophically() -> None:
    patterns = _patterns()
    assert len(patterns) > 100  # every platform's forms are here
    try:
        done = subprocess.run([sys.executable, "-c", PROBE], input=json.dumps(patterns),
                              capture_output=True, text=True, timeout=60, check=True)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        last = out.strip().splitlines()[-1] if out.strip() else "(before the first)"
        raise AssertionError(f"backtracks on a long line: {last}") from None
    assert done.stdout.strip().endswith("done")
