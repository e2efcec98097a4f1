"""The report settings `run`, `import-log` and `report` take on the command line: they
override the inventory's `report:` section (see inspector/report/meta.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from inspector.errors import ConfigurationError, InputError
from inspector.fileio import read_bytes

TimezoneOption = Annotated[str | None, typer.Option(
    "--timezone", help="Time zone every time in the report is shown in (an IANA name such "
                       "as Asia/Shanghai or UTC). Default: the inventory's, else Asia/Shanghai.")]
EngineerOption = Annotated[list[str] | None, typer.Option(
    "--engineer", help="Inspection engineer (repeat for several).")]
ConclusionFileOption = Annotated[Path | None, typer.Option(
    "--conclusion", metavar="FILE",
    help="A text file with the engineer's overall conclusion (总体结论).")]
ConclusionTextOption = Annotated[str | None, typer.Option(
    "--conclusion-text", help="The overall conclusion, written here.")]
RecommendationsFileOption = Annotated[Path | None, typer.Option(
    "--recommendations", metavar="FILE",
    help="A text file with the engineer's recommendations (建议).")]
RecommendationsTextOption = Annotated[str | None, typer.Option(
    "--recommendations-text", help="The recommendations, written here.")]


def read_text_file(path: Path, option: str) -> str:
    """A text file as engineers save it: UTF-8 (with or without a BOM), else GB18030, the
    encoding Chinese Windows editors write."""
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise InputError(f"{option} {path}: {exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding).strip()
        except UnicodeDecodeError:
            continue
    raise InputError(f"{option} {path}: not a text file (UTF-8 or GB18030)")


def _text(file: Path | None, text: str | None, name: str) -> str | None:
    if file is not None and text is not None:
        raise ConfigurationError(f"--{name} and --{name}-text: give one of them")
    return read_text_file(file, f"--{name}") if file is not None else text


def meta_overrides(*, timezone: str | None = None, engineer: list[str] | None = None,
                   conclusion: Path | None = None, conclusion_text: str | None = None,
                   recommendations: Path | None = None,
                   recommendations_text: str | None = None) -> dict[str, Any]:
    """ReportMeta fields from the command line; None = not given (the inventory's stays)."""
    return {
        "timezone": timezone, "engineer": engineer or None,
        "conclusion": _text(conclusion, conclusion_text, "conclusion"),
        "recommendations": _text(recommendations, recommendations_text, "recommendations"),
    }
