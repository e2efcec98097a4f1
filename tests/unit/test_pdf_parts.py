"""The PDF rendered in parts: where the report is cut, what each part and footer page is
made of, and the outline rebuilt over all parts (pure functions; the renders themselves are
in tests/integration/test_pdf_split.py)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from inspector.report.pdfjoin import Bookmark, OutlineNode, outline_tree
from inspector.report.pdfparts import split_report, starts_page
from inspector.report.pdfsplit import StampJob, drop_first_page_rule, part_html, stamp_html

HEAD = ("<!DOCTYPE html><html><head><style>@page { @bottom-center { content: \"p \" "
        "counter(page) \" / \" counter(pages); } @top-left { content: string(customer); } }\n"
        "@page :first { @top-left { content: none; } @bottom-center { content: none; } }\n"
        "@page wide { size: A4 landscape; }\n"
        ".section, .signoff { break-before: page; } #tracker, .matrix-section { page: wide; }"
        ".cover .customer { string-set: customer content(); }"
        "</style></head><body>")


def _report(devices: int = 9, rows: int = 12, findings: int = 6) -> str:
    """The report's markup as the templates write it, in small."""
    cover = ('<div class="cover">'
             '<div class="customer">A &amp; B &quot;Bank&quot; &lt;/style&gt;</div>'
             '<table class="meta"><tr><td class="reportno">R-7</td></tr></table></div>\n')
    summary = '<section class="section" id="summary"><h1>Summary</h1></section>\n'
    found = "".join(f'<div class="finding f-major"><div class="message">F{n}</div></div>\n'
                    for n in range(findings))
    finding_section = (f'<section class="section" id="findings"><h1>Findings</h1>\n{found}'
                       "</section>\n")
    body = "".join(f'<tr class="tk-open"><td>P{n}</td></tr>' for n in range(rows))
    tracker = ('<section class="section" id="tracker"><h1>Tracker</h1><p>intro</p>\n'
               '<table class="grid tracker">\n<thead><tr><th>id</th></tr></thead>\n'
               f"<tbody>{body}</tbody>\n</table>\n<p>after the table</p>\n</section>\n")
    cells = "".join(f'<tr><td class="dev">dev-{n}</td><td>ok</td></tr>' for n in range(devices))
    matrix = ('<section class="matrix-section" id="matrix"><h1>Matrix</h1>\n'
              '<table class="grid matrix">\n<thead><tr><th>device</th></tr></thead>\n'
              f"<tbody>{cells}</tbody>\n</table>\n<ul><li>notes</li></ul>\n</section>\n")
    details = "".join(f'<div class="device-detail{" first" if n == 0 else ""}">'
                      f"<h2><span>dev-{n}</span></h2></div>\n" for n in range(devices))
    device_section = (f'<section class="section" id="devices"><h1>Devices</h1>\n{details}'
                      "</section>\n")
    signoff = '<section class="signoff" id="signoff"><h1>Sign-off</h1></section>\n'
    return (HEAD + cover + summary + finding_section + tracker + matrix + device_section
            + signoff + "</body></html>")


def test_one_part_is_the_document_unchanged() -> None:
    html = _report()
    document = split_report(html, None)
    assert len(document.parts) == 1
    assert document.html == html
    assert split_report(html, 10 * len(html)).html == html


def test_nothing_is_lost_or_reordered_when_cut() -> None:
    html = _report()
    document = split_report(html, 300)
    assert len(document.parts) > 5
    whole = document.html
    for marker in ("dev-", "F", "P"):
        pattern = rf">{marker}(\d+)<"
        assert re.findall(pattern, whole) == re.findall(pattern, html)


def test_a_part_only_starts_where_the_page_breaks() -> None:
    document = split_report(_report(), 300)
    for part in document.parts[1:]:
        assert starts_page(part[0]), part[0][:80]
    # The matrix only turns the page: it stays in the part of the tracker's last rows.
    holder = next(p for p in document.parts if any('id="matrix"' in b for b in p))
    assert holder[0] != next(b for b in holder if 'id="matrix"' in b)


def test_continuations_break_the_page_and_repeat_the_table_head() -> None:
    document = split_report(_report(), 300)
    blocks = [b for part in document.parts for b in part]
    tracker = [b for b in blocks if 'data-continues="tracker"' in b]
    devices = [b for b in blocks if 'data-continues="devices"' in b]
    assert tracker and devices
    for block in tracker:
        assert block.startswith('<section class="section" data-continues="tracker" '
                                'style="page: wide">')
        assert "<thead><tr><th>id</th></tr></thead>" in block
        assert block.count("<table") == block.count("</table>") == 1
    # What follows the table comes once, after the last rows.
    holders = [b for b in blocks if "after the table" in b]
    assert holders == [tracker[-1]]
    assert tracker[-1].index("</table>") < tracker[-1].index("after the table")
    # A continued device list starts like the first one (no gap above the first device).
    assert all('<div class="device-detail first">' in b for b in devices)
    assert "<h1>" not in "".join(tracker + devices)


def test_the_running_header_is_named_literally_after_the_first_part() -> None:
    document = split_report(_report(), 300)
    assert (document.customer, document.report_no) == ('A & B "Bank" </style>', "R-7")
    later = part_html(document, 2)
    # Written as CSS: neither a quote nor `</style>` ends the string or the stylesheet.
    assert 'content: "A & B \\"Bank\\" \\3C /style\\3E ";' in later
    assert later.count("</style>") == 2  # the report's stylesheet and the parts' own rule
    assert "@page :first" not in later  # its first page is an ordinary page
    assert "@page :first" in part_html(document, 0)  # the cover's page
    # No part draws its footer: the footers are stamped on afterwards.
    assert later.count("@bottom-center { content: none; }") == 1


def test_drop_first_page_rule_keeps_the_other_rules() -> None:
    css = "@page { margin: 1cm; } @page :first { @top-left { content: none; } } p { x: y }"
    assert drop_first_page_rule(css) == "@page { margin: 1cm; }  p { x: y }"
    assert drop_first_page_rule("p {}") == "p {}"


@pytest.mark.parametrize("first", [1, 31])
def test_footer_pages_number_from_the_part_and_count_the_whole(first: int) -> None:
    job = StampJob(HEAD, first, 120, [False, True, False], "/", "part.pdf", "out.pdf")
    html = stamp_html(job)
    assert 'counter(page) " / " "120"' in html
    assert html.count("<div") == 4  # the part's three pages, then one with every digit
    assert html.count('"break-before: page; page: wide"') == 1
    assert html.rindex("page: inspector-digits") > html.rindex("page: wide")
    assert ("counter-reset: page 31" in html) == (first > 1)
    assert ("@page :first" in html.replace("@page :first { counter-reset", "")) == (first == 1)


def _weasyprint_tree(levels: list[int]) -> list[object]:
    anchors = pytest.importorskip("weasyprint.anchors")
    matrix = pytest.importorskip("weasyprint.matrix")

    class Page:
        def __init__(self) -> None:
            self.bookmarks = [(level, f"h{n}", (0, 0), "open")
                              for n, level in enumerate(levels)]

    root: list[object] = []
    anchors.make_page_bookmark_tree(Page(), [], [root], 0, 0, matrix.Matrix())
    return root


def _shape(nodes: list[OutlineNode]) -> list[object]:
    return [(n.mark.label, _shape(n.children)) for n in nodes]


def _weasy_shape(nodes: list[object]) -> list[object]:
    return [(label, _weasy_shape(children)) for label, _, children, _ in nodes]  # type: ignore[misc]


def test_outline_nests_headings_as_a_single_render_does() -> None:
    """Every sequence of heading levels (skips, returns) nests as WeasyPrint nests it."""
    rng = random.Random(19)  # noqa: S311 - test data, repeatable
    cases = [[1, 3, 2, 3, 1, 2], [1, 2, 3, 1], [1, 4, 2, 4, 3, 1, 3]]
    cases += [[1] + [rng.randint(1, 5) for _ in range(12)] for _ in range(50)]
    for levels in cases:
        marks = [Bookmark(0, level, f"h{n}", 0, 0) for n, level in enumerate(levels)]
        assert _shape(outline_tree(marks)) == _weasy_shape(_weasyprint_tree(levels)), levels


def test_a_small_split_render_numbers_and_bookmarks_the_whole(tmp_path: Path) -> None:
    """The quick version of tests/integration/test_pdf_split.py: a small document in 7
    parts, rendered by two children, against its single render."""
    from inspector.report.pdf import weasyprint_available  # noqa: PLC0415

    if not weasyprint_available():
        pytest.skip("WeasyPrint's system libraries are not installed")
    from pypdf import PdfReader  # noqa: PLC0415

    from inspector.report.pdf import write_pdf  # noqa: PLC0415
    from inspector.report.pdfsplit import render_document  # noqa: PLC0415

    document = split_report(_report(devices=6, rows=80, findings=4), 300)
    assert len(document.parts) >= 7
    single, split = tmp_path / "single.pdf", tmp_path / "split.pdf"
    pages = write_pdf(document.html, single, tmp_path)
    assert render_document(document, split, tmp_path, tmp_path, workers=2) == pages

    def read(path: Path) -> tuple[list[str], list[tuple[str, int]]]:
        reader = PdfReader(path)
        texts = [" ".join(p.extract_text().split()) for p in reader.pages]
        marks = [(m.title, reader.get_destination_page_number(m))
                 for m in reader.outline if not isinstance(m, list)]
        return texts, marks

    (split_text, split_marks), (single_text, single_marks) = read(split), read(single)
    assert split_marks == single_marks
    assert [m[0] for m in split_marks] == ["Summary", "Findings", "Tracker", "Matrix",
                                           "Devices", "Sign-off"]
    for number, (got, want) in enumerate(zip(split_text, single_text, strict=True), 1):
        assert sorted(got.split()) == sorted(want.split()), number
        if number > 1:
            assert f"p {number} / {pages}" in got
            assert 'A & B "Bank" </style>' in got


def test_the_matrix_is_cut_between_rows_on_landscape_pages() -> None:
    html = _report(devices=40)
    document = split_report(html, 600)
    blocks = [b for part in document.parts for b in part]
    rest = [b for b in blocks if 'data-continues="matrix"' in b]
    assert len(rest) >= 2
    for block in rest:
        assert block.startswith('<section class="section" data-continues="matrix" '
                                'style="page: wide">')
        assert "<thead><tr><th>device</th></tr></thead>" in block
        assert "</tbody>" in block
    # The first rows stay with the section before; the notes after the table end the last.
    first = next(b for b in blocks if 'id="matrix"' in b)
    assert "<h1>Matrix</h1>" in first and "notes" not in first
    assert "<li>notes</li>" in rest[-1]
    rows = re.findall(r'<td class="dev">(dev-\d+)<', "".join(blocks))
    assert rows == [f"dev-{n}" for n in range(40)]
