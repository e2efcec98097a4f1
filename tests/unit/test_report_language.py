"""Every word in the reader's language: what the tool itself says (headings, states,
observations, thresholds, reasons) comes from the catalogs, in Chinese in a Chinese report
and in English in an English one; values (names, numbers, device output) stay as they are.

The run: the lab's recorded switches replayed, plus a UPS on battery, a healthy UPS, a room
probe, a server BMC, an unreachable switch and one that answered nothing, so every check
fails, passes and is not checked somewhere, and an earlier run for the changes section.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from inspector.catalog import Phrase, Term, render
from inspector.checks import load_rules, run_checks
from inspector.model import (
    Device,
    DeviceResult,
    DeviceStatus,
    Family,
    FamilyStatus,
    LogEntry,
    Run,
    Sensor,
    Snapshot,
    SourceResult,
    Ups,
)
from inspector.reasons import reason
from inspector.report import ReportMeta, render_reports
from tests.report_language import (
    chinese_words,
    english_words,
    values,
    visible_html,
    workbook_cells,
)
from tests.unit.test_report_sample import sample_run

lab = pytest.importorskip("inspector.lab.profiles")

META = ReportMeta(customer="示例银行股份有限公司", site="上海数据中心", engineer="张三",
                  provider="某某网络技术有限公司", report_no="XJ-2026-11", customer_rep="李四")
REFUSED = "connection refused by 10.9.9.9:22"
SILENT = "no SSH session with 10.9.9.8:22 within 10 s (after 2 attempts): timed out"


def _ok(data: object, command: str = "snmpwalk 1.3.6.1.2.1.33") -> Family:  # type: ignore[type-arg]
    return Family(status=FamilyStatus.OK, data=data,
                  sources=[SourceResult(command=command, status="ok", records=1)])


def _unsupported(family: str) -> Family:  # type: ignore[type-arg]
    return Family(status=FamilyStatus.UNSUPPORTED,
                  reason=f"no SNMP profile of this device reports {family}")


def _result(name: str, platform: str, kind: str, status: DeviceStatus = DeviceStatus.COMPLETE,
            reason_text: str = "", **families: Family) -> DeviceResult:  # type: ignore[type-arg]
    device = Device(name=name, host="10.9.9.1", platform=platform, kind=kind, role=kind,
                    site="上海数据中心", room="B1-201")
    return DeviceResult(device=device, status=status, reason=reason_text,
                        snapshot=Snapshot(device=device, **families))


def _extras() -> list[DeviceResult]:
    on_battery = Ups(status="on_battery", battery_status="low", charge_pct=18, runtime_min=6,
                     input_voltage_v=0, output_voltage_v=220, output_load_pct=62,
                     battery_temperature_c=31, on_battery=True,
                     alarms=["on battery", "low battery"])
    healthy = Ups(status="online", battery_status="normal", charge_pct=100, runtime_min=45,
                  input_voltage_v=229, output_voltage_v=230, output_load_pct=35,
                  on_battery=False)
    probe = [Sensor(name="Row 3 hot aisle", kind="temperature", value=41, unit="C",
                    high_warn=40, high_crit=45),
             Sensor(name="Row 3 cold aisle", kind="temperature", value=24, unit="C"),
             Sensor(name="Row 3 humidity", kind="humidity", value=83, unit="%RH")]
    bmc = [Sensor(name="PSU0_Status", kind="psu", status="ok"),
           Sensor(name="PSU1_Status", kind="psu", status="critical"),
           Sensor(name="FAN0_Speed", kind="fan", value=5400, unit="RPM", status="ok"),
           Sensor(name="P12V", kind="voltage", value=11.1, unit="V", status="warning"),
           Sensor(name="CPU0_Temp", kind="temperature", value=58, unit="C", status="ok")]
    sel = [LogEntry(timestamp="11/20/26 08:13:55", severity=1, source="sel",
                    message="Power Supply PSU1_Status | Failure detected | Asserted")]
    return [
        _result("ups-on-battery", "snmp", "ups", ups=_ok(on_battery), logs=_unsupported("logs")),
        _result("ups-healthy", "snmp", "ups", ups=_ok(healthy)),
        _result("room-probe", "snmp", "env-sensor", sensors=_ok(probe)),
        _result("srv-bmc", "ipmi", "server-bmc", sensors=_ok(bmc, "ipmitool sdr elist full"),
                logs=_ok(sel, "ipmitool sel elist")),
        _result("sw-refused", "huawei_vrp", "network", DeviceStatus.UNREACHABLE, REFUSED),
        _result("sw-silent", "cisco_ios", "network", DeviceStatus.FAILED, SILENT),
    ]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run]:
    from inspector.pipeline import replay  # noqa: PLC0415 - the lab is optional here

    folder = tmp_path_factory.mktemp("runs")
    recorded = replay(lab.LAB_BUNDLE, folder, "now").run
    extras = _extras()
    run = recorded.model_copy(update={
        "devices": recorded.devices + extras,
        "findings": recorded.findings + run_checks(extras, {}, load_rules())})
    before = replay(lab.LAB_BUNDLE, folder, "before").run
    before = before.model_copy(update={"started": run.started - timedelta(days=30)})
    return run, before


@pytest.fixture(scope="module", params=["zh", "en"])
def rendered(request: pytest.FixtureRequest, runs: tuple[Run, Run],
             tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Path], Run]:
    lang: str = request.param
    run, before = runs
    paths = render_reports(run, tmp_path_factory.mktemp(lang), formats=("html", "xlsx", "md"),
                           lang=lang, meta=META, history=[before])
    return lang, paths, run


def _data(run: Run) -> list[str]:
    # The earlier run is named by its id in the changes section.
    return values(run, [*(str(v) for v in META.model_dump().values() if v), "before"])


def _wrong_words(lang: str, texts: list[str], run: Run) -> list[tuple[str, str]]:
    check = english_words if lang == "zh" else chinese_words
    return check(texts, _data(run))


def test_the_checker_sees_a_word_of_the_other_language() -> None:
    data = ["Row 3 hot aisle"]
    assert english_words(["Row 3 hot aisle：故障", "CPU 利用率", "华三 Comware"], data) == []
    assert [w for w, _ in english_words(["电池 battery low"], data)] == ["battery", "low"]
    assert chinese_words(["battery 电池"], data) == [("电池", "battery 电池")]


def test_html_visible_text_is_in_the_report_language(
        rendered: tuple[str, dict[str, Path], Run]) -> None:
    lang, paths, run = rendered
    wrong = _wrong_words(lang, visible_html(paths["html"]), run)
    assert not wrong, sorted({w for w, _ in wrong})


def test_workbook_is_in_the_report_language(rendered: tuple[str, dict[str, Path], Run]) -> None:
    lang, paths, run = rendered
    cells = workbook_cells(paths["xlsx"], ["依据", "Evidence"])
    wrong = _wrong_words(lang, cells, run)
    assert not wrong, sorted({w for w, _ in wrong})
    if lang == "zh":
        assert "True" not in cells and "False" not in cells


def test_markdown_is_in_the_report_language(rendered: tuple[str, dict[str, Path], Run]) -> None:
    lang, paths, run = rendered
    lines = paths["md"].read_text("utf-8").replace("\\", "").splitlines()
    wrong = _wrong_words(lang, lines, run)
    assert not wrong, sorted({w for w, _ in wrong})


def test_what_a_check_says_is_kept_in_both_languages(runs: tuple[Run, Run]) -> None:
    run, _ = runs
    for finding in run.findings:
        for field in ("observed", "threshold", "not_checked_reason"):
            english, chinese = getattr(finding, field), getattr(finding, f"{field}_zh")
            assert (english is None) == (chinese is None), (finding.check_id, field)
    battery = next(f for f in run.findings
                   if f.device == "ups-on-battery" and f.check_id == "ups.battery_status")
    # The values are the same in both; the words around them are not.
    assert "battery charge: 18%" in (battery.observed or "")
    assert "电池电量：18%" in (battery.observed_zh or "")
    refused = next(f for f in run.findings
                   if f.device == "sw-refused" and f.check_id == "cpu.utilization")
    assert refused.not_checked_reason == f"not checked: device unreachable ({REFUSED})"
    assert refused.not_checked_reason_zh == "未检查：设备无法连接（10.9.9.9:22 拒绝连接）"


def test_transport_reasons_are_said_again_from_the_catalogs() -> None:
    assert render(reason(REFUSED), "zh") == "10.9.9.9:22 拒绝连接"
    assert render(reason(REFUSED), "en") == REFUSED
    assert render(reason(SILENT), "zh") == (
        "10 秒内未能与 10.9.9.8:22 建立 SSH 会话（已尝试 2 次）：超时")
    nested = "this model does not support it (device rejected `show x`: % Unknown command.)"
    assert render(reason(nested), "zh") == (
        "该型号不支持（设备拒绝执行 `show x`：% Unknown command.）")
    # A sentence the catalogs do not know is shown as written, never dropped.
    assert render(reason("the dog ate the cable"), "zh") == "the dog ate the cable"
    assert render(Term("ups_state", "on_battery"), "zh") == "电池供电"
    assert render(Term("ups_state", "levitating"), "zh") == "levitating"
    assert render(Phrase("check.cpu_slot", slot="0", value="89",
                         basis=Term("cpu_basis", "avg_5m")), "zh") == "槽位 0：89%（5 分钟平均）"


def test_results_of_earlier_versions_render_with_their_english(tmp_path: Path) -> None:
    """A results.json written before the Chinese twins existed still loads and renders."""
    run = sample_run()
    raw = run.model_dump(mode="json")
    for finding in raw["findings"]:
        for field in ("observed_zh", "threshold_zh", "not_checked_reason_zh"):
            finding.pop(field)
    old = Run.model_validate(raw)
    paths = render_reports(old, tmp_path, formats=("html",), lang="zh", meta=META)
    text = paths["html"].read_text("utf-8")
    assert "PWR2 absent" in text  # the English it has, rather than nothing
