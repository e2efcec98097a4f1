"""The running configuration against the device's last archived one (inspector/configs)."""

from __future__ import annotations

from inspector.catalog import Phrase
from inspector.checks.base import Context, Hit, NotChecked, Outcome
from inspector.model import Evidence
from inspector.reasons import reason as said_reason

# Changed lines quoted as evidence; the report's appendix shows more, the .diff file all.
EVIDENCE_LINES = 12


def config_changed(ctx: Context) -> Outcome:
    """A changed configuration is one hit valued by its changed lines (added + removed)."""
    archived = ctx.result.config_archive
    if archived is None:
        raise NotChecked(Phrase("config_archive.not_kept"), "not_applicable")
    if archived.status in ("failed", "not_collected"):
        raise NotChecked(Phrase("config_archive.failed", reason=said_reason(archived.reason)),
                         archived.status)
    if archived.status == "archived" or archived.previous_run is None:
        raise NotChecked(Phrase("config_archive.first"), "no_baseline")
    if archived.status == "unchanged":
        return Outcome([], Phrase("config_archive.unchanged", run=archived.previous_run))
    changed = archived.added + archived.removed
    said = Phrase("config_archive.changed", n=changed, run=archived.previous_run,
                  added=archived.added, removed=archived.removed)
    changed_lines = [line for line in archived.diff
                     if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    evidence = Evidence(command=archived.diff_file or "", lines=changed_lines[:EVIDENCE_LINES])
    hit = Hit("running-config", changed, said, severity=ctx.resolved.levels["changed"])
    return Outcome([hit], said, extra_evidence=[evidence])
