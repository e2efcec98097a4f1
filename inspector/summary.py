"""The period service summary (阶段性服务总结): what a quarter of inspections found.

Read from the run store: the runs of the period, faults by level and category, recurring
problems (the same check failing on the same device in several runs), each device's
availability (runs in which it answered / runs that included it), and the health of the
last run. Written as Markdown, HTML and PDF with the report's fonts and PDF machinery.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from inspector.catalog import LANGUAGES, load_messages
from inspector.store.history import History

TEMPLATES = Path(__file__).parent / "templates"
LEVELS = ("critical", "major", "minor", "info")
# The catalogs' keys of the summary's labels (templates/i18n: period.*).
_LABEL_KEYS = ("title", "period", "runs", "devices", "faults", "categories", "recurring",
               "availability", "device", "check", "times", "first", "last", "category",
               "count", "answered", "included", "rate", "level", "none", "run", "started",
               "complete")


def summary_labels(lang: str) -> dict[str, str]:
    """The summary's wording in `lang`, from the message catalogs."""
    messages = load_messages(lang)
    said = {key: messages[f"period.{key}"] for key in _LABEL_KEYS}
    said.update({level: messages[f"level_long.{level}"] for level in LEVELS})
    said.update({"yes": messages["common.yes"], "no": messages["common.no"],
                 "lang_tag": messages["lang_tag"]})
    return said


LABELS = {lang: summary_labels(lang) for lang in LANGUAGES}


@dataclass
class Recurring:
    device: str
    check_id: str
    times: int
    first: str
    last: str


@dataclass
class SummaryView:
    start: datetime
    end: datetime
    runs: list[dict[str, Any]] = field(default_factory=list)
    devices: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    recurring: list[Recurring] = field(default_factory=list)
    availability: list[tuple[str, int, int]] = field(default_factory=list)
    category_names: dict[str, dict[str, str]] = field(default_factory=dict)
    last_day: str = ""  # the period's last day as given (`end` is the next midnight)


def build(store: History, start: datetime, end: datetime) -> SummaryView:
    """Everything the summary shows, from the complete runs started within [start, end)."""
    view = SummaryView(start=start, end=end,
                       last_day=(end - timedelta(days=1)).strftime("%Y-%m-%d"))
    rows = [r for r in store.runs_between(start, end) if r.complete]
    view.runs = [{"run_id": r.run_id, "started": r.started.astimezone().strftime("%Y-%m-%d"),
                  "devices": r.devices, "unreachable": r.unreachable} for r in reversed(rows)]
    findings = [f for f in store.finding_counts(start, end)
                if f["run_id"] in {r.run_id for r in rows}]
    view.by_level = {level: sum(f["severity"] == level for f in findings) for level in LEVELS}
    view.by_category = Counter(f["category"] for f in findings).most_common()
    # Named as in the run report (the catalogs' `category.*`).
    view.category_names = {name: {lang: load_messages(lang).get(f"category.{name}", name)
                                  for lang in LANGUAGES}
                           for name in {f["category"] for f in findings}}
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: f["started"]):
        runs = seen[(f["device"], f["check_id"])]
        if not runs or runs[-1] != f["started"]:
            runs.append(f["started"])
    view.recurring = sorted(
        (Recurring(device, check, len(times), times[0][:10], times[-1][:10])
         for (device, check), times in seen.items() if len(times) > 1),
        key=lambda r: (-r.times, r.device, r.check_id))
    answered: Counter[str] = Counter()
    included: Counter[str] = Counter()
    for row in rows:
        for name, status in store.device_statuses(row.run_id).items():
            included[name] += 1
            answered[name] += status not in ("unreachable", "failed")
    view.devices = len(included)
    view.availability = sorted(((n, answered[n], included[n]) for n in included),
                               key=lambda a: (a[1] / a[2], a[0]))
    return view


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html", "j2"]))


def render(view: SummaryView, folder: Path, lang: str = "zh",
           formats: tuple[str, ...] = ("md", "html", "pdf")) -> dict[str, Path]:
    """Write summary.md / summary.html / summary.pdf into `folder`."""
    from inspector.report.fonts import css_stack, require_cjk  # noqa: PLC0415 - heavy

    folder.mkdir(parents=True, exist_ok=True)
    labels = LABELS[lang]
    written: dict[str, Path] = {}
    env = _environment()
    if "md" in formats:
        text = env.get_template("period-summary.md.j2").render(v=view, t=labels, lang=lang)
        written["md"] = folder / "service-summary.md"
        written["md"].write_text(text, encoding="utf-8")
    if {"html", "pdf"} & set(formats):
        if "pdf" in formats:
            require_cjk()
        html = env.get_template("period-summary.html.j2").render(v=view, t=labels, lang=lang,
                                                                  fonts=css_stack())
        if "html" in formats:
            written["html"] = folder / "service-summary.html"
            written["html"].write_text(html, encoding="utf-8")
        if "pdf" in formats:
            from inspector.report.pdf import write_pdf  # noqa: PLC0415 - loads pango

            written["pdf"] = folder / "service-summary.pdf"
            write_pdf(html, written["pdf"], folder)
    return written
