"""The PDF of a large report, rendered in parts by child processes and joined.

One WeasyPrint layout of a 1000-device report takes minutes and gigabytes: its time and
memory grow with the document. A report of more than SINGLE_UP_TO devices is cut where
its pages break anyway, into parts of about PART_CHARS (report/pdfparts.py), and each part
is rendered in a child process (at most WORKERS at once, one per core): peak memory is that
of a part, and it is returned when the pool ends. Then, every part's page count known, each
part gets its footers ("第 n 页 / 共 N 页", report/pdfjoin.py), and the parts are joined with
one outline. The result is what a single render of the same document gives: the same pages,
page numbers, running headers and bookmarks. It is deterministic: each part goes to its own
file and the join takes them in document order, whichever child finishes first.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from inspector.report.errors import ReportError
from inspector.report.pdfjoin import Bookmark, join, stamp
from inspector.report.pdfparts import SPLITTABLE, PdfDocument, split_report

# Characters of markup per part: 20-50 pages (the tracker's landscape table is the densest),
# a child then peaks near 300-400 MB (about 150 MB of it WeasyPrint and the CJK fonts).
PART_CHARS = 200_000
SINGLE_UP_TO = 40  # devices: one render in this process, no child to start
WORKERS = 2  # parts rendered at once; each child holds one part's layout
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels; the PDF counts points
UNUSED_PAGE = "inspector-digits"
_FIRST_PAGE_RULE = re.compile(r"@page\s*:first\s*\{")


@dataclass(frozen=True)
class PartJob:
    html: str
    base_url: str
    target: str


@dataclass(frozen=True)
class LaidOut:
    """A rendered part: its page count, which pages are landscape, its headings."""

    pages: int
    landscape: list[bool]
    marks: list[Bookmark]


@dataclass(frozen=True)
class StampJob:
    head: str
    first_page: int  # the part's first page in the whole document, from 1
    total: int
    landscape: list[bool]
    base_url: str
    part: str
    target: str


def write_pdf_in_parts(html: str, path: Path, base_url: Path) -> int:
    """Write the report's PDF to `path` and return its page count: one render (pdf.py) up
    to SINGLE_UP_TO devices, in parts beyond."""
    # Loads WeasyPrint (pango): only when a PDF is written.
    from inspector.report.pdf import SYSTEM_LIBS_HINT, weasyprint_available, write_pdf  # noqa: PLC0415

    if html.count(SPLITTABLE["devices"].item) <= SINGLE_UP_TO:
        return write_pdf(html, path, base_url)
    if not weasyprint_available():  # said here, not by each child
        raise ReportError(SYSTEM_LIBS_HINT)
    document = split_report(html, PART_CHARS)
    with tempfile.TemporaryDirectory(prefix="inspector-pdf-") as scratch:
        return render_document(document, path, base_url, Path(scratch), WORKERS)


def render_document(document: PdfDocument, path: Path, base_url: Path, scratch: Path,
                    workers: int = WORKERS) -> int:
    """Each part of `document` rendered by a child, footers stamped on, joined into `path`."""
    count = len(document.parts)
    jobs = [PartJob(part_html(document, i), str(base_url), str(scratch / f"part-{i}.pdf"))
            for i in range(count)]
    # The largest parts first, so that no large part is left alone at the end.
    order = sorted(range(count), key=lambda i: -len(jobs[i].html))
    try:
        with ProcessPoolExecutor(max(1, min(workers, count, os.cpu_count() or 1)),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {i: pool.submit(render_part, jobs[i]) for i in order}
            laid_out = [futures[i].result() for i in range(count)]
            total = sum(p.pages for p in laid_out)
            firsts = [1 + sum(p.pages for p in laid_out[:i]) for i in range(count)]
            stamps = [StampJob(document.head, firsts[i], total, laid_out[i].landscape,
                               str(base_url), jobs[i].target,
                               str(scratch / f"stamped-{i}.pdf")) for i in range(count)]
            for done in [pool.submit(stamp_part, stamps[i]) for i in order]:
                done.result()
    except BrokenProcessPool:
        # A child killed from outside: most often by the kernel, short of memory.
        raise ReportError(f"a PDF rendering process ended abruptly ({count} parts, "
                          f"{workers} at a time): short of memory? Write the other "
                          "formats with --format html,xlsx, or free memory and retry") from None
    marks = [Bookmark(m.page + firsts[i] - 1, m.level, m.label, m.x, m.y, m.is_open)
             for i, part in enumerate(laid_out) for m in part.marks]
    return join([Path(s.target) for s in stamps], marks, path)


def part_html(document: PdfDocument, index: int) -> str:
    """Part `index` as a document of its own: the running header names the customer and
    report number literally (the cover that sets them is in part 0), only part 0's first
    page is the cover's (no header), and no footer (stamped on afterwards)."""
    head = _literal_header(document)
    if index > 0:
        head = drop_first_page_rule(head)
    head = _add_style(head, "@page { @bottom-center { content: none; } }")
    return head + "".join(document.parts[index]) + document.tail


def _literal_header(document: PdfDocument) -> str:
    return (document.head.replace("string(customer)", css_string(document.customer))
            .replace("string(reportno)", css_string(document.report_no)))


def drop_first_page_rule(head: str) -> str:
    """The stylesheet without its `@page :first { … }` rule (the document's first page
    only: a later part's first page is an ordinary page)."""
    found = _FIRST_PAGE_RULE.search(head)
    if found is None:
        return head
    depth, at = 1, found.end()
    while depth and at < len(head):
        depth += {"{": 1, "}": -1}.get(head[at], 0)
        at += 1
    return head[:found.start()] + head[at:]


def css_string(text: str) -> str:
    """A CSS string literal for the `<style>` element: quotes and newlines cannot end the
    string, nor `</style>` the element (`<` and `>` as CSS escapes)."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
               .replace("<", "\\3C ").replace(">", "\\3E "))
    return f'"{escaped}"'


def _add_style(head: str, css: str) -> str:
    at = head.rindex("</head>")
    return f"{head[:at]}<style>{css}</style>\n{head[at:]}"


def stamp_html(job: StampJob) -> str:
    """Pages holding only the footer, numbered from `first_page` of `total`, with the page
    sizes of the part's pages (report.css names the landscape page `wide`); then one page
    that is not used, whose footer holds every digit: every part's footers then embed the
    same font subset, which the join keeps once."""
    head = job.head.replace("counter(pages)", css_string(str(job.total)))
    css = ("@page { @top-left { content: none; } @top-right { content: none; } }"
           f" @page {UNUSED_PAGE} {{ @bottom-center {{ content: \"0123456789\"; }} }}")
    if job.first_page > 1:
        head = drop_first_page_rule(head)
        css += f" @page :first {{ counter-reset: page {job.first_page}; }}"
    pages = "".join(
        f'<div style="break-before: page{"; page: wide" if wide else ""}"></div>'
        for wide in job.landscape)
    unused = f'<div style="break-before: page; page: {UNUSED_PAGE}"></div>'
    return _add_style(head, css) + pages + unused + "</body></html>"


def render_part(job: PartJob) -> LaidOut:
    """In a child: lay out one part, write it, say what the join needs."""
    from weasyprint import HTML  # noqa: PLC0415 - in the child only

    document = HTML(string=job.html, base_url=job.base_url).render()
    document.write_pdf(job.target)
    marks = [Bookmark(number, level, label, x * PX_TO_PT, (page.height - y) * PX_TO_PT,
                      state != "closed")
             for number, page in enumerate(document.pages)
             for level, label, (x, y), state in page.bookmarks]
    return LaidOut(len(document.pages), [p.width > p.height for p in document.pages], marks)


def stamp_part(job: StampJob) -> None:
    """In a child: render one part's footers and draw them over its pages."""
    from weasyprint import HTML  # noqa: PLC0415 - in the child only

    footers = HTML(string=stamp_html(job), base_url=job.base_url).write_pdf()
    stamp(Path(job.part), footers, Path(job.target))

