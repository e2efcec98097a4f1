"""Why a device or a family gave nothing, in the reader's language.

Transports and parsers record their reasons as English sentences (results.json of every
earlier version holds them so). This module recognizes those sentences and says them again
from the catalogs (``reason.*``), keeping their values (addresses, commands, the device's
or the library's own message) as they are. A sentence it does not know is shown as written.

    >>> from inspector.catalog import render
    >>> render(reason("connection refused by 10.0.0.1:22"), "zh")
    '10.0.0.1:22 拒绝连接'
"""

from __future__ import annotations

import re
from typing import Any

from inspector.catalog import Joined, Phrase, Term
from inspector.ssh_algorithms import said_offers

# (sentence, catalog key): named groups become the phrase's parameters; `family` is a
# family name, `reason` and `error` are reasons again (a sentence may nest another).
_SENTENCES: tuple[tuple[str, str], ...] = (
    (r"not collected", "reason.not_collected"),
    (r"timed out|timeout", "reason.timed_out"),
    (r"no family could be parsed", "reason.nothing_parsed"),
    (r"no SNMP profile of this device reports (?P<family>\w+)", "reason.no_snmp_profile"),
    (r"no capture of the OIDs of (?P<fields>.+)", "reason.no_oid_capture"),
    (r"this model does not support it \((?P<reason>.+)\)", "reason.model_unsupported"),
    (r"device rejected `(?P<command>[^`]+)`: (?P<error>.+)", "reason.rejected"),
    (r"cannot parse `(?P<command>[^`]+)`: (?P<error>.+)", "reason.unparsed"),
    (r"`(?P<command>[^`]+)` was filtered \(\| (?P<modifier>[^)]+)\): the output may be "
     r"incomplete(?:, and no (?P<family>\w+) record is in what it shows)?", "reason.filtered"),
    (r"not among the NAPALM getters inspector calls", "reason.no_napalm_getter"),
    (r"connection refused by (?P<where>\S+)", "reason.refused"),
    (r"authentication failed for user (?P<user>.+) at (?P<where>\S+)", "reason.auth_failed"),
    (r"no SSH session with (?P<where>\S+) within (?P<seconds>[\d.]+) s: the port accepts "
     r"connections but no SSH server answers", "reason.no_ssh_banner"),
    (r"no SSH session with (?P<where>\S+): authentication did not finish within "
     r"(?P<seconds>[\d.]+) s", "reason.auth_timeout"),
    (r"no SSH session with (?P<where>\S+) within (?P<seconds>[\d.]+) s \(after "
     r"(?P<attempts>\d+) attempts\): (?P<error>.+)", "reason.no_session"),
    (r"cannot resolve (?P<host>\S+): (?P<error>.+)", "reason.unresolved"),
    (r"(?P<where>\S+) accepted the login but never showed a prompt \((?P<error>.+)\)",
     "reason.no_prompt"),
    (r"cannot open a session with (?P<where>\S+): (?P<error>.+)", "reason.session_error"),
    (r"through jump host (?P<jump>\S+): (?P<error>.+)", "reason.jump_host"),
    (r"refused to log in: (?P<error>.+)", "reason.login_refused"),
    (r"SNMPv3 authentication with (?P<where>\S+) failed: (?P<error>.+)",
     "reason.snmp_auth_failed"),
    (r"SNMP error from (?P<where>\S+): (?P<error>.+)", "reason.snmp_error"),
    # A session that ended before its last command (cutshort.py, watchdog.py).
    (r"cut short: the run's deadline of (?P<seconds>[\d.]+) s was reached",
     "reason.cut_deadline"),
    (r"cut short: the run was interrupted", "reason.cut_interrupted"),
    (r"not inspected: the run's deadline of (?P<seconds>[\d.]+) s was reached",
     "reason.not_inspected_deadline"),
    (r"not inspected: the run was interrupted", "reason.not_inspected_interrupted"),
    # A fleet run's site that delivered nothing (fleet/central.py).
    (r"not reached: no worker of site (?P<site>.+) was online \(site worker offline\)",
     "reason.fleet_site_offline"),
    (r"not reached: site (?P<site>.+) did not deliver its results before the run's deadline "
     r"of (?P<seconds>[\d.]+) s", "reason.fleet_site_late"),
    (r"not reached: the results site (?P<site>.+?) delivered cannot be read: (?P<error>.+)",
     "reason.fleet_site_unreadable"),
    (r"not inspected: the job of site (?P<site>.+?) failed on worker (?P<worker>\S+): "
     r"(?P<error>.+)", "reason.fleet_job_failed"),
    (r"not reached: the broker (?P<broker>\S+) could not be reached during the run "
     r"\(broker unreachable\)", "reason.fleet_broker_unreachable"),
    (r"session lost: SessionLostError: the device closed the session mid-output",
     "reason.device_closed_session"),
    (r"session lost: (?P<error>.+)", "reason.session_lost"),
    (r"(?:not run: the )?run (?:was )?interrupted", "reason.run_interrupted"),
    # No SSH algorithm in common (ssh_algorithms.refusal).
    (r"the device offers only (?P<offers>.+); set transport\.legacy_algorithms: true for it",
     "ssh_negotiation.legacy_needed"),
    (r"the device offers only (?P<offers>.+), none of which inspector accepts, even with "
     r"transport\.legacy_algorithms", "ssh_negotiation.unsupported"),
    (r"empty output", "config_archive.empty_output"),  # configs/archive.py
    # definitions/huawei_oceanstor.yaml: what an array's CLI is not read for.
    (r"not read from a storage array's CLI", "storage.not_read"),
    (r"`(?P<command>[^`]+)`: (?P<error>.+)", "reason.command_error"),
)
_COMPILED = tuple((re.compile(pattern, re.DOTALL), key) for pattern, key in _SENTENCES)
_NESTED = ("reason", "error")


def _param(name: str, value: str | None) -> Any:
    if value is None:
        return ""
    if name == "family":
        return Term("family", value)
    if name == "offers":
        return said_offers(value)
    return reason(value) if name in _NESTED else value


def _one(text: str) -> Phrase | None:
    for pattern, key in _COMPILED:
        found = pattern.fullmatch(text.strip())
        if found is not None:
            return Phrase(key, **{name: _param(name, value)
                                  for name, value in found.groupdict().items()})
    return None


def reason(text: str) -> Any:
    """`text` as a phrase both catalogs can say; several reasons joined by "; " are said one
    by one; an unknown sentence stays as written."""
    if not text:
        return text
    said = _one(text)
    if said is not None:
        return said
    parts = text.split("; ")
    if len(parts) > 1:
        return Joined([_one(p) or p for p in parts])
    return text
