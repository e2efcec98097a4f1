"""A problem's subject (what on the device it is about) in the reader's language.

Most subjects are names the device gave (Gi0/3, Fan 2, 0x8130004) and are shown as written;
a few are the checks' own words, kept in English in the findings ("device", "slot 0", a log
pattern's label): those are translated here.
"""

from __future__ import annotations

import re
from functools import cache

from inspector.catalog import Phrase, Term, render
from inspector.checks.loader import load_rules
from inspector.problems import subject_key
from inspector.report.i18n import Translator

# The checks' own subjects (checks/metrics.py, checks/code/*.py) -> catalog key.
OWN_SUBJECTS = {"device": "device", "system": "system", "routes": "routes", "UPS": "ups",
                "battery": "battery", "all interfaces": "all_interfaces",
                "redundancy": "redundancy", "sessions": "sessions", "ha": "ha",
                "stack": "stack", "mad": "mad", "swap": "swap", "load": "load",
                "patch": "patch"}
_SLOT = re.compile(r"^slot (\S+)$")
# Checks whose subjects are a catalog group's words -> that group.
TERM_SUBJECTS = {"logs.severity": "syslog", "ups.alarms": "ups_alarm"}


# Checks whose subjects are their patterns' English labels (`patterns: [{en:, zh:}]`).
PATTERN_CHECKS = ("logs.patterns", "os.kernel_errors")


@cache
def _log_labels(lang: str) -> dict[str, str]:
    """A log pattern's English label (its subject) -> the label in `lang`."""
    labels: dict[str, str] = {}
    for check_id in PATTERN_CHECKS:
        try:
            rule = load_rules().get(check_id)
        except (KeyError, ValueError):  # a pack without the rule: labels shown as written
            continue
        for pattern in rule.params.get("patterns", []):
            labels[str(pattern["en"])] = str(pattern.get(lang) or pattern["en"])
    uplink = Phrase("check.uplink_down_label")
    labels[render(uplink, "en")] = render(uplink, lang)
    return labels


def subject_text(check_id: str, subject: str, t: Translator) -> str:
    """`subject` of a `check_id` problem as the reader's report words it."""
    if subject in OWN_SUBJECTS:
        return t(f"tracker.subject.{OWN_SUBJECTS[subject]}")
    slot = _SLOT.match(subject)
    if slot:
        return t("tracker.subject.slot", slot=slot.group(1))
    if check_id in TERM_SUBJECTS:  # an enumerated word: "low battery" is 电池电量低
        return render(Term(TERM_SUBJECTS[check_id], subject), t.lang)
    if check_id.startswith("logs.") or check_id in PATTERN_CHECKS:
        label = subject_key(check_id, subject)
        if label == "flapping":
            return t("tracker.subject.flapping")
        return _log_labels(t.lang).get(label, label)
    return subject
