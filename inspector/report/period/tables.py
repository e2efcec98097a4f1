"""The summary's sections as plain tables (a title, a header, rows of text and numbers),
shared by the workbook (one sheet each) and the Markdown: the same words in both."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.report.period.rows import ProblemRow
from inspector.report.period.view import SummaryView, figures, slot_label

Cell = str | int | float | None


@dataclass
class Table:
    key: str  # catalog `period.xlsx.<key>`: the sheet's name
    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said above the table


def _day(moment: datetime | None, view: SummaryView) -> str:
    return moment.astimezone(view.meta.zone).strftime("%Y-%m-%d") if moment else ""


def _overview(view: SummaryView, t: Translator) -> Table:
    m = view.meta
    given = [("cover.customer", m.customer), ("cover.site", m.site),
             ("cover.period", m.period), ("cover.report_no", m.report_no),
             ("cover.contract", m.contract), ("cover.provider", m.provider),
             ("cover.engineer", t("common.list_sep").join(m.engineers)),
             ("cover.customer_contact", m.customer_contact)]
    rows: list[list[Cell]] = [[t(key), value] for key, value in given if value]
    rows.append([t("period.cover.date"), m.date])
    rows += [[label, value] for label, value in figures(view, t)]
    if m.conclusion:
        rows.append([t("conclusion.title"), m.conclusion])
    return Table("overview", t("period.section.overview"),
                 [t("period.xlsx.item"), t("period.xlsx.value")], rows, list(view.intro))


def _plan(view: SummaryView, t: Translator) -> list[Table]:
    plan = Table("plan", t("period.section.plan"),
                 [t("period.plan_table.slot"), t("period.plan_table.runs"),
                  t("period.plan_table.status")])
    for slot in view.slots:
        plan.rows.append([slot_label(slot, t),
                          t("common.list_sep").join(_day(r, view) for r in slot.runs),
                          t("period.plan_table.done" if slot.done else
                            "period.plan_table.missed")])
    fmt = Formatter(t)
    runs = Table("runs", t("period.runs_table.title"),
                 [t("period.runs_table.date"), t("period.runs_table.run"),
                  t("period.runs_table.mode"), t("period.runs_table.devices"),
                  t("period.runs_table.reached")])
    runs.rows = [[fmt.time(r.started, view.meta.timezone), r.run_id, t(f"mode.{r.mode}"),
                  len(r.statuses), len(r.reached)] for r in view.runs]
    if view.incomplete:
        runs.notes.append(t("period.runs_table.incomplete", n=view.incomplete))
    return [plan, runs]


def _counts(view: SummaryView, t: Translator) -> list[Table]:
    stats = view.stats
    levels = Table("levels", t("period.by.level"),
                   [t("period.level_table.level"), t("period.level_table.total"),
                    t("period.level_table.resolved"), t("period.level_table.open")],
                   [[t(f"level_long.{r.level}"), r.total, r.resolved, r.open]
                    for r in stats.levels], [t("period.rates.note")])
    categories = Table("categories", t("period.by.category"),
                       [t("period.category_table.category"), t("period.level_table.total"),
                        t("period.level_table.open")],
                       [[t.get(f"category.{key}", key), total, still]
                        for key, total, still in stats.categories])
    months = Table("months", t("period.by.month"),
                   [t("period.month_table.month"), t("period.month_table.new"),
                    t("period.month_table.resolved"), t("period.month_table.open_end")],
                   [[slot_label(r.month, t), r.new, r.resolved, r.open_end]
                    for r in stats.months])
    return [levels, categories, months]


def _problems(view: SummaryView, t: Translator) -> list[Table]:
    def header(*keys: str) -> list[str]:
        return [t(f"period.problem.{k}") for k in keys]

    def row(r: ProblemRow, *extra: Cell) -> list[Cell]:
        return [r.id, r.level_label, r.device, r.category, r.problem, r.subject, r.first,
                *extra]

    tracker = Table("problems", t("period.section.tracker"),
                    header("id", "level", "device", "category", "problem", "subject",
                           "first", "last", "resolved", "status", "days", "runs", "owner",
                           "due", "note"))
    tracker.rows = [row(r, r.last, r.resolved, r.status, r.days, r.runs, r.owner,
                        r.due + (f" {t('period.problem.overdue')}" if r.overdue else ""),
                        r.note)
                    for r in [*view.open_rows, *view.resolved_rows]]
    recurring = Table("recurring", t("period.section.recurring"),
                      header("id", "level", "device", "category", "problem", "subject",
                             "first", "reopened", "runs", "last", "status"),
                      [row(r, r.reopened, r.runs, r.last, r.status)
                       for r in view.recurring_rows], [t("period.recurring.intro")])
    return [tracker, recurring]


def _devices(view: SummaryView, t: Translator) -> list[Table]:
    fmt = Formatter(t)
    availability = Table(
        "availability", t("period.section.availability"),
        [t("period.problem.device"), t("period.availability.answered"),
         t("period.availability.included"), t("period.availability.rate"),
         t("period.availability.last_failure")],
        [[a.device, a.answered, a.included, fmt.pct(round(a.pct, 1)),
          fmt.time(a.last_failure, view.meta.timezone) if a.last_failure else ""]
         for a in view.availability], [t("period.availability.intro")])
    trends = Table("trends", t("period.section.trends"),
                   [t("period.problem.device"), t("period.trends.metric"),
                    t("period.trends.date"), t("period.trends.value")],
                   [[s.device, trend.label, _day(when, view), value]
                    for trend in view.trends for s in trend.series for when, value in s.points])
    changes = Table("changes", t("period.section.changes"),
                    [t("period.changes.date"), t("period.problem.device"),
                     t("period.changes.change"), t("period.changes.item"),
                     t("period.changes.before"), t("period.changes.after")],
                    [[_day(c.when, view), c.device, t(f"period.changes.kind.{c.kind}"),
                      t(f"period.changes.field.{c.item}") if c.kind == "firmware" else c.item,
                      c.before, c.after] for c in view.changes],
                    [t("period.changes.intro")])
    return [availability, trends, changes]


def _advice(view: SummaryView, t: Translator) -> Table:
    rows: list[list[Cell]] = []
    if view.meta.recommendations:
        rows.append([t("period.advice.engineer"), view.meta.recommendations])
    rows += [[t("period.advice.generated"), line] for line in view.advice]
    rows += [[message, advice] for message, advice in view.remediation]
    return Table("advice", t("period.section.advice"),
                 [t("period.xlsx.item"), t("period.xlsx.value")], rows)


def summary_tables(view: SummaryView) -> list[Table]:
    """Every section in the document's order."""
    t = Translator(view.lang)
    return [_overview(view, t), *_plan(view, t), *_counts(view, t), *_problems(view, t),
            *_devices(view, t), _advice(view, t)]
