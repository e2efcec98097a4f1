"""Everything a report shows, computed once from a Run and shared by every format.

Templates only lay out what is here; no arithmetic or wording lives in them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inspector.model import DeviceStatus, Evidence, Finding, Run
from inspector.report.cmdlog import CommandLog, build_command_log
from inspector.report.configs import ConfigsView, build_configs
from inspector.report.devices import (
    COMPACT,
    FULL,
    DeviceDetail,
    build_detail,
    coverage_line,
    score_label,
)
from inspector.report.environment import Environment, build_environment
from inspector.report.findings import (
    COVERAGE_EXCLUDED,
    LEVELS,
    ChecklistRow,
    Coverage,
    Matrix,
    MatrixNote,
    Score,
    build_checklist,
    build_matrix,
    failing,
    findings_by_device,
    level_counts,
    level_of,
    localized,
    overall_score,
)
from inspector.report.firewall import FirewallView, build_firewall
from inspector.report.fmt import Formatter
from inspector.report.hostos import HostOsView, build_hostos
from inspector.report.i18n import Translator
from inspector.report.manual import ManualView, build_manual
from inspector.report.meta import ReportMeta
from inspector.report.servers import ServersView, build_servers
from inspector.report.storage import StorageView, build_storage
from inspector.report.tracker import TrackerView, build_tracker_view
from inspector.report.trends import Changes, TrendPoint, changes, trend
from inspector.tracker.source import tracker_for_run
from inspector.tracker.table import Tracker

EVIDENCE_LINES = 8
# The report's title by the kinds inspected (catalog `title_by.*`); any other mix is "IT".
NETWORK_KINDS = frozenset({"network", "firewall"})
ROOM_KINDS = frozenset({"ups", "env-sensor", "air-conditioner", "pdu"})
# From this many devices on, device details are compact (see devices.Limits).
COMPACT_FROM = 40


@dataclass
class EvidenceView:
    command: str
    lines: list[str]
    more: int


@dataclass
class FindingView:
    finding: Finding
    level: str
    number: str  # "F-001": lets the customer refer to a finding in a ticket
    message: str
    recommendation: str
    category: str
    evidence: list[EvidenceView]
    observed: str = ""  # in the report's language
    threshold: str = ""


@dataclass
class FindingGroup:
    """The same problem (check, level, wording) on one or more devices: one card in the
    report, one row per device, so 150 switches with high CPU are one page, not 150 cards."""

    level: str
    first: FindingView
    items: list[FindingView]


def group_findings(views: Sequence[FindingView]) -> list[FindingGroup]:
    groups: dict[tuple[str, str, str, str], FindingGroup] = {}
    for fv in views:  # already sorted by level, device, check: groups keep that order
        key = (fv.level, fv.finding.check_id, fv.message, fv.recommendation)
        if key in groups:
            groups[key].items.append(fv)
        else:
            groups[key] = FindingGroup(fv.level, fv, [fv])
    return list(groups.values())


def report_title(run: Run, t: Translator) -> str:
    """网络设备 / 机房环境 / IT设备巡检报告, from the kinds of the devices inspected."""
    kinds = {r.device.kind for r in run.devices}
    if kinds and kinds <= NETWORK_KINDS:
        return t("title_by.network")
    if kinds and kinds <= ROOM_KINDS:
        return t("title_by.room")
    return t("title_by.it")


@dataclass
class ReportView:
    run: Run
    meta: ReportMeta
    lang: str
    title: str  # chosen from the kinds inspected
    started: str  # the run's start and end, in the report's time zone with its name
    ended: str
    previous_date: str  # the compared run's date (changes section), "" without one
    devices: list[DeviceDetail]
    by_role: list[tuple[str, int]]
    by_platform: list[tuple[str, int]]
    reachable: int
    unreachable: list[DeviceDetail]
    counts: dict[str, int]
    score: Score
    score_text: str  # the score as shown, qualified by the coverage
    coverage: Coverage  # the whole run's checklist: checked, not checked, not applicable
    coverage_causes: list[tuple[str, int]]  # why items were not checked, most first
    coverage_text: str
    findings: list[FindingView]
    groups: list[FindingGroup]
    matrix: Matrix
    matrix_notes: list[str]  # the matrix's noted items, said once each
    environment: Environment
    checklist: list[ChecklistRow]
    not_checked: int
    command_log: CommandLog
    changes: Changes | None
    trend: list[TrendPoint]
    findings_of: dict[str, list[FindingView]]
    tracker: TrackerView  # 问题跟踪表: open problems over the inventory's runs
    manual: ManualView | None = None  # 人工检查: the run's manual checks, if it has any
    configs: ConfigsView | None = None  # 配置变更: the archived configurations and their diffs
    storage: StorageView | None = None  # 存储: the arrays' parts and HA sets, if any
    servers: ServersView | None = None  # 服务器硬件: RAID, drives, DIMMs over Redfish
    hostos: HostOsView | None = None  # 操作系统: Linux hosts' filesystems, load, services
    firewall: FirewallView | None = None  # 防火墙: HA, sessions, licences, VPN tunnels

    @property
    def total_findings(self) -> int:
        return sum(self.counts.values())


def _evidence(items: list[Evidence]) -> list[EvidenceView]:
    return [EvidenceView(e.command, e.lines[:EVIDENCE_LINES],
                         max(0, len(e.lines) - EVIDENCE_LINES)) for e in items]


def finding_view(finding: Finding, number: int, t: Translator) -> FindingView:
    return FindingView(
        finding=finding, level=level_of(finding), number=f"F-{number:03d}",
        message=localized(finding, t.lang, "message") or finding.check_id,
        recommendation=localized(finding, t.lang, "recommendation"),
        category=t.get(f"category.{finding.category}", finding.category),
        evidence=_evidence(finding.evidence),
        observed=localized(finding, t.lang, "observed"),
        threshold=localized(finding, t.lang, "threshold"))


def note_text(note: MatrixNote, t: Translator) -> str:
    """A noted item in the customer's words: the check's own sentence when the catalog has
    one ("未配置版本基线：…"), else the cause's."""
    own = t.get(f"noted.{note.check_id.replace('.', '_')}.{note.cause}", "")
    category = t.get(f"category.{note.category}", note.category)
    return (own or t(f"noted.{note.cause}")).format(n=note.devices, category=category,
                                                    check=note.check_id)


def _counted(values: Sequence[str]) -> list[tuple[str, int]]:
    return sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))


def _cause_label(cause: str, t: Translator) -> str:
    """A reason as the summary's table shows it; those left out of the percentage say so."""
    label = t.get(f"coverage.cause.{cause}", cause)
    return t("coverage.excluded", cause=label) if cause in COVERAGE_EXCLUDED else label


def _run_coverage(devices: Sequence[DeviceDetail], t: Translator
                  ) -> tuple[Coverage, list[tuple[str, int]]]:
    total = Coverage()
    for detail in devices:
        total.add(detail.coverage)
    causes = [(_cause_label(cause, t), n)
              for cause, n in sorted(total.causes.items(), key=lambda kv: (-kv[1], kv[0]))]
    return total, causes


def build_view(run: Run, meta: ReportMeta, t: Translator, *, bundle: Path | None = None,
               history: Sequence[Run] = (), explicit: bool = False,
               tracker: Tracker | None = None) -> ReportView:
    """`history`: earlier runs; `explicit`: the user named them (`--previous`), so they are
    baselines whatever inventory they covered. `tracker`: the run's problem tracker as
    computed from the history store (None: from this run alone, every problem new)."""
    fmt = Formatter(t)
    views = [finding_view(f, i, t) for i, f in enumerate(failing(run.findings), 1)]
    findings_of: dict[str, list[FindingView]] = {}
    for fv in views:
        findings_of.setdefault(fv.finding.device, []).append(fv)
    by_device = findings_by_device(run)
    limits = COMPACT if len(run.devices) >= COMPACT_FROM else FULL
    devices = [build_detail(r, by_device.get(r.device.name, []), fmt, limits)
               for r in run.devices]
    unreachable = [d for d in devices if d.result.status in (DeviceStatus.UNREACHABLE,
                                                            DeviceStatus.FAILED)]
    covered, causes = _run_coverage(devices, t)
    matrix = build_matrix(run.devices, by_device)
    score = overall_score([d.score for d in devices], covered)
    meta = meta.model_copy(update={
        "date": meta.date or meta.local(run.started).strftime("%Y-%m-%d"),
        "report_no": meta.report_no or run.run_id,
    })
    compared = changes(run, history, explicit=explicit, zone=meta.zone)
    return ReportView(
        run=run, meta=meta, lang=t.lang, title=report_title(run, t),
        started=fmt.time(run.started, meta.timezone), ended=fmt.time(run.ended, meta.timezone),
        previous_date=meta.local(compared.previous.started).strftime("%Y-%m-%d")
        if compared else "",
        devices=devices,
        by_role=_counted([fmt.role(r.device.role) for r in run.devices]),
        by_platform=_counted([fmt.platform(r.device.platform) for r in run.devices]),
        reachable=len(devices) - len(unreachable), unreachable=unreachable,
        counts=level_counts(run.findings),
        score=score, score_text=score_label(score.value, score.coverage_pct, t),
        coverage=covered, coverage_causes=causes, coverage_text=coverage_line(covered, t),
        findings=views, groups=group_findings(views), findings_of=findings_of,
        matrix=matrix, matrix_notes=[note_text(n, t) for n in matrix.notes],
        environment=build_environment(run.devices, fmt, by_device),
        checklist=build_checklist(run.findings, t.lang),
        not_checked=sum(1 for f in run.findings if f.not_checked_reason is not None),
        command_log=build_command_log(run.devices, bundle),
        changes=compared, trend=trend(run, history, meta.zone),
        tracker=build_tracker_view(tracker or tracker_for_run(run, None), t, meta.zone),
        # The run folder: the bundle's parent (`--out` may send the reports elsewhere).
        manual=build_manual(bundle.parent if bundle is not None else None, t),
        configs=build_configs(run, t),
        storage=build_storage(run.devices, fmt, by_device),
        servers=build_servers(run.devices, fmt),
        hostos=build_hostos(run.devices, fmt),
        firewall=build_firewall(run.devices, fmt, by_device),
    )


__all__ = ["LEVELS", "FindingView", "ReportView", "build_view", "localized"]
