"""The report's layout as a customer sees it: no page that holds nothing but a chart or
nothing at all, one name per column, names and ids never cut in the middle.

The run is the demo's (the lab's recorded bundle replayed, with the demo's report
settings), rendered in Chinese and in English.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from inspector.report import ReportMeta, render_reports
from inspector.report.breaks import keep_ids
from inspector.report.pdf import weasyprint_available

# The page body inside the margins of report.css (A4 in points: 20 mm top, 18 mm bottom),
# so the running header and the page number do not count as text.
BODY_TOP_PT, BODY_HEIGHT_PT, PAGE_WIDTH_PT = 57, 734, 595
MIN_BODY_CHARS = 10


@pytest.fixture(scope="module", params=["zh", "en"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> dict[str, Path]:
    lab = pytest.importorskip("inspector.lab.profiles")
    from inspector.lab.demo import DEMO_REPORT  # noqa: PLC0415 - the lab is optional here
    from inspector.pipeline import replay  # noqa: PLC0415

    folder = tmp_path_factory.mktemp(f"layout-{request.param}")
    output = replay(lab.LAB_BUNDLE, folder / "runs", "demo")
    formats = ("html", "pdf") if weasyprint_available() else ("html",)
    return render_reports(output.run, folder / "out", formats, lang=request.param,
                          meta=ReportMeta.model_validate(DEMO_REPORT),
                          bundle=output.folder / "bundle")


class _TableHeaders(HTMLParser):
    """The header cells of each table's <thead>."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self._in_th = self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._in_head = True
            self.tables.append([])
        elif tag == "th" and self._in_head:
            self._in_th = True
            self.tables[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag == "th":
            self._in_th = False

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self.tables[-1][-1] += data.strip()


def test_column_names_are_unique_in_every_table(demo: dict[str, Path]) -> None:
    parser = _TableHeaders()
    parser.feed(demo["html"].read_text("utf-8"))
    assert parser.tables
    for headers in parser.tables:
        assert len(set(headers)) == len(headers), headers


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(int(line.split()[1]) for line in info.stdout.splitlines()
                if line.startswith("Pages:"))


def _body_text(pdf: Path, page: int) -> str:
    crop = ["-x", "0", "-y", str(BODY_TOP_PT), "-W", str(PAGE_WIDTH_PT), "-H",
            str(BODY_HEIGHT_PT)]
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *crop, str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return "".join(done.stdout.split())


def test_no_page_is_blank_or_holds_only_a_chart(demo: dict[str, Path]) -> None:
    """Charts draw their text as paths: a page holding only a chart has no body text."""
    if "pdf" not in demo:
        pytest.skip("WeasyPrint's system libraries (pango) are missing")
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdfinfo, pdftotext) not installed")
    pages = _page_count(demo["pdf"])
    thin = [page for page in range(1, pages + 1)
            if len(_body_text(demo["pdf"], page)) < MIN_BODY_CHARS]
    assert not thin, f"pages with no text of their own: {thin} of {pages}"


@pytest.mark.parametrize(("text", "whole", "broken_at"), [
    ("bj-ups-2000g", ["bj-ups-2000g"], []),
    ("interfaces.err_disabled", ["interfaces.", "err_disabled"], ["interfaces."]),
    ("1.3.6.1.2.1.33", ["1.", "3.", "6.", "1.", "2.", "1.", "33"], ["1."]),
    ("on_battery", ["on_battery"], []),
    ("GigabitEthernet1/0/17", ["GigabitEthernet1/0/17"], []),
])
def test_names_and_ids_break_only_at_dots(text: str, whole: list[str],
                                          broken_at: list[str]) -> None:
    html = str(keep_ids(text))
    assert [f'<span class="nw">{w}</span>' in html for w in whole] == [True] * len(whole)
    assert all(f"{piece}</span><wbr>" in html for piece in broken_at)
    assert ("<wbr>" in html) == bool(broken_at)


def test_chinese_numbers_and_markup_are_left_alone() -> None:
    assert str(keep_ids("电池放电 18.5% 2026-11-05")) == "电池放电 18.5% 2026-11-05"
    assert str(keep_ids("<b>x-y</b>")) == '<span class="nw">&lt;b&gt;x-y&lt;/b&gt;</span>'
