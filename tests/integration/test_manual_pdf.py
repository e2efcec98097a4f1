"""The manual checks in a real PDF (WeasyPrint): the engineer's sheet, filled as on site with a
photo beside it, read into a replayed lab run through the command line; the 人工检查 section's
text read back with pdftotext and the photo found in the page, scaled."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.profiles import LAB_BUNDLE
from inspector.manual import load_items
from inspector.manual.export import export_checklist
from inspector.store.bundle import read_bundle

runner = CliRunner()


def _filled_sheet(folder: Path) -> Path:
    sheet = folder / "checklist.xlsx"
    export_checklist([r.device for r in read_bundle(LAB_BUNDLE)], load_items(), sheet, "zh")
    (folder / "photos").mkdir()
    # A camera-sized photo: the PDF must carry it scaled, not at 3000 pixels.
    Image.new("RGB", (3000, 2000), (30, 90, 160)).save(folder / "photos" / "ups-battery.png")
    workbook = load_workbook(sheet)
    ws = workbook.worksheets[1]
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "room.water" and not row[1].value:
            row[8].value = "正常"
        if row[3].value == "device.indicators" and row[1].value == "sh-core-ce6881":
            row[8].value = "异常"
            row[9].value = "电源模块 PWR2 指示灯红色常亮"
            row[10].value = "photos/ups-battery.png"
    workbook.save(sheet)
    return sheet


@pytest.mark.slow
def test_the_pdf_shows_the_manual_checks_with_the_photo(tmp_path: Path) -> None:
    if not (shutil.which("pdftotext") and shutil.which("pdfimages")):
        pytest.skip("poppler-utils (pdftotext, pdfimages) not installed")
    sheet = _filled_sheet(tmp_path)
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--manual", str(sheet),
                                 "--out", str(tmp_path / "reports"), "--run-id", "m1",
                                 "--format", "pdf", "--no-history"])
    assert result.exit_code in (0, 1), result.output
    pdf = tmp_path / "reports" / "m1" / "report.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "五、人工检查" in text
    assert "电源模块 PWR2 指示灯红色常亮" in text
    assert "人工检查异常：指示灯" in text  # listed with the findings
    # The caption under the photo (the font may give its middle dot as a bullet).
    assert re.search(r"指示灯 [·•] photos/ups-battery\.png", text)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True,
                            capture_output=True, text=True).stdout
    sizes = [(int(m[1]), int(m[2])) for m in re.finditer(
        r"^\s*\d+\s+\d+\s+image\s+(\d+)\s+(\d+)", images, re.MULTILINE)]
    assert (1024, 683) in sizes  # the photo, scaled to its longest side
    # `inspector report` renders it again from the run folder's copy, in English.
    again = runner.invoke(app, ["report", str(tmp_path / "reports" / "m1"), "--lang", "en",
                                "--format", "pdf", "--out", str(tmp_path / "en")])
    assert again.exit_code == 0, again.output
    english = subprocess.run(["pdftotext", str(tmp_path / "en" / "report.pdf"), "-"],
                             check=True, capture_output=True, text=True).stdout
    assert "5. Manual checks" in english
    assert re.search(r"Indicator lights [·•] photos/ups-battery\.png", english)
