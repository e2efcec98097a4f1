"""`inspector summary`: the period service summary (阶段性服务总结) from the run store, with
the run report's settings (customer, contract, engineers, time zone, conclusion, ...)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from inspector.cli.common import err
from inspector.cli.historyopt import DEFAULT_HISTORY, HistoryOption
from inspector.cli.historyopt import opened as _open
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
from inspector.errors import ConfigurationError
from inspector.inventory import load_inventory
from inspector.report.meta import ReportMeta
from inspector.report.period.plan import PLAN_OF_TYPE, PLANS
from inspector.shown import shown


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigurationError(f"{option} {value!r}: expected a date, YYYY-MM-DD") from None


def _meta(inventory: Path | None, overrides: dict[str, Any]) -> ReportMeta:
    """The inventory's report settings, then the command line's (None = not given)."""
    if inventory is None:
        return ReportMeta.from_mapping({}, None, **overrides)
    loaded = load_inventory(inventory)
    return ReportMeta.from_mapping(loaded.report, loaded.path.parent, **overrides)


def summary_command(
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (included).")],
    history: HistoryOption = DEFAULT_HISTORY,
    inventory: Annotated[Path | None, typer.Option(
        "--inventory", "-i", help="Take the report's settings (customer, contract, engineers, "
                                  "time zone, ...) from its report: section.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the summary files.")]
    = Path("reports") / "summary",
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    formats: Annotated[str, typer.Option(
        "--format", help="Comma-separated: pdf, html, xlsx, md.")] = "pdf,html,xlsx,md",
    plan: Annotated[str | None, typer.Option(
        "--plan", help="Inspections the contract plans: weekly, monthly or quarterly. "
                       "Default: the report settings' type when quarterly, else monthly.")]
    = None,
    customer: Annotated[str | None, typer.Option(help="Customer name.")] = None,
    site: Annotated[str | None, typer.Option(help="Site.")] = None,
    contract: Annotated[str | None, typer.Option(help="Contract number (合同编号).")] = None,
    provider: Annotated[str | None, typer.Option(help="Service provider (服务单位).")] = None,
    report_no: Annotated[str | None, typer.Option("--report-no", help="Report number.")
                         ] = None,
    engineer: EngineerOption = None,
    timezone: TimezoneOption = None,
    conclusion: ConclusionFileOption = None,
    conclusion_text: ConclusionTextOption = None,
    recommendations: RecommendationsFileOption = None,
    recommendations_text: RecommendationsTextOption = None,
) -> None:
    """The period service summary (阶段性服务总结) as a customer document: inspections
    against the plan, problems (each counted once) by level, category and month, resolution,
    availability, trends, firmware and module changes, recommendations, sign-off.

    Example: `inspector summary --from 2026-10-01 --to 2026-12-31 -i site.yaml`
    """
    # Rendering (templates, charts, PDF) is loaded only by the command that renders.
    from inspector.report.period import build_summary, render_summary  # noqa: PLC0415
    from inspector.report.period.render import parse_formats  # noqa: PLC0415

    first, last = _day(start, "--from"), _day(end, "--to")
    if last < first:
        raise ConfigurationError(f"--to {end} is before --from {start}")
    if lang not in ("zh", "en"):
        raise ConfigurationError(f"--lang {lang!r}: expected zh or en")
    if plan is not None and plan not in PLANS:
        raise ConfigurationError(f"--plan {plan!r}: expected one of {', '.join(PLANS)}")
    chosen = parse_formats(formats)
    settings = meta_overrides(
        timezone=timezone, engineer=engineer, conclusion=conclusion,
        conclusion_text=conclusion_text, recommendations=recommendations,
        recommendations_text=recommendations_text)
    meta = _meta(inventory, {**settings, "customer": customer, "site": site,
                             "contract": contract, "provider": provider,
                             "report_no": report_no})
    with _open(history) as store:
        view = build_summary(store, first, last, meta, lang,
                             plan or PLAN_OF_TYPE.get(meta.inspection_type, "monthly"))
    if not view.runs:
        raise ConfigurationError(
            f"no complete run between {start} and {end} in {history}")
    with rendering() as progress:
        written = render_summary(view, out, chosen, progress)
    for kind, path in written.items():
        err.print(f"{kind:>5}: {shown(path)}", highlight=False)
