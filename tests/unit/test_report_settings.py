"""Report settings: engineers, customer contact, time zone, title by kinds, the engineer's
conclusion and recommendations, and rendering progress on a terminal only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from inspector.cli import app
from inspector.cli import results as cli_results
from inspector.cli.meta import meta_overrides
from inspector.errors import ConfigurationError, InputError
from inspector.model import Device, DeviceResult, DeviceStatus, Run, Snapshot
from inspector.report import ReportError, ReportMeta
from inspector.report.html import render_html
from inspector.report.i18n import Translator
from inspector.report.view import build_view, report_title
from tests.unit.test_report_sample import STARTED, sample_run


def _html(meta: ReportMeta, lang: str = "zh", run: Run | None = None) -> str:
    t = Translator(lang)
    return render_html(build_view(run or sample_run(), meta, t), t)


def test_engineers_as_a_list_or_one_string() -> None:
    assert ReportMeta.from_mapping({"engineer": ["张三", "李四"]}).engineers == ["张三", "李四"]
    assert ReportMeta.from_mapping({"engineers": "张三、李四"}).engineers == ["张三", "李四"]
    assert ReportMeta.from_mapping({"engineer": "Zhang San"}).engineers == ["Zhang San"]
    assert ReportMeta().engineers == []


def test_new_fields_and_their_defaults() -> None:
    meta = ReportMeta.from_mapping({"contact": "李四 138-0000-0000", "tz": "UTC",
                                    "summary": "总体正常", "advice": "更换电源"})
    assert meta.customer_contact == "李四 138-0000-0000"
    assert (meta.timezone, meta.conclusion, meta.recommendations) == ("UTC", "总体正常", "更换电源")
    assert ReportMeta().timezone == "Asia/Shanghai"


@pytest.mark.parametrize(("data", "field"), [
    ({"timezone": "Beijing"}, "timezone"),
    ({"conclusion": ["a", "b"]}, "conclusion"),
    ({"customer_contact": {"name": "x"}}, "customer_contact"),
])
def test_bad_values_name_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(ReportError, match=rf"report metadata: {field}:"):
        ReportMeta.from_mapping(data)


def test_times_in_the_report_zone_with_its_name() -> None:
    html = _html(ReportMeta())
    # 01:30 UTC is 09:30 in Beijing; the customer never converts an offset.
    assert "2026-11-21 09:30（北京时间）" in html
    assert "UTC+" not in html
    html = _html(ReportMeta(timezone="UTC"), "en")
    assert "2026-11-21 01:30 (UTC)" in html
    html = _html(ReportMeta(timezone="America/New_York"), "en")
    assert "2026-11-20 20:30 (America/New_York)" in html  # a zone the catalog does not name


def test_cover_date_follows_the_zone() -> None:
    late = sample_run(started=STARTED.replace(hour=20))  # 20:00 UTC: the next day in Beijing
    assert build_view(late, ReportMeta(), Translator("zh")).meta.date == "2026-11-22"
    assert build_view(late, ReportMeta(timezone="UTC"), Translator("zh")).meta.date == (
        "2026-11-21")


def _run_of(*kinds: str) -> Run:
    members = [Device(name=f"d{i}", host="10.0.0.1", platform="snmp_ups", kind=kind)
               for i, kind in enumerate(kinds)]
    devices = [DeviceResult(device=d, status=DeviceStatus.COMPLETE, snapshot=Snapshot(device=d))
               for d in members]
    return Run(run_id="r", mode="live", started=STARTED, devices=devices)


@pytest.mark.parametrize(("kinds", "zh", "en"), [
    (("network", "firewall"), "网络设备巡检报告", "Network Inspection Report"),
    (("ups", "env-sensor", "pdu"), "机房环境巡检报告", "Machine Room Inspection Report"),
    (("network", "ups"), "IT设备巡检报告", "IT Equipment Inspection Report"),
    (("server-bmc",), "IT设备巡检报告", "IT Equipment Inspection Report"),
    ((), "IT设备巡检报告", "IT Equipment Inspection Report"),
])
def test_title_by_kinds(kinds: tuple[str, ...], zh: str, en: str) -> None:
    run = _run_of(*kinds)
    assert report_title(run, Translator("zh")) == zh
    assert report_title(run, Translator("en")) == en


def test_title_and_engineers_on_the_cover() -> None:
    html = _html(ReportMeta(engineer=["张三", "李四"], customer_contact="王五"))
    assert '<div class="title">IT设备巡检报告</div>' in html
    assert "张三、李四" in html and "客户联系人" in html and "王五" in html


def test_conclusion_on_summary_and_signoff() -> None:
    html = _html(ReportMeta(conclusion="设备运行总体正常。\n第二段", recommendations="更换电源"))
    assert html.count("<h3>总体结论</h3>") == 2 and html.count("<h3>建议</h3>") == 2
    assert "<p>第二段</p>" in html
    assert "总体结论" not in _html(ReportMeta())


def test_conclusion_from_file_or_command_line(tmp_path: Path) -> None:
    utf8 = tmp_path / "conclusion.txt"
    utf8.write_text("\ufeff总体正常\n", "utf-8")  # a BOM, as Notepad writes
    gbk = tmp_path / "advice.txt"
    gbk.write_bytes("更换 2 号电源".encode("gb18030"))
    assert meta_overrides(conclusion=utf8, recommendations=gbk) == {
        "timezone": None, "engineer": None, "conclusion": "总体正常",
        "recommendations": "更换 2 号电源"}
    assert meta_overrides(conclusion_text="正常")["conclusion"] == "正常"
    with pytest.raises(ConfigurationError, match="--conclusion and --conclusion-text"):
        meta_overrides(conclusion=utf8, conclusion_text="x")
    with pytest.raises(InputError, match=r"--recommendations .*missing\.txt"):
        meta_overrides(recommendations=tmp_path / "missing.txt")


def _stored_run(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "results.json").write_text(sample_run().model_dump_json(), "utf-8")
    return folder


def test_report_command_takes_conclusion_inventory_and_zone(tmp_path: Path) -> None:
    folder = _stored_run(tmp_path)
    inventory = tmp_path / "inv.yaml"
    inventory.write_text("hosts: {}\nreport: {recommendations: 一周内复查, timezone: UTC}\n",
                         "utf-8")
    conclusion = tmp_path / "c.txt"
    conclusion.write_text("总体正常", "utf-8")
    result = CliRunner().invoke(app, [
        "report", str(folder), "--format", "html", "-i", str(inventory),
        "--conclusion", str(conclusion), "--engineer", "张三", "--engineer", "李四"])
    assert result.exit_code == 0, result.output
    html = (folder / "report.html").read_text("utf-8")
    assert "总体正常" in html and "一周内复查" in html and "张三、李四" in html
    assert "2026-11-21 01:30（协调世界时）" in html
    # Not a terminal: no progress lines, only the paths written.
    assert "正在生成" not in result.output
    result = CliRunner().invoke(app, ["report", str(folder), "--format", "md",
                                      "--timezone", "Mars/Olympus"])
    assert result.exit_code == 3 and "timezone" in result.output


def test_progress_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(cli_results, "console", terminal)
    with cli_results.rendering() as progress:
        assert progress is not None
        progress("正在生成 PDF…")
    assert "正在生成 PDF…" in screen.getvalue()
    terminal.quiet = True
    with cli_results.rendering() as progress:
        assert progress is None
    monkeypatch.setattr(cli_results, "console", Console(file=io.StringIO()))  # a pipe, cron
    with cli_results.rendering() as progress:
        assert progress is None


def test_render_reports_tells_each_stage(tmp_path: Path) -> None:
    from inspector.report import render_reports  # noqa: PLC0415

    said: list[str] = []
    render_reports(sample_run(), tmp_path, formats=["html", "md"], lang="zh",
                   progress=said.append)
    assert said == ["正在生成 HTML…", "正在生成摘要…"]
