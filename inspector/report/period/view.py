"""Everything the summary shows, computed once from the run store and worded in the
reader's language; the HTML, XLSX and Markdown writers only lay it out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from inspector.problems import Lifecycle
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.report.meta import ReportMeta
from inspector.report.period.counting import LEVELS, ProblemStats, problem_stats
from inspector.report.period.devices import METRICS, Availability, Change, Series
from inspector.report.period.devices import availability as device_availability
from inspector.report.period.devices import changes as device_changes
from inspector.report.period.devices import series as device_series
from inspector.report.period.plan import Slot, place, slots
from inspector.report.period.rows import ProblemRow, problem_rows, remediation
from inspector.report.period.runs import PeriodRun, load_runs
from inspector.store.history import History
from inspector.tracker.assignments import load_assignments


@dataclass(frozen=True)
class Trend:
    metric: str
    label: str
    series: list[Series]


@dataclass
class SummaryView:
    """`meta` has the summary's period, date and number filled in. `cover_labels` are the
    words the shared cover and sign-off templates take instead of the run report's."""

    meta: ReportMeta
    lang: str
    title: str
    cover_labels: dict[str, str]
    devices: list[str]
    first: date
    last: date
    plan: str
    runs: list[PeriodRun]
    incomplete: int
    slots: list[Slot]
    stats: ProblemStats
    open_rows: list[ProblemRow]
    resolved_rows: list[ProblemRow]
    recurring_rows: list[ProblemRow]
    availability: list[Availability]
    trends: list[Trend]
    changes: list[Change]
    remediation: list[tuple[str, str]]
    advice: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)

    @property
    def missed(self) -> list[Slot]:
        return [s for s in self.slots if not s.done]


def slot_label(slot: Slot, t: Translator) -> str:
    return t(f"period.slot.{slot.plan}", **slot.label_values())


def _advice(view: SummaryView) -> list[str]:
    """What the numbers suggest, in the catalog's sentences (the engineer's own words come
    first, from the report settings)."""
    t = Translator(view.lang)
    said = []
    if view.missed:
        said.append(t("period.advice.missed", n=len(view.missed)))
    open_rows = view.open_rows
    if open_rows:
        levels = {lv: sum(r.level == lv for r in open_rows) for lv in LEVELS}
        said.append(t("period.advice.open", n=len(open_rows), critical=levels["critical"],
                      major=levels["major"]))
        unassigned = sum(not r.owner for r in open_rows)
        if unassigned:
            said.append(t("period.advice.unassigned", n=unassigned))
        overdue = sum(r.overdue for r in open_rows)
        if overdue:
            said.append(t("period.advice.overdue", n=overdue))
    if view.recurring_rows:
        said.append(t("period.advice.recurring", n=len(view.recurring_rows)))
    flaky = sum(a.answered < a.included for a in view.availability)
    if flaky:
        said.append(t("period.advice.availability", n=flaky))
    return said or [t("period.advice.steady")]


def _intro(view: SummaryView, t: Translator) -> list[str]:
    stats = view.stats
    said = [t("period.overview.intro", start=view.first.isoformat(), end=view.last.isoformat(),
              plan=t(f"period.plan.{view.plan}"), planned=len(view.slots),
              done=len(view.slots) - len(view.missed), runs=len(view.runs),
              devices=len(view.devices)),
            t("period.overview.problems", total=len(stats.problems),
              resolved=len(stats.resolved), open=len(stats.open))]
    if view.missed:
        said.append(t("period.overview.missed", slots=t("common.list_sep").join(
            slot_label(s, t) for s in view.missed)))
    return said


def summary_meta(meta: ReportMeta, first: date, last: date, t: Translator) -> ReportMeta:
    """The settings with the summary's own period, date (today, in the report's zone) and
    number (given, else one made of the period)."""
    return meta.model_copy(update={
        "period": t("period.range", start=first.isoformat(), end=last.isoformat()),
        "date": meta.date or datetime.now(meta.zone).strftime("%Y-%m-%d"),
        "report_no": meta.report_no or f"S-{first:%Y%m%d}-{last:%Y%m%d}",
    })


def build_summary(store: History, first: date, last: date, meta: ReportMeta,
                  lang: str = "zh", plan: str = "monthly") -> SummaryView:
    """The summary of the complete runs started on the days `first`..`last` (in the
    report's time zone)."""
    t = Translator(lang)
    zone = meta.zone
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    period = load_runs(store, start, end)
    runs = period.runs
    planned = slots(first, last, plan)
    place([r.started for r in runs], planned, zone)
    stats = problem_stats([r.as_run_findings() for r in runs], first, last, zone)
    meta = summary_meta(meta, first, last, t)
    as_of = min(date.fromisoformat(meta.date), last)
    known_until = min(end, runs[-1].started) if runs else end
    assignments = load_assignments(store)

    def rows(problems: Sequence[Lifecycle]) -> list[ProblemRow]:
        return problem_rows(problems, t, zone, assignments, as_of, known_until)

    names = sorted({name for r in runs for name in r.statuses})
    view = SummaryView(
        meta=meta, lang=lang, title=t("period.title"),
        cover_labels={"kind": t("period.kind", plan=t(f"period.plan.{plan}")),
                      "type": t("period.cover.type"), "type_value": t(f"period.plan.{plan}"),
                      "date": t("period.cover.date"),
                      "signoff_intro": t("period.signoff_intro")},
        devices=names, first=first, last=last, plan=plan, runs=runs,
        incomplete=period.incomplete, slots=planned, stats=stats,
        open_rows=rows(stats.open), resolved_rows=rows(stats.resolved),
        recurring_rows=rows(stats.recurring),
        availability=device_availability(runs),
        trends=[Trend(m, t(f"period.trends.{m}"), device_series(runs, m)) for m in METRICS],
        changes=device_changes(runs), remediation=remediation(stats.problems, lang))
    view.advice = _advice(view)
    view.intro = _intro(view, t)
    return view


def figures(view: SummaryView, t: Translator) -> list[tuple[str, str]]:
    """The overview's key figures: (label, value)."""
    fmt = Formatter(t)
    stats = view.stats
    mttr = (t("period.rates.days", n=fmt.num(round(stats.mttr_days, 1)))
            if stats.mttr_days is not None else t("period.rates.none"))
    return [
        (t("period.figure.inspections"), f"{len(view.slots) - len(view.missed)} / "
                                         f"{len(view.slots)}"),
        (t("period.figure.runs"), str(len(view.runs))),
        (t("period.figure.devices"), str(len(view.devices))),
        (t("period.figure.problems"), str(len(stats.problems))),
        (t("period.figure.open"), str(len(stats.open))),
        (t("period.figure.resolution"), fmt.pct(round(stats.resolution_pct, 1))
         if stats.resolution_pct is not None else t("period.rates.none")),
        (t("period.figure.mttr"), mttr),
    ]
