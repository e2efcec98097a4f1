"""The period summary over three real runs: the simulated lab inspected over SSH, SNMP and
IPMI once, its bundle replayed as September, October and December (none in November), with
a switch swapped for a healthy one in October (its problems resolved, then back: recurring),
another in December (resolved for good), a new OS on the Huawei core and a device that did
not answer in October. Rendered in every format in Chinese and English; the PDF's text read
back with pdftotext, the HTML's checked for words of the other language."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from inspector.cli import app
from inspector.model import Run
from inspector.pipeline import replay
from inspector.store.bundle import DeviceRecording, read_bundle, write_bundle
from inspector.store.history import History
from inspector.tracker.assignments import Assignment, load_assignments, save_assignments
from tests.report_language import chinese_words, english_words, values, visible_html

pytestmark = pytest.mark.slow
runner = CliRunner()
STARTS = {"sep": datetime(2026, 9, 15, 2, tzinfo=UTC), "oct": datetime(2026, 10, 14, 2, tzinfo=UTC),
          "dec": datetime(2026, 12, 10, 2, tzinfo=UTC)}
SETTINGS = ["--customer", "示例银行股份有限公司", "--contract", "HT-2026-017", "--provider",
            "示例运维服务有限公司", "--engineer", "张三", "--engineer", "李四"]
WORDS = {
    "zh": ["阶段性服务总结", "二、巡检计划执行情况", "2026 年 11 月", "未巡检", "四、问题跟踪",
           "五、反复出现的问题", "六、设备可用性", "七、运行趋势", "八、版本与模块变更",
           "九、建议", "巡检确认", "HT-2026-017", "张三、李四", "李工", "V200R022C00SPC500",
           "问题解决率", "平均解决时长", "以上服务总结经双方确认"],
    "en": ["Service Summary", "2. Inspections against the plan", "2026-11", "not inspected",
           "4. Problem tracker", "5. Recurring problems", "6. Device availability",
           "7. Trends", "8. Firmware and module changes", "9. Recommendations", "HT-2026-017",
           "李工", "V200R022C00SPC500", "Resolution rate", "Mean time to resolve"],
}


def _swap(recordings: list[DeviceRecording], name: str, donor: str) -> list[DeviceRecording]:
    """`name` answering with `donor`'s outputs: a faulty switch replaced by a healthy one."""
    given = next(r for r in recordings if r.device.name == donor)
    return [DeviceRecording(device=r.device, captures=[
        c.model_copy(update={"device": name}) for c in given.captures])
        if r.device.name == name else r for r in recordings]


def _upgraded(recordings: list[DeviceRecording]) -> list[DeviceRecording]:
    for rec in recordings:
        if rec.device.name == "sh-core-ce6881":
            for capture in rec.captures:
                if capture.command == "display version":
                    capture.output = capture.output.replace("V200R019C10SPC800",
                                                            "V200R022C00SPC500")
    return recordings


def _silent(recordings: list[DeviceRecording], name: str) -> list[DeviceRecording]:
    return [DeviceRecording(device=r.device, error="connection refused by 127.0.0.1:22")
            if r.device.name == name else r for r in recordings]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Run]]:
    folder = tmp_path_factory.mktemp("period")
    result = runner.invoke(app, ["demo", "--out", str(folder / "demo"), "--format", "none",
                                 "--no-history"])
    assert result.exit_code == 0, result.output
    recorded = folder / "demo" / "demo" / "bundle"
    variants: dict[str, Callable[[list[DeviceRecording]], list[DeviceRecording]]] = {
        "sep": lambda recs: recs,
        "oct": lambda recs: _silent(_swap(recs, "gz-acc-s5130", "gz-agg-s6520x"),
                                    "bj-env-a3-101"),
        "dec": lambda recs: _upgraded(_swap(recs, "sh-acc-s5735", "sh-core-ce6881")),
    }
    runs = []
    with History(folder / "history.sqlite") as history:
        for run_id, change in variants.items():
            bundle = write_bundle(folder / "bundles" / run_id, change(read_bundle(recorded)),
                                  source="test")
            output = replay(bundle, folder / "runs", run_id)
            run = output.run.model_copy(update={"started": STARTS[run_id],
                                                "ended": STARTS[run_id] + timedelta(minutes=9)})
            history.record(run, output.folder)
            runs.append(run)
    return folder / "history.sqlite", runs


def _summary(db: Path, out: Path, lang: str, *extra: str) -> dict[str, Path]:
    result = runner.invoke(app, ["summary", "--from", "2026-09-01", "--to", "2026-12-31",
                                 "--history", str(db), "--out", str(out), "--lang", lang,
                                 *SETTINGS, *extra])
    assert result.exit_code == 0, result.output
    return {p.suffix[1:]: p for p in out.iterdir() if p.name.startswith("service-summary.")}


@pytest.fixture(scope="module", params=["zh", "en"])
def rendered(request: pytest.FixtureRequest, store: tuple[Path, list[Run]],
             tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Path]]:
    db, _ = store
    with History(db) as history:  # the engineer's tracker edit: an owner and a due date
        if not load_assignments(history):
            view_ids = _open_problem_ids(history)
            save_assignments(history, {view_ids[0]: Assignment("李工", date(2026, 12, 20),
                                                                "待备件")})
    lang: str = request.param
    return lang, _summary(db, tmp_path_factory.mktemp(f"summary-{lang}"), lang,
                          "--conclusion-text", "设备运行总体正常。" if lang == "zh" else
                          "The devices ran normally.")


def _open_problem_ids(history: History) -> list[str]:
    from inspector.report.meta import ReportMeta  # noqa: PLC0415
    from inspector.report.period import build_summary  # noqa: PLC0415

    view = build_summary(history, date(2026, 9, 1), date(2026, 12, 31), ReportMeta())
    return [row.id for row in view.open_rows]


def test_every_format_is_written(rendered: tuple[str, dict[str, Path]]) -> None:
    _, paths = rendered
    assert set(paths) == {"pdf", "html", "xlsx", "md"}
    assert paths["pdf"].read_bytes().startswith(b"%PDF")


def test_the_pdf_holds_every_section(rendered: tuple[str, dict[str, Path]]) -> None:
    lang, paths = rendered
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed")
    text = subprocess.run(["pdftotext", str(paths["pdf"]), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    missing = [w for w in WORDS[lang] if " ".join(w.split()) not in flat]
    assert not missing, missing


def test_the_counts_follow_problems_not_runs(store: tuple[Path, list[Run]]) -> None:
    from inspector.problems import occurrences  # noqa: PLC0415
    from inspector.report.meta import ReportMeta  # noqa: PLC0415
    from inspector.report.period import build_summary  # noqa: PLC0415

    db, runs = store
    seen = {o.id for run in runs for o in occurrences(run.findings)}
    with History(db) as history:
        view = build_summary(history, date(2026, 9, 1), date(2026, 12, 31), ReportMeta())
    assert len(view.stats.problems) == len(seen)  # not the sum over the three runs
    assert sum(len(occurrences(r.findings)) for r in runs) > len(seen)
    assert [s.done for s in view.slots] == [True, True, False, True]
    # The swapped switch's faults are gone for good; the sensor that did not answer in
    # October (a problem of its own) answered again in December. Its other problem was not
    # resolved by October's run, which could not see it.
    resolved = {(r.device, r.resolved) for r in view.resolved_rows}
    assert {device for device, _ in resolved} == {"sh-acc-s5735", "bj-env-a3-101"}
    assert {day for _, day in resolved} == {"2026-12-10"}
    env_problems = [p for p in view.stats.problems if p.device == "bj-env-a3-101"]
    assert any(p.open and p.runs == ["sep", "dec"] for p in env_problems)
    assert {r.device for r in view.recurring_rows} == {"gz-acc-s5130"}
    env = next(a for a in view.availability if a.device == "bj-env-a3-101")
    assert (env.answered, env.included) == (2, 3)
    assert any(c.device == "sh-core-ce6881" and c.after == "V200R022C00SPC500"
               for c in view.changes)
    drawn = {t.metric: {s.device for s in t.series} for t in view.trends}
    assert "bj-ups-2000g" in drawn["ups_charge"] and drawn["temperature"]


def test_the_document_is_in_its_language(rendered: tuple[str, dict[str, Path]],
                                         store: tuple[Path, list[Run]]) -> None:
    lang, paths = rendered
    _, runs = store
    # The checks' own sentences (rules.yaml) are the rule pack's to word: the run report's
    # language test holds them; here they are values like the devices' names.
    said = {getattr(f, f"{field}_{lang}") for run in runs for f in run.findings
            for field in ("message", "recommendation")}
    ours = {"S-20260901-20261231", "李工", "待备件", "The devices ran normally."}
    data = sorted({v for run in runs for v in values(run, SETTINGS)} | said | ours, key=len,
                  reverse=True)
    check = english_words if lang == "zh" else chinese_words
    wrong = check(visible_html(paths["html"]), data)
    assert not wrong, sorted({word for word, _ in wrong})
    book = load_workbook(paths["xlsx"])
    assert len(book.sheetnames) >= 10
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for v in row if isinstance(v, str)]
    wrong = check([*book.sheetnames, *cells], data)
    assert not wrong, sorted({word for word, _ in wrong})
