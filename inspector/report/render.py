"""`render_reports`: one run in, the report files out."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from inspector.fileio import atomic_write, atomic_write_with
from inspector.model import Run
from inspector.report.errors import ReportError
from inspector.report.fonts import INSTALL_HINT, cjk_families, has_cjk
from inspector.report.i18n import Translator
from inspector.report.markdown import render_markdown
from inspector.report.meta import ReportMeta
from inspector.report.view import build_view
from inspector.tracker.table import Tracker

log = logging.getLogger(__name__)
FORMATS: tuple[str, ...] = ("html", "pdf", "xlsx", "md", "json")
FILENAMES = {"html": "report.html", "pdf": "report.pdf", "xlsx": "inspection.xlsx",
             "md": "summary.md", "json": "results.json"}
META_FILE = "report-meta.json"  # the metadata used, so `inspector report` can re-render


def parse_formats(formats: Iterable[str] | str) -> list[str]:
    """"pdf,xlsx" or ["pdf", "xlsx"] -> ["pdf", "xlsx"]; unknown names are an error."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    chosen = [f.strip().lower() for f in items if f.strip()]
    chosen = ["md" if f == "markdown" else f for f in chosen]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise ReportError(f"unknown report format {', '.join(unknown) or '(none)'}; "
                          f"known: {', '.join(FORMATS)}")
    return [f for f in FORMATS if f in chosen]


def render_reports(run: Run, folder: Path, formats: Iterable[str] = FORMATS, lang: str = "zh",
                   meta: ReportMeta | None = None, history: Sequence[Run] = (), *,
                   bundle: Path | None = None, explicit: bool = False,
                   progress: Callable[[str], None] | None = None,
                   tracker: Tracker | None = None) -> dict[str, Path]:
    """Write the chosen report files into `folder` and return them by format.

    `history`: earlier runs (any order) for the changes and trend sections; `explicit`: they
    were named with `--previous` (each device's baseline among them whatever their
    inventory). `bundle`: the
    run's capture folder for command-log excerpts (default `folder/bundle`). Raises
    ReportError (before writing anything) when a PDF would need a CJK font that is missing.
    `progress`: told each stage, in the report's language ("正在生成 PDF…").
    `tracker`: the problem tracker computed from the history (see tracker/source.py).
    """
    chosen = parse_formats(formats)
    t = Translator(lang)
    say = progress or (lambda _message: None)
    meta = meta or ReportMeta()
    folder.mkdir(parents=True, exist_ok=True)
    view = build_view(run, meta, t, bundle=bundle or folder / "bundle", history=history,
                      explicit=explicit, tracker=tracker)
    # matplotlib and pandas load only when a report is written: the CLI starts fast.
    from inspector.report.html import render_html  # noqa: PLC0415
    from inspector.report.pdfcharts import write_report_pdf  # noqa: PLC0415
    from inspector.report.xlsx import write_xlsx  # noqa: PLC0415

    if {"html", "pdf"} & set(chosen):
        say(t("progress.html"))
    html = render_html(view, t) if {"html", "pdf"} & set(chosen) else ""
    if "pdf" in chosen and not cjk_families() and (lang == "zh" or has_cjk(html)):
        raise ReportError(INSTALL_HINT)

    paths: dict[str, Path] = {}
    pages: list[int] = []
    for fmt in chosen:
        path = folder / FILENAMES[fmt]
        if fmt != "html":
            say(t(f"progress.{fmt}"))
        if fmt == "html":
            atomic_write(path, [html])
        elif fmt == "pdf":
            atomic_write_with(
                path, lambda p: pages.append(write_report_pdf(html, view, t, p, folder)))
            say(t("progress.pdf_done", pages=pages[-1]))
        elif fmt == "xlsx":
            atomic_write_with(path, lambda p: write_xlsx(view, t, p))
        elif fmt == "md":
            atomic_write(path, [render_markdown(view, t)])
        else:
            atomic_write(path, [run.model_dump_json(indent=2)])
        paths[fmt] = path
    atomic_write(folder / META_FILE, [meta.model_dump_json(indent=2)])
    log.info("reports written: %s", ", ".join(str(p) for p in paths.values()))
    return paths
