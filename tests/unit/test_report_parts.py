"""The report's pieces: translations, metadata, score, matrix, changes, escaping, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.model import Finding, Severity
from inspector.report import ReportError, ReportMeta
from inspector.report.findings import cell_mark, device_score, overall_score
from inspector.report.html import css_string, page_label
from inspector.report.i18n import load_messages
from inspector.report.markdown import md_escape
from inspector.report.stored import rerender
from inspector.report.trends import changes, trend
from inspector.report.xlsx import safe_cell
from tests.unit.test_report_sample import previous_run, sample_run


def test_languages_have_the_same_keys() -> None:
    zh, en = load_messages("zh"), load_messages("en")
    assert set(zh) == set(en)
    assert all(value.strip() for value in [*zh.values(), *en.values()])


def test_meta_from_inventory_section_with_aliases(tmp_path: Path) -> None:
    meta = ReportMeta.from_mapping(
        {"customer": "示例银行", "type": "节前巡检", "number": 2026, "period": "2026-09",
         "logo": "logo.png"}, tmp_path, engineer="王五", site=None)
    assert meta.inspection_type == "pre-holiday"
    assert meta.report_no == "2026"
    assert meta.engineer == "王五" and meta.site == ""
    assert meta.logo == tmp_path / "logo.png"


def test_meta_rejects_unknown_fields_and_types() -> None:
    with pytest.raises(ReportError, match="colour"):
        ReportMeta.from_mapping({"colour": "blue"})
    with pytest.raises(ReportError, match="inspection_type"):
        ReportMeta.from_mapping({"type": "weekly"})


def test_health_score_formula() -> None:
    assert device_score({"critical": 1, "major": 1, "minor": 1, "info": 5}) == 40
    assert device_score({"critical": 3, "major": 0, "minor": 0, "info": 0}) == 0
    score = overall_score([100, 40, 95])
    assert (score.value, score.grade) == (78, "attention")
    assert overall_score([]).grade == "none"


def _f(**kw: object) -> Finding:
    return Finding(check_id="x", category="cpu", device="d", **kw)  # type: ignore[arg-type]


def test_matrix_marks_take_the_worst() -> None:
    assert cell_mark([]) == "na"
    assert cell_mark([_f(passed=True)]) == "pass"
    assert cell_mark([_f(passed=True), _f(not_checked_reason="no data")]) == "pass"
    assert cell_mark([_f(not_checked_reason="no data")]) == "not_checked"
    assert cell_mark([_f(severity=Severity.INFO)]) == "pass"
    assert cell_mark([_f(severity=Severity.MINOR), _f(passed=True)]) == "warning"
    assert cell_mark([_f(severity=Severity.MAJOR), _f(severity=Severity.MINOR)]) == "fault"
    assert cell_mark([_f()]) == "pass"  # failing without a severity counts as info


def test_changes_against_the_previous_run() -> None:
    # Only an item checked both times changes: the month before, power.redundancy passed;
    # this month, ntp.sync passed.
    current, before = sample_run(), previous_run()
    psu = next(f for f in current.findings if f.check_id == "power.redundancy")
    before.findings.append(psu.model_copy(update={"severity": None, "passed": True}))
    current.findings.append(Finding(check_id="ntp.sync", category="ntp", device="core-sw1",
                                    passed=True))
    result = changes(current, [before])
    assert result is not None
    assert [f.check_id for f in result.new] == ["power.redundancy"]
    assert [f.check_id for f in result.resolved] == ["ntp.sync"]
    # acc-sw9 was unreachable the month before: that run is no baseline for it.
    assert len(result.persisting) == 4 and result.not_compared == ["acc-sw9"]
    # An item the baseline did not check is not "new"; one not checked now is not resolved.
    unknown = changes(sample_run(), [previous_run()])
    assert unknown is not None and not unknown.new and not unknown.resolved
    assert [f.check_id for f in unknown.unknown_before] == ["power.redundancy"]
    assert changes(sample_run(), []) is None
    points = trend(sample_run(), [previous_run(), sample_run()])  # the run itself is ignored
    assert [p.run_id for p in points] == ["2026-10-21-monthly", "2026-11-21-monthly"]


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("GigabitEthernet0/0/1", "GigabitEthernet0/0/1"), (5, 5),
])
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_markdown_escape() -> None:
    assert md_escape("<b>*x*</b> | [a](b)") == r"&lt;b&gt;\*x\*&lt;/b&gt; \| \[a\](b)"
    assert md_escape("two\nlines") == "two lines"


def test_css_strings_cannot_break_out() -> None:
    assert css_string('a"b\\c') == '"a\\"b\\\\c"'
    assert page_label("第 {page} 页 / 共 {pages} 页") == (
        '"第 " counter(page) " 页 / 共 " counter(pages) " 页"')


def _run_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "results.json").write_text(sample_run().model_dump_json(), "utf-8")
    return folder


def test_report_command_rerenders_a_stored_run(tmp_path: Path) -> None:
    folder = _run_folder(tmp_path)
    inventory = tmp_path / "inv.yaml"
    inventory.write_text("hosts: {}\nreport: {customer: 示例银行, type: quarterly}\n", "utf-8")
    paths = rerender(folder, "en", "md,xlsx", inventory=inventory, engineer="Li")
    assert set(paths) == {"md", "xlsx"}
    stored = json.loads((folder / "report-meta.json").read_text("utf-8"))
    assert stored["customer"] == "示例银行" and stored["engineer"] == "Li"
    # Re-rendering without the inventory keeps the metadata used last time.
    rerender(folder, "zh", "md")
    assert "示例银行" in (folder / "summary.md").read_text("utf-8")


def test_report_command_errors(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"results\.json"):
        rerender(tmp_path, "zh", "md")
    with pytest.raises(ReportError, match="unknown report format"):
        rerender(_run_folder(tmp_path), "zh", "docx")


def test_report_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["report", str(_run_folder(tmp_path)), "--format", "md",
                             "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert "summary.md" in ok.output
    bad = runner.invoke(app, ["report", str(tmp_path / "missing"), "--format", "md"])
    assert bad.exit_code == 3
