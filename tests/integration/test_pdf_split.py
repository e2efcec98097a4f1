"""A PDF rendered in parts reads as the single render of the same document: the same
pages and sizes, the same text on every page (running header and "第 n 页 / 共 N 页"
footer included), the same bookmarks at the same places; and it is the same file whichever
child finishes first.

The report is the lab's run (its recorded bundle replayed), in Chinese; the parts are
forced small so that every long section (findings, the problem tracker, device details) is
continued across parts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.report.pdf import weasyprint_available

pytestmark = pytest.mark.slow
PART_CHARS = 30_000


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    if not weasyprint_available() or not shutil.which("pdftotext"):
        pytest.skip("WeasyPrint's libraries or poppler-utils (pdftotext) not installed")
    from inspector.lab.profiles import LAB_BUNDLE  # noqa: PLC0415
    from inspector.pipeline import replay  # noqa: PLC0415
    from inspector.report.html import render_html  # noqa: PLC0415
    from inspector.report.i18n import Translator  # noqa: PLC0415
    from inspector.report.meta import ReportMeta  # noqa: PLC0415
    from inspector.report.pdfcharts import raster_charts  # noqa: PLC0415
    from inspector.report.view import build_view  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("split")
    output = replay(LAB_BUNDLE, folder / "runs", "lab")
    t = Translator("zh")
    meta = ReportMeta(customer="示例银行 & \"Bank\"", report_no="XJ-2026-12")
    view = build_view(output.run, meta, t, bundle=output.folder / "bundle")
    return raster_charts(render_html(view, t), view, t), folder


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    # One glyph of the CJK font serves both the middle dot and the bullet: which character a
    # text extractor maps it back to depends on which the part used first.
    return text.replace("•", "·").split("\f")[:-1]


def _outline(pdf: Path) -> list[tuple[int, str, int, float, float]]:
    from pypdf import PdfReader  # noqa: PLC0415

    reader = PdfReader(pdf)
    found: list[tuple[int, str, int, float, float]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item),  # type: ignore[attr-defined]
                              round(float(item.left), 1), round(float(item.top), 1)))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return found


def _boxes(pdf: Path) -> list[tuple[float, ...]]:
    from pypdf import PdfReader  # noqa: PLC0415

    return [tuple(round(float(v), 1) for v in page.mediabox) for page in PdfReader(pdf).pages]


def test_a_split_render_reads_as_the_single_render(report_html: tuple[str, Path]) -> None:
    from inspector.report.pdf import write_pdf  # noqa: PLC0415
    from inspector.report.pdfparts import split_report  # noqa: PLC0415
    from inspector.report.pdfsplit import render_document  # noqa: PLC0415

    html, folder = report_html
    document = split_report(html, PART_CHARS)
    continued = {m for part in document.parts for block in part
                 for m in re.findall(r'data-continues="(\w+)"', block)}
    assert continued == {"findings", "tracker", "devices"}
    assert len(document.parts) >= 4

    single = folder / "single.pdf"
    pages = write_pdf(document.html, single, folder)
    split = folder / "split.pdf"
    scratch = folder / "scratch"
    scratch.mkdir()
    assert render_document(document, split, folder, scratch, workers=2) == pages

    assert _boxes(split) == _boxes(single)
    assert any(w > h for _, _, w, h in _boxes(split))  # the tracker's landscape pages
    assert _outline(split) == _outline(single)
    assert len(_outline(split)) > 20
    split_text, single_text = _pages(split), _pages(single)
    assert len(split_text) == pages
    for number, (got, want) in enumerate(zip(split_text, single_text, strict=True), 1):
        assert got == want, f"page {number} differs"
    for number, text in enumerate(split_text[1:], 2):
        assert f"第 {number} 页 / 共 {pages} 页" in text
        assert "示例银行 & \"Bank\"" in text and "XJ-2026-12" in text  # the running header
    assert "第 1 页" not in split_text[0]  # the cover has no footer

    # The same bytes whichever order the children finish in (one child: strictly in order).
    again = folder / "again.pdf"
    (folder / "scratch2").mkdir()
    render_document(document, again, folder, folder / "scratch2", workers=1)
    assert again.read_bytes() == split.read_bytes()


def test_render_reports_splits_a_large_report(report_html: tuple[str, Path],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Through `render_reports`, as `inspector run` writes it: more devices than a single
    render takes, the PDF comes from the parts (pages numbered over the whole)."""
    from inspector.lab.profiles import LAB_BUNDLE  # noqa: PLC0415
    from inspector.pipeline import replay  # noqa: PLC0415
    from inspector.report import pdfsplit, render_reports  # noqa: PLC0415

    _, folder = report_html
    output = replay(LAB_BUNDLE, folder / "runs2", "lab")
    monkeypatch.setattr(pdfsplit, "SINGLE_UP_TO", 4)
    monkeypatch.setattr(pdfsplit, "PART_CHARS", PART_CHARS)
    rendered: list[int] = []
    original = pdfsplit.render_document

    def counting(document: pdfsplit.PdfDocument, *args: object, **kwargs: object) -> int:
        rendered.append(len(document.parts))
        return original(document, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdfsplit, "render_document", counting)
    paths = render_reports(output.run, folder / "out", ["pdf"], lang="zh",
                           bundle=output.folder / "bundle")
    assert rendered and rendered[0] >= 4
    text = _pages(paths["pdf"])
    assert f"第 2 页 / 共 {len(text)} 页" in text[1]
