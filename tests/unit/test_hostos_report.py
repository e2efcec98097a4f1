"""The report's 操作系统 section and sheets, from the lab's two Linux hosts replayed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from inspector.lab.profiles import recordings
from inspector.pipeline import RunOutput, replay
from inspector.report.render import render_reports
from inspector.store.bundle import write_bundle


@pytest.fixture(scope="module")
def linux_run(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    folder = tmp_path_factory.mktemp("linux")
    hosts = [r for r in recordings() if r.device.platform == "linux"]
    bundle = write_bundle(folder / "bundle", hosts, source="lab")
    return replay(bundle, folder / "runs", run_id="linux")


@pytest.mark.parametrize(("lang", "section", "sheets", "failed"), [
    ("zh", "操作系统", ["操作系统", "文件系统"], "服务失败"),
    ("en", "Operating system", ["Operating system", "Filesystems"], "service failed"),
])
def test_the_section_and_sheets_show_each_host(linux_run: RunOutput, tmp_path: Path,
                                               lang: str, section: str, sheets: list[str],
                                               failed: str) -> None:
    paths = render_reports(linux_run.run, tmp_path, formats=("html", "xlsx"), lang=lang)
    html = paths["html"].read_text(encoding="utf-8")
    part = html[html.index('id="hostos"'):]
    part = part[:part.index("</section>")]
    assert section in part
    for expected in ("wh-web-rhel8", "wh-db-kylin10", "/var", "96%", "kdump",
                     "md126", "ens1f1", "/dev/sdb", failed):
        assert expected in part, expected
    book = openpyxl.load_workbook(paths["xlsx"])
    assert set(sheets) <= set(book.sheetnames)
    hosts = [[c.value for c in row] for row in book[sheets[0]].iter_rows()]
    assert {row[0] for row in hosts[1:]} == {"wh-web-rhel8", "wh-db-kylin10"}
    mounts = [[c.value for c in row] for row in book[sheets[1]].iter_rows()]
    assert mounts[[r[1] for r in mounts].index("/var")][:3] == ["wh-web-rhel8", "/var", "xfs"]


@pytest.mark.parametrize(("lang", "degraded"), [("zh", "降级 (Dgrd)"), ("en", "degraded (Dgrd)")])
def test_a_degraded_raid_volume_is_listed_with_the_tools_word(linux_run: RunOutput,
                                                              tmp_path: Path, lang: str,
                                                              degraded: str) -> None:
    from inspector.report.fmt import Formatter  # noqa: PLC0415
    from inspector.report.hostos import build_hostos  # noqa: PLC0415
    from inspector.report.i18n import Translator  # noqa: PLC0415

    view = build_hostos(linux_run.run.devices, Formatter(Translator(lang)))
    assert view is not None
    rows = {(r.cells[0], r.cells[1]): (r.cells[2], r.status) for r in view.problems}
    assert rows[("wh-web-rhel8", "/c0/v1")] == (degraded, "critical")
    # An optimal volume or a drive that is online is not a problem.
    assert not any(r.cells[2].endswith(("(Optl)", "(Onln)")) for r in view.problems)


def test_no_section_without_a_linux_host(tmp_path: Path) -> None:
    from inspector.report.fmt import Formatter  # noqa: PLC0415
    from inspector.report.hostos import build_hostos  # noqa: PLC0415
    from inspector.report.i18n import Translator  # noqa: PLC0415

    assert build_hostos([], Formatter(Translator("en"))) is None
