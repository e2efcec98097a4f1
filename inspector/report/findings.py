"""Finding arithmetic shared by every format: levels, order, the health score, the matrix.

A finding is a problem (`Finding.is_problem`) when it is neither passed nor "not checked"
nor a second fact folded into another finding of the same fault; only problems are listed
and counted. The checks engine may leave `severity` empty on a failing finding: it then
counts as ``info`` rather than disappearing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from inspector.model import DeviceResult, Finding, Run

LEVELS: tuple[str, ...] = ("critical", "major", "minor", "info")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

# Health-score weights per failing finding; the report prints this formula (score.formula).
SCORE_WEIGHTS = {"critical": 40, "major": 15, "minor": 5, "info": 0}
GRADE_BANDS = ((90, "good"), (70, "attention"), (0, "poor"))

# Matrix marks, worst first. Info findings have no impact by definition, so a category
# whose only failing findings are info still shows "pass". "noted": the cell's only items
# are stated once under the matrix (NOTED_CAUSES).
MARKS: tuple[str, ...] = ("fault", "warning", "pass", "not_checked", "noted", "na")
# Items left unchecked for want of something no device could give: a setting nobody made
# (no firmware baseline) or an earlier inspection to compare with. The same on every device
# they apply to, they are said once under the matrix instead of a column of "not checked";
# the coverage still counts them as it always has (not_configured as not checked,
# no_baseline left out).
NOTED_CAUSES = ("not_configured", "no_baseline")
_MARK_OF_LEVEL = {"critical": "fault", "major": "fault", "minor": "warning", "info": "pass"}

# Display order of check categories (the rule pack's names, plus spellings a rule pack may use);
# unknown categories follow in alphabetical order.
CATEGORY_ORDER: tuple[str, ...] = (
    "collection", "physical", "hardware", "power", "modules", "ports", "interfaces",
    "routing", "cpu", "memory", "protocols", "redundancy", "diagnostics", "logs", "firmware",
    "uptime", "ntp", "config", "configuration", "environment", "ups",
)


# Kept as the English field and its `_zh` twin (message and recommendation: _zh / _en).
SAID_FIELDS = ("observed", "threshold", "not_checked_reason")


def localized(finding: Finding, lang: str, field: str) -> str:
    """The finding's text in `lang`, else the other language's, else empty.

    `message` and `recommendation` are kept as ``_zh`` / ``_en``; `observed`, `threshold`
    and `not_checked_reason` as the English field and its ``_zh`` twin (a run of an earlier
    version has English only)."""
    if field in SAID_FIELDS:
        english: str | None = getattr(finding, field)
        chinese: str | None = getattr(finding, f"{field}_zh")
        return ((chinese or english) if lang == "zh" else english) or ""
    zh: str = getattr(finding, f"{field}_zh")
    en: str = getattr(finding, f"{field}_en")
    return (zh or en) if lang == "zh" else (en or zh)


def level_of(finding: Finding) -> str:
    return finding.severity.value if finding.severity is not None else "info"


def failing(findings: Iterable[Finding]) -> list[Finding]:
    """Failing findings sorted by level, then device, then check id."""
    return sorted((f for f in findings if f.is_problem),
                  key=lambda f: (LEVEL_RANK[level_of(f)], f.device, f.check_id))


def level_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(level_of(f) for f in findings if f.is_problem)
    return {level: counts.get(level, 0) for level in LEVELS}


def category_key(category: str) -> tuple[int, str]:
    try:
        return (CATEGORY_ORDER.index(category), category)
    except ValueError:
        return (len(CATEGORY_ORDER), category)


def device_score(counts: dict[str, int]) -> int:
    """100 minus the weighted failing findings of one device, never below 0."""
    return max(0, 100 - sum(SCORE_WEIGHTS[level] * n for level, n in counts.items()))


# Unchecked for a reason that is no gap in the inspection: left out of the percentage.
COVERAGE_EXCLUDED = ("not_applicable", "no_baseline")


@dataclass
class Coverage:
    """What the checklist of a device (or a run) came to. Checked items passed or gave a
    finding; the others were not checked, by cause (model.NOT_CHECKED_CAUSES). Items the
    platform cannot report (``not_applicable``) are listed but left out of the percentage;
    the collection items are the inspection itself, not a checklist item. Comparisons with
    an earlier inspection that does not exist yet (``no_baseline``) are left out too."""

    passed: int = 0
    found: int = 0
    not_checked: int = 0
    not_applicable: int = 0
    # Comparisons with the last inspection on a device's first one: listed with their cause,
    # left out of the percentage (nothing was missed; there is nothing yet to compare with).
    no_baseline: int = 0
    causes: Counter[str] = field(default_factory=Counter)

    @property
    def checked(self) -> int:
        return self.passed + self.found

    @property
    def applicable(self) -> int:
        return self.checked + self.not_checked

    @property
    def pct(self) -> int | None:
        """Checked items in % of the applicable ones (None: nothing applicable)."""
        return None if not self.applicable else int(100 * self.checked / self.applicable)

    def add(self, other: Coverage) -> None:
        self.passed += other.passed
        self.found += other.found
        self.not_checked += other.not_checked
        self.not_applicable += other.not_applicable
        self.no_baseline += other.no_baseline
        self.causes.update(other.causes)


def coverage(findings: Iterable[Finding]) -> Coverage:
    result = Coverage()
    for finding in findings:
        if finding.category == "collection":
            continue
        if finding.not_checked_reason is not None:
            # Runs recorded before causes were kept: "other".
            cause = finding.not_checked_cause or "other"
            if cause == "not_applicable":
                result.not_applicable += 1
            elif cause == "no_baseline":
                result.no_baseline += 1
            else:
                result.not_checked += 1
            result.causes[cause] += 1
        elif finding.passed:
            result.passed += 1
        else:
            result.found += 1
    return result


def coverage_score(counts: dict[str, int], covered: Coverage) -> int | None:
    """The device's score, or None when none of its items could be checked: a device not
    inspected has no health to grade (an unreachable device used to score 85)."""
    return device_score(counts) if covered.checked else None


@dataclass
class Score:
    value: int | None  # None: no device in the run, or none with an item checked
    grade: str  # good | attention | poor | none | unchecked
    coverage_pct: int | None = None  # the run's checked items in % of the applicable
    scored: int = 0  # devices with a score (at least one item checked)
    devices: int = 0


def overall_score(device_scores: Sequence[int | None],
                  covered: Coverage | None = None) -> Score:
    """The mean of the scores of the devices with at least one item checked, rounded;
    every such device weighs the same. No device scored: no score (grade "unchecked")."""
    scores = [s for s in device_scores if s is not None]
    pct = covered.pct if covered is not None else None
    if not scores:
        return Score(None, "unchecked" if device_scores else "none", pct, 0,
                     len(device_scores))
    value = round(sum(scores) / len(scores))
    grade = next(name for floor, name in GRADE_BANDS if value >= floor)
    return Score(value, grade, pct, len(scores), len(device_scores))


def findings_by_device(run: Run) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        grouped[finding.device].append(finding)
    return grouped


def is_noted(finding: Finding) -> bool:
    return finding.not_checked_cause in NOTED_CAUSES


def cell_mark(findings: Sequence[Finding]) -> str:
    """The worst mark of one device's findings in one category."""
    marks = set()
    for finding in findings:
        if finding.not_checked_cause == "not_applicable":
            marks.add("na")
        elif is_noted(finding):
            marks.add("noted")
        elif finding.not_checked_reason is not None:
            marks.add("not_checked")
        elif finding.passed:
            marks.add("pass")
        else:
            marks.add(_MARK_OF_LEVEL[level_of(finding)])
    return next((m for m in MARKS if m in marks), "na")


@dataclass
class MatrixRow:
    device: str
    marks: list[str]


@dataclass
class MatrixNote:
    """One check left unchecked on `devices` devices for a cause of NOTED_CAUSES."""

    check_id: str
    category: str
    cause: str
    devices: int


@dataclass
class Matrix:
    categories: list[str]
    rows: list[MatrixRow]
    totals: dict[str, int] = field(default_factory=dict)
    notes: list[MatrixNote] = field(default_factory=list)


def matrix_notes(findings: Iterable[Finding]) -> list[MatrixNote]:
    """The noted items of a run, one per check and cause, in checklist order."""
    counted = Counter((f.check_id, f.category, f.not_checked_cause or "")
                      for f in findings if is_noted(f))
    return [MatrixNote(check, category, cause, n) for (check, category, cause), n in
            sorted(counted.items(), key=lambda kv: (NOTED_CAUSES.index(kv[0][2]),
                                                    category_key(kv[0][1]), kv[0][0]))]


def build_matrix(devices: Sequence[DeviceResult], by_device: dict[str, list[Finding]]) -> Matrix:
    """One row per device, one column per check category with an item judged, not checked
    or not applicable somewhere in the run (a category of noted items only has no column:
    its note says it once)."""
    categories = sorted({f.category for fs in by_device.values() for f in fs
                         if not is_noted(f)}, key=category_key)
    rows = []
    for result in devices:
        per_category: dict[str, list[Finding]] = defaultdict(list)
        for finding in by_device.get(result.device.name, []):
            per_category[finding.category].append(finding)
        rows.append(MatrixRow(result.device.name,
                              [cell_mark(per_category.get(c, [])) for c in categories]))
    totals = Counter(mark for row in rows for mark in row.marks)
    notes = matrix_notes(f for fs in by_device.values() for f in fs)
    return Matrix(categories, rows, {m: totals.get(m, 0) for m in MARKS}, notes)


@dataclass
class ChecklistRow:
    """One check as the appendix lists it: what was compared with what, and the outcome."""

    check_id: str
    category: str
    thresholds: list[str]
    passed: int = 0
    failed: int = 0
    not_checked: int = 0
    worst: str | None = None  # level of the worst failing finding
    not_applicable: int = 0


def build_checklist(findings: Iterable[Finding], lang: str = "en") -> list[ChecklistRow]:
    """One row per check; its thresholds as the findings state them in `lang`."""
    rows: dict[str, ChecklistRow] = {}
    for finding in findings:
        row = rows.setdefault(finding.check_id,
                              ChecklistRow(finding.check_id, finding.category, []))
        threshold = (finding.threshold_zh or finding.threshold) if lang == "zh" else \
            finding.threshold
        if threshold and threshold not in row.thresholds:
            row.thresholds.append(threshold)
        if finding.not_checked_cause == "not_applicable":
            row.not_applicable += 1
        elif finding.not_checked_reason is not None:
            row.not_checked += 1
        elif finding.passed:
            row.passed += 1
        else:
            row.failed += 1
            level = level_of(finding)
            if row.worst is None or LEVEL_RANK[level] < LEVEL_RANK[row.worst]:
                row.worst = level
    return sorted(rows.values(), key=lambda r: (category_key(r.category), r.check_id))
