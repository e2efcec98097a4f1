"""The report HTML cut into parts that each start a page, for a PDF rendered in parts.

A report of hundreds of devices is too much for one WeasyPrint layout (time and memory grow
with it), so the PDF is rendered in parts and joined (report/pdfsplit.py). A cut is only
made where the page breaks anyway, so the joined PDF is the one a single render of the same
document gives:

- between the body's top-level blocks (the cover, then `<section>`s) where the next block
  starts a page by its class (SECTION_BREAKS; the matrix, which only changes the page
  orientation, stays with the block before it);
- inside the long sections (SPLITTABLE: findings, the problem tracker, the device matrix,
  device details),
  between their items: each continuation is a `<section class="section">` of its own, so a
  page break is added there; a table's continuation repeats the table's head. The same
  document rendered whole (`PdfDocument.html`) has the same breaks.

Only markup written by our templates is searched for: device text is escaped, so it cannot
contain a tag. A section that grows with the number of devices is cut too once it is named
in SPLITTABLE with the markup its items start with; any other section stays whole.

    >>> doc = split_report(html, part_chars=200_000)
    >>> len(doc.parts), doc.part_sizes   # parts, characters of markup in each
"""

from __future__ import annotations

import html as html_text
import math
import re
from dataclasses import dataclass, field

# A top-level block whose opening tag has one of these classes starts a page (report.css:
# `.section` and `.signoff` break before).
SECTION_BREAKS = frozenset({"section", "signoff"})
_SECTION_START = re.compile(r"<section\b")
_SECTION_END = "</section>"
_CLASS = re.compile(r'^<section\b[^>]*\bclass="([^"]*)"')
_SECTION_ID = re.compile(r'^<section\b[^>]*\bid="([^"]*)"')
_TABLE_START = "<table"
_TBODY_END = "</tbody>"
_TABLE_END = "</table>"


@dataclass(frozen=True)
class Splittable:
    """A section cut between its items. `item`: how each item's markup starts; `rows`: the
    items are rows of one table (a continuation repeats the table up to its body);
    `page`: the named page of the section (report.css), repeated on a continuation;
    `lead`: the first item of a continuation starts with this instead of `item`."""

    item: str
    rows: bool = False
    page: str | None = None
    lead: str | None = None


SPLITTABLE: dict[str, Splittable] = {
    "findings": Splittable('<div class="finding '),
    "tracker": Splittable('<tr class="tk-', rows=True, page="wide"),
    "devices": Splittable('<div class="device-detail', lead='<div class="device-detail first'),
    # One row per device: at 1000 devices its 575,000 characters were the largest part.
    "matrix": Splittable('<tr><td class="dev">', rows=True, page="wide"),
}


@dataclass
class PdfDocument:
    """The report as parts: `head` (up to and with `<body>`), `parts` (each a list of
    blocks that start a page), `tail` (`</body></html>`)."""

    head: str
    parts: list[list[str]]
    tail: str
    customer: str = ""
    report_no: str = ""
    part_sizes: list[int] = field(default_factory=list)

    @property
    def html(self) -> str:
        """The whole document with the parts' page breaks: what a single render lays out."""
        return self.head + "".join("".join(p) for p in self.parts) + self.tail


def split_report(html: str, part_chars: int | None = None) -> PdfDocument:
    """`html` cut into parts of about `part_chars` characters of markup each (a part's
    layout time and memory grow with it); None: one part, the document unchanged."""
    body_at = html.index("<body>") + len("<body>")
    end_at = html.rindex("</body>")
    head, body, tail = html[:body_at], html[body_at:end_at], html[end_at:]
    blocks = _top_blocks(body)
    customer, report_no = _header_strings(blocks[0] if blocks else "")
    if part_chars is None or len(body) <= part_chars:
        return PdfDocument(head, [[body]], tail, customer, report_no, [len(body)])
    pieces: list[str] = []
    for block in blocks:
        pieces += _cut_section(block, math.ceil(len(block) / part_chars))
    packed = _pack(pieces, part_chars)
    return PdfDocument(head, packed, tail, customer, report_no,
                       [sum(len(b) for b in p) for p in packed])


def _top_blocks(body: str) -> list[str]:
    """The body as its top-level blocks: what comes before the first section, each section
    (with the text up to the next one), and what follows the last."""
    starts = [m.start() for m in _SECTION_START.finditer(body)]
    if not starts:
        return [body]
    edges = [0, *starts] if starts[0] > 0 else starts
    return [body[a:b] for a, b in zip(edges, [*edges[1:], len(body)], strict=True)]


def starts_page(block: str) -> bool:
    """Whether a block begins with a section that breaks the page before it."""
    found = _CLASS.match(block.lstrip())
    return bool(found and SECTION_BREAKS & set(found.group(1).split()))


def _cut_section(block: str, parts: int) -> list[str]:
    """A splittable section as `parts` consecutive sections of as many items each; any
    other block unchanged. What follows the items (after the table, for rows) ends the
    last of them."""
    found = _SECTION_ID.match(block.lstrip())
    name = found.group(1) if found else ""
    rule = SPLITTABLE.get(name)
    # A section on a named page of its own (the matrix turns the page to landscape)
    # starts a page too, though its class does not say so.
    if rule is None or parts <= 1 or not (starts_page(block) or rule.page):
        return [block]
    bounds = _bounds(block, rule)
    if bounds is None:
        return [block]
    first, items_end, table_end, close = bounds
    items = _items(block[first:items_end], rule.item)
    per_chunk = math.ceil(len(items) / parts)
    if per_chunk >= len(items):
        return [block]
    wrap_open = block[block.rfind(_TABLE_START, 0, first):first] if rule.rows else ""
    wrap_close, after = block[items_end:table_end], block[table_end:close]
    chunks = [items[i:i + per_chunk] for i in range(0, len(items), per_chunk)]
    page = f' style="page: {rule.page}"' if rule.page else ""
    out = []
    for number, chunk in enumerate(chunks):
        lead = chunk[0]
        if number and rule.lead:
            lead = rule.lead + lead[len(rule.item):]
        opening = block[:first] if number == 0 else \
            f'<section class="section" data-continues="{name}"{page}>\n{wrap_open}'
        closing = after + block[close:] if number == len(chunks) - 1 else "</section>\n"
        out.append(opening + lead + "".join(chunk[1:]) + wrap_close + closing)
    return out


def _bounds(block: str, rule: Splittable) -> tuple[int, int, int, int] | None:
    """Where the items start and end, where their table ends (rows) and where the section
    closes; None when the section is not as the templates write it."""
    first, close = block.find(rule.item), block.rfind(_SECTION_END)
    if first < 0 or close < first:
        return None
    if not rule.rows:
        return first, close, close, close
    items_end = block.rfind(_TBODY_END, first, close)
    table_end = block.find(_TABLE_END, max(items_end, first), close)
    if items_end < 0 or table_end < 0:
        return None
    return first, items_end, table_end + len(_TABLE_END), close


def _items(text: str, marker: str) -> list[str]:
    starts = [m.start() for m in re.finditer(re.escape(marker), text)]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _pack(pieces: list[str], budget: int) -> list[list[str]]:
    """Consecutive pieces into parts of about `budget` characters; a part only begins with a
    piece that starts a page."""
    packed: list[list[str]] = [[]]
    size = 0
    for piece in pieces:
        if packed[-1] and size + len(piece) > budget and starts_page(piece):
            packed.append([])
            size = 0
        packed[-1].append(piece)
        size += len(piece)
    return packed


_CUSTOMER = re.compile(r'<div class="customer">(.*?)</div>', re.DOTALL)
_REPORT_NO = re.compile(r'<td class="reportno">(.*?)</td>', re.DOTALL)


def _header_strings(cover: str) -> tuple[str, str]:
    """The customer and report number the cover sets for the running header (report.css
    `string-set`), as text: a part without the cover names them literally."""
    def text(pattern: re.Pattern[str]) -> str:
        found = pattern.search(cover)
        return " ".join(html_text.unescape(found.group(1)).split()) if found else ""

    return text(_CUSTOMER), text(_REPORT_NO)
