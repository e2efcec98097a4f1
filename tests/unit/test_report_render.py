"""Rendering a whole run: every format, both languages, structure, escaping, fonts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from inspector.report import FORMATS, ReportError, ReportMeta, render_reports
from inspector.report import render as render_module
from inspector.report.findings import failing
from inspector.report.pdf import weasyprint_available
from tests.unit.test_report_sample import FORMULA, HOSTILE, previous_run, sample_run

SECTIONS = ("summary", "findings", "matrix", "environment", "devices", "trends",
            "appendix-checks", "appendix-commands", "signoff")
needs_pdf = pytest.mark.skipif(not weasyprint_available(),
                               reason="WeasyPrint's system libraries (pango) are missing")
META = ReportMeta(customer="示例银行", engineer="张三", report_no="XJ-1", customer_rep="李四",
                  inspection_type="monthly")


def _render(folder: Path, lang: str, formats: tuple[str, ...]) -> dict[str, Path]:
    return render_reports(sample_run(), folder, formats=formats, lang=lang, meta=META,
                          history=[previous_run()])


@pytest.fixture(scope="module", params=["zh", "en"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[str, dict[str, Path]]:
    lang: str = request.param
    formats = FORMATS if weasyprint_available() else tuple(f for f in FORMATS if f != "pdf")
    return lang, _render(tmp_path_factory.mktemp(f"report-{lang}"), lang, formats)


def test_every_format_is_written(rendered: tuple[str, dict[str, Path]]) -> None:
    _, paths = rendered
    expected = {"html", "xlsx", "md", "json"} | ({"pdf"} if weasyprint_available() else set())
    assert set(paths) == expected
    assert all(p.stat().st_size > 0 for p in paths.values())
    assert paths["xlsx"].name == "inspection.xlsx" and paths["md"].name == "summary.md"


def test_html_has_every_section_and_finding(rendered: tuple[str, dict[str, Path]]) -> None:
    lang, paths = rendered
    text = paths["html"].read_text("utf-8")
    for section in SECTIONS:
        assert f'id="{section}"' in text
    run = sample_run()
    for number, finding in enumerate(failing(run.findings), 1):
        message = finding.message_zh if lang == "zh" else finding.message_en
        assert f"F-{number:03d}" in text
        assert str(escape(message)) in text
    for result in run.devices:
        assert str(escape(result.device.name)) in text


def test_html_escapes_device_data(rendered: tuple[str, dict[str, Path]]) -> None:
    _, paths = rendered
    text = paths["html"].read_text("utf-8")
    assert HOSTILE not in text
    assert "<b>$x$</b>" not in text
    assert "&lt;script&gt;alert(" in text


def test_markdown_summary(rendered: tuple[str, dict[str, Path]]) -> None:
    lang, paths = rendered
    text = paths["md"].read_text("utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "| 2 | 1 | 2 | 1 |" in text  # critical, major, minor, info
    assert ("XJ-1" in text) and (("示例银行" in text) if lang == "zh" else True)


def test_xlsx_sheets_counts_and_formula_neutralized(
        rendered: tuple[str, dict[str, Path]]) -> None:
    lang, paths = rendered
    book = load_workbook(paths["xlsx"])
    names = book.sheetnames
    if lang == "zh":
        assert names[:3] == ["设备巡检表", "问题清单", "问题跟踪表"]
    assert len(names) == 8
    matrix, findings = book[names[0]], book[names[1]]
    assert matrix.max_row - 1 == len(sample_run().devices)
    assert findings.max_row - 1 == len(failing(sample_run().findings))
    assert matrix.freeze_panes == "B2" and findings.freeze_panes == "C2"
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + FORMULA in {c.value for c in cells}
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)


@needs_pdf
def test_pdf_embeds_a_cjk_font_and_escapes(rendered: tuple[str, dict[str, Path]]) -> None:
    _, paths = rendered
    if not (shutil.which("pdffonts") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdffonts, pdftotext) not installed")
    fonts = subprocess.run(["pdffonts", str(paths["pdf"])], capture_output=True, text=True,
                           check=True).stdout
    assert "CJK" in fonts, fonts
    text = subprocess.run(["pdftotext", "-layout", str(paths["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "<script>alert('x')</script>" in text  # shown as text, not swallowed as markup
    assert "XJ-1" in text


def test_missing_cjk_font_stops_before_writing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "cjk_families", lambda: ())
    with pytest.raises(ReportError, match="fonts-noto-cjk"):
        _render(tmp_path, "zh", ("html", "pdf"))
    assert not list(tmp_path.iterdir())
    # HTML only was asked for: no PDF, no font needed.
    assert set(_render(tmp_path, "zh", ("html", "md"))) == {"html", "md"}


def test_unknown_format_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="docx"):
        _render(tmp_path, "zh", ("html", "docx"))


def test_unknown_language_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="fr"):
        _render(tmp_path, "fr", ("md",))


def test_lab_replay_renders_in_both_languages(tmp_path: Path) -> None:
    """A realistic run: the built-in lab's recorded bundle, replayed offline."""
    lab = pytest.importorskip("inspector.lab.profiles")
    from inspector.pipeline import replay  # noqa: PLC0415 - the lab is optional here

    run = replay(lab.LAB_BUNDLE, tmp_path / "runs", "lab").run
    for lang in ("zh", "en"):
        paths = render_reports(run, tmp_path / lang, formats=("html", "md", "xlsx"), lang=lang)
        text = paths["html"].read_text("utf-8")
        assert all(str(escape(d.device.name)) in text for d in run.devices)


def test_large_runs_render_compact(tmp_path: Path) -> None:
    run = sample_run()
    template = run.devices[0]
    run.devices = [template.model_copy(deep=True, update={
        "device": template.device.model_copy(update={"name": f"sw-{i:03d}"})})
        for i in range(45)]
    paths = render_reports(run, tmp_path, formats=("html",), lang="en")
    text = paths["html"].read_text("utf-8")
    assert text.count('class="device-detail') == 45
    assert "sw-044" in text
