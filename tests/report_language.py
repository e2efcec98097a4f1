"""Which words of a report are the tool's own, and in which language they are.

A report mixes our words (headings, states, observations, reasons) with values: device and
interface names, models, log lines, the customer's site names, commands and evidence. The
checker removes every value the run holds (as whole strings, longest first), skips what the
report sets apart as verbatim (evidence blocks, commands, identifiers in monospace), and
returns what is left in the wrong language: English words in a Chinese report, Chinese in
an English one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from inspector.catalog import Joined, Phrase
from inspector.model import FAMILY_NAMES, Run
from inspector.reasons import reason

# Names, not words: product names and units. Upper-case acronyms (CPU, UPS) pass anyway.
GLOSSARY = frozenset({"Comware", "Excel", "MiB", "GiB", "KiB", "TiB", "Mbit", "RH",
                      "OceanStor", "Linux", "FortiOS", "Redfish", "SecPath",
                      # Stacking technologies by their vendors' names.
                      "iStack", "StackWise",
                      # Linux's own names: its drivers and files, and the tools to run.
                      "bond", "md", "systemd", "inode", "top", "iostat",
                      # RAID controllers' tools, by their vendors' names.
                      "storcli", "perccli", "ssacli"})
# Terms quoted as the devices print them (rule messages), the files and the option the
# appendix names: removed as whole phrases.
QUOTED = ("err-disabled / error-down", "Hello/Dead", "Full", "Established", "bundle/",
          "commands.log", "results.json", "--limit", "zh-CN",
          "mdadm --detail", "systemctl status", "journalctl -u", "fsck/xfs_repair",
          "docs/linux.md", "linux.permit", "multipath -ll")
_VERBATIM = ("pre", "style", "script", "title")
_VOID = ("img", "br", "col", "meta", "link", "input", "hr")
_WORD = re.compile(r"[A-Za-z][A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u9fff]+")


class _Visible(HTMLParser):
    """The text a reader sees outside evidence blocks and monospace identifiers.

    A name kept whole (`<span class="nw">`) or given a break point (`<wbr>`, see
    inspector/report/breaks.py) stays one piece of text with its neighbours.
    """

    def __init__(self) -> None:
        super().__init__()
        self.skipping: list[bool] = []
        self.whole: list[bool] = []
        self.texts: list[str] = []
        self.continues = False  # the next text belongs to the last one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "wbr":
            return
        if tag in _VOID:
            self.continues = False
            return
        classes = (dict(attrs).get("class") or "").split()
        self.skipping.append(tag in _VERBATIM or "mono" in classes)
        self.whole.append(tag == "span" and "nw" in classes)
        self.continues = self.continues and self.whole[-1]

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and tag != "wbr" and self.skipping:
            self.skipping.pop()
            whole = self.whole.pop()
            self.continues = self.continues and whole

    def handle_data(self, data: str) -> None:
        if any(self.skipping):
            return
        if self.continues:
            self.texts[-1] += data
        elif data.strip():
            self.texts.append(data)
            self.continues = True


def visible_html(path: Path) -> list[str]:
    parser = _Visible()
    parser.feed(path.read_text("utf-8"))
    return [text.strip() for text in parser.texts if text.strip()]


def workbook_cells(path: Path, skip_headers: Iterable[str] = ()) -> list[str]:
    """Every text cell of every sheet (and the sheet names), but the columns headed
    `skip_headers` (the evidence)."""
    book = load_workbook(path)
    cells = list(book.sheetnames)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        skipped = {i for i, h in enumerate(rows[0] if rows else ()) if h in set(skip_headers)}
        cells += [str(v) for row in rows for i, v in enumerate(row)
                  if isinstance(v, str) and i not in skipped]
    return cells


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _reason_values(text: str) -> Iterator[str]:
    """The values inside a transport's reason (its command, the device's own message)."""
    def walk(said: Any) -> Iterator[str]:
        if isinstance(said, Phrase):
            for item in said.params.values():
                yield from walk(item)
        elif isinstance(said, Joined):
            for item in said.items:
                yield from walk(item)
        elif isinstance(said, str):
            yield said
    yield from walk(reason(text))


# Fields of our own words (translated in the report), never values to strip.
_OURS = {"status", "battery_status", "alarms", "kind", "duplex", "platform", "role"}


def _data(item: Any) -> Iterator[str]:
    for key, value in item.model_dump().items():
        if key not in _OURS:
            yield from _strings(value)


def values(run: Run, extra: Iterable[str] = ()) -> list[str]:
    """Every value of the run a report may show, longest first."""
    found: set[str] = set(extra) | set(QUOTED)
    found |= {run.run_id}
    for result in run.devices:
        found |= set(_data(result.device))
        found |= {c.command for c in result.captures}
        if result.reason:
            found |= set(_reason_values(result.reason))
        snapshot = result.snapshot
        for name in FAMILY_NAMES:
            family = snapshot.family(name)
            found |= set(_reason_values(family.reason))
            for source in family.sources:
                found |= {source.command, *_reason_values(source.reason),
                          *_reason_values(source.filtered)}
            data = family.data if isinstance(family.data, list) else [family.data]
            for record in data:
                if record is not None:
                    found |= set(_data(record))
                    found |= set(_log_forms(record))
    for finding in run.findings:
        found.add(finding.check_id)
    return sorted((v for v in found if v and v.strip()), key=len, reverse=True)


def _log_forms(record: Any) -> Iterator[str]:
    """A log line as findings shorten it (checks/code/logs.py, checks/metrics.py)."""
    message = getattr(record, "message", None)
    if isinstance(message, str):
        yield " ".join(message.split()[:8])
        yield message[:40]
        yield message[:120]  # a kernel line as os.kernel_errors quotes it (checks/code/hostos.py)
        yield message[:199]  # a table cell's cut (report/fmt.py clip)
        when = f"{record.timestamp} " if record.timestamp else ""
        tag = f"{record.mnemonic}: " if record.mnemonic else ""
        yield f"{when}{tag}{message}"[:190]


def _pattern(data: list[str]) -> re.Pattern[str]:
    """Any of `data` as a whole: not the "C" of a unit inside "Comware"."""
    def bounded(value: str) -> str:
        head = r"(?<![A-Za-z0-9])" if value[:1].isalnum() else ""
        tail = r"(?![A-Za-z0-9])" if value[-1:].isalnum() else ""
        return head + re.escape(value) + tail
    return re.compile("|".join(bounded(v) for v in data))


def _stripped(texts: Iterable[str], data: list[str]) -> Iterator[tuple[str, str]]:
    pattern = _pattern(data)
    for text in texts:
        yield pattern.sub(" ", text), text


def english_words(texts: Iterable[str], data: list[str]) -> list[tuple[str, str]]:
    """(word, the text it is in) for each English word of ours left in `texts`."""
    return [(word, text) for left, text in _stripped(texts, data)
            for word in _WORD.findall(left) if word not in GLOSSARY and not word.isupper()]


def chinese_words(texts: Iterable[str], data: list[str]) -> list[tuple[str, str]]:
    return [(words, text) for left, text in _stripped(texts, data)
            for words in _CJK.findall(left)]
