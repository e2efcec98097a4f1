"""Write the summary's files: service-summary.{html,pdf,xlsx,md}."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from inspector.fileio import atomic_write_with
from inspector.report.errors import ReportError
from inspector.report.fonts import INSTALL_HINT, cjk_families, has_cjk
from inspector.report.i18n import Translator
from inspector.report.period.view import SummaryView

FORMATS = ("pdf", "html", "xlsx", "md")
FILENAMES = {"html": "service-summary.html", "pdf": "service-summary.pdf",
             "xlsx": "service-summary.xlsx", "md": "service-summary.md"}


def parse_formats(formats: Iterable[str] | str) -> list[str]:
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    chosen = ["md" if f == "markdown" else f for f in (i.strip().lower() for i in items) if f]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise ReportError(f"--format: unknown summary format {', '.join(unknown) or '(none)'}"
                          f"; known: {', '.join(FORMATS)}")
    return [f for f in FORMATS if f in chosen]


def render_summary(view: SummaryView, folder: Path, formats: Iterable[str] | str = FORMATS,
                   progress: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write the chosen files into `folder`; ReportError, before writing anything, when a
    PDF would need a CJK font that is missing."""
    # matplotlib, openpyxl and WeasyPrint load only when a summary is written.
    from inspector.report.pdf import write_pdf  # noqa: PLC0415
    from inspector.report.period.html import render_summary_html  # noqa: PLC0415
    from inspector.report.period.markdown import render_summary_markdown  # noqa: PLC0415
    from inspector.report.period.xlsx import write_summary_xlsx  # noqa: PLC0415

    chosen = parse_formats(formats)
    t = Translator(view.lang)
    say = progress or (lambda _message: None)
    html = render_summary_html(view) if {"html", "pdf"} & set(chosen) else ""
    if "pdf" in chosen and not cjk_families() and (view.lang == "zh" or has_cjk(html)):
        raise ReportError(INSTALL_HINT)
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in chosen:
        path = paths[fmt] = folder / FILENAMES[fmt]
        say(t(f"progress.{fmt}"))
        if fmt == "html":
            atomic_write_with(path, lambda p: p.write_text(html, "utf-8"))
        elif fmt == "pdf":
            atomic_write_with(path, lambda p: write_pdf(html, p, folder))
        elif fmt == "xlsx":
            atomic_write_with(path, lambda p: write_summary_xlsx(view, p))
        else:
            atomic_write_with(path, lambda p: p.write_text(render_summary_markdown(view), "utf-8"))
    return paths
