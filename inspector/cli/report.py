"""`inspector report RUN_DIR`: re-render a stored run's reports, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inspector.cli.checklist import ManualOption, attach_manual
from inspector.cli.meta import (
    ConclusionFileOption,
    ConclusionTextOption,
    EngineerOption,
    RecommendationsFileOption,
    RecommendationsTextOption,
    TimezoneOption,
    meta_overrides,
)
from inspector.cli.results import rendering
from inspector.report.stored import DEFAULT_FORMATS, rerender
from inspector.shown import plain


def report_command(
    run_dir: Annotated[Path, typer.Argument(help="A run folder (holding results.json).")],
    lang: Annotated[str, typer.Option("--lang", help="Report language: zh or en.")] = "zh",
    formats: Annotated[str, typer.Option(
        "--format", help="Comma-separated: html, pdf, xlsx, md, json.")] = DEFAULT_FORMATS,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write the reports here instead of the run folder.")] = None,
    inventory: Annotated[Path | None, typer.Option(
        "--inventory", "-i", help="Take customer, engineer, ... from its report: section.")
    ] = None,
    previous: Annotated[list[Path] | None, typer.Option(
        "--previous", help="An earlier run (its folder, or its id beside this run's folder) "
        "to compare with: each device with its newest of them (repeatable). Default: none.")
    ] = None,
    customer: Annotated[str | None, typer.Option(help="Customer name.")] = None,
    site: Annotated[str | None, typer.Option(help="Site inspected.")] = None,
    inspection_type: Annotated[str | None, typer.Option(
        "--type", help="monthly, pre-holiday, quarterly or ad-hoc.")] = None,
    engineer: EngineerOption = None,
    report_no: Annotated[str | None, typer.Option("--report-no", help="Report number.")
                         ] = None,
    timezone: TimezoneOption = None,
    conclusion: ConclusionFileOption = None,
    conclusion_text: ConclusionTextOption = None,
    recommendations: RecommendationsFileOption = None,
    recommendations_text: RecommendationsTextOption = None,
    manual: ManualOption = None,
) -> None:
    """Re-render the reports of a stored run without touching any device.

    Example: `inspector report reports/demo --lang en --format pdf,xlsx`
    """
    settings = meta_overrides(
        timezone=timezone, engineer=engineer, conclusion=conclusion,
        conclusion_text=conclusion_text, recommendations=recommendations,
        recommendations_text=recommendations_text)
    attach_manual(run_dir, manual, inventory)  # the run takes the sheet's findings first
    with rendering() as progress:
        paths = rerender(run_dir, lang, formats, out=out, inventory=inventory,
                         previous=previous or (), progress=progress, customer=customer,
                         site=site, inspection_type=inspection_type, report_no=report_no,
                         **settings)
    for path in paths.values():
        typer.echo(plain(path))
