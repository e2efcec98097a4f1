"""A session the device closes after a few commands is a partial collection: the checks it
prevented are not checked (cause `cut_short`), the device is not graded good, and the run
does not exit 0."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from inspector.cli.results import exit_code
from inspector.errors import EXIT_DEVICES
from inspector.lab.sshserver import Behaviour, Lab, clone, lab_devices
from inspector.model import DeviceStatus, Severity
from inspector.pipeline import collect
from inspector.report.findings import device_score, overall_score
from tests.integration.conftest import host_for


def test_a_dropped_session_is_partial_and_never_good(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    template, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    dropped = clone(template, "dropped")
    dropped.behaviour = Behaviour(drop_after_commands=3)
    serve([dropped]).start()
    output = collect([host_for(dropped)], tmp_path, run_id="r")
    run = output.run
    result, = run.devices
    assert result.status == DeviceStatus.PARTIAL
    assert sum(c.error is None for c in result.captures) == 2  # the third was cut mid-output
    findings = {f.check_id: f for f in run.findings}
    collection = findings["collection.partial"]
    assert collection.severity == Severity.MAJOR and collection.is_problem
    assert "2 of" in (collection.observed or "") and "会话提前结束" in (
        collection.observed_zh or "")
    # every check whose data the lost session took is not checked, and says why
    prevented = [f for f in run.findings if f.not_checked_cause == "cut_short"]
    assert {"memory.utilization", "interfaces.errors", "ntp.synchronized"} <= {
        f.check_id for f in prevented}
    assert all(f.not_checked_reason and not f.passed for f in prevented)
    # what it answered was still checked
    assert findings["cpu.utilization"].passed
    counts = Counter(f.severity.value for f in run.findings
                     if f.is_problem and f.severity is not None)
    assert overall_score([device_score(counts)]).grade != "good"
    assert run.complete  # the run itself ran to its end ...
    assert exit_code(output, "critical") == EXIT_DEVICES  # ... but not every device did


def test_a_whole_session_is_not_cut_short(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    template, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    whole = clone(template, "whole")
    serve([whole]).start()
    output = collect([host_for(whole)], tmp_path, run_id="r")
    assert not [f for f in output.run.findings if f.not_checked_cause == "cut_short"]
    assert output.run.devices[0].status == DeviceStatus.COMPLETE
    assert exit_code(output, "none") == 0
