"""The report's 配置变更 appendix: each device's archived configuration and, where it
changed since its last archive, the changed lines (inspector/configs).

Read from the results (`DeviceResult.config_archive`): the start of each diff is there, the
whole diff in the run folder's configs/<device>.diff. The words around the diff are the
report's language; the configuration lines are quoted as the device printed them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from inspector.model import Run
from inspector.report.i18n import Translator

STATES = ("changed", "unchanged", "archived", "failed", "not_collected")
# A large run lists its unchanged devices only in the counts, and quotes the diffs of its
# first changed devices only: the rest are in the run folder's configs/ (1000 devices must
# not add a hundred pages).
LIST_UNCHANGED_UP_TO = 40
MAX_DIFFS = 30


@dataclass
class ConfigRow:
    device: str
    status: str  # one of STATES
    state: str  # the status in the report's language
    compared: str  # the run compared with, "—" without one
    lines: str  # changed lines, "—" when not compared
    file: str


@dataclass
class ConfigDiffView:
    device: str
    said: str  # "N lines changed since run R (+a −r)"
    lines: list[str]  # the diff's hunks, verbatim
    more: str  # "… N more diff lines in FILE", "" when whole


@dataclass
class ConfigsView:
    counts: str
    rows: list[ConfigRow] = field(default_factory=list)
    diffs: list[ConfigDiffView] = field(default_factory=list)
    left_out: str = ""  # what the table and the diffs leave out, "" when nothing


def build_configs(run: Run, t: Translator) -> ConfigsView | None:
    """The appendix, or None when no device of the run has a configuration to archive."""
    archived = [(r.device.name, r.config_archive) for r in run.devices
                if r.config_archive is not None]
    if not archived:
        return None
    counted = Counter(a.status for _, a in archived)
    view = ConfigsView(counts=t(
        "config_archive.counts", changed=counted.get("changed", 0),
        unchanged=counted.get("unchanged", 0), first=counted.get("archived", 0),
        failed=counted.get("failed", 0) + counted.get("not_collected", 0)))
    list_unchanged = len(archived) <= LIST_UNCHANGED_UP_TO
    for device, archive in archived:
        if archive.status == "unchanged" and not list_unchanged:
            continue
        compared = archive.status in ("changed", "unchanged")
        view.rows.append(ConfigRow(
            device=device, status=archive.status,
            state=t(f"config_archive.status.{archive.status}"),
            compared=(archive.previous_run or "—") if compared else "—",
            lines=str(archive.added + archive.removed) if compared else "—",
            file=archive.file or "—"))
        if archive.status == "changed" and len(view.diffs) < MAX_DIFFS:
            view.diffs.append(ConfigDiffView(
                device=device,
                said=t("config_archive.changed", n=archive.added + archive.removed,
                       run=archive.previous_run or "", added=archive.added,
                       removed=archive.removed),
                lines=archive.diff,
                more=t("config_archive.more_lines", n=archive.more, file=archive.diff_file)
                if archive.more else ""))
    unlisted = 0 if list_unchanged else counted.get("unchanged", 0)
    unquoted = counted.get("changed", 0) - len(view.diffs)
    if unlisted or unquoted:
        view.left_out = t("config_archive.left_out", unchanged=unlisted, diffs=unquoted)
    return view
