"""PDF from the report HTML with WeasyPrint (CSS paged media)."""

from __future__ import annotations

import ctypes.util
import logging
from pathlib import Path

from inspector.report.errors import ReportError

log = logging.getLogger(__name__)
SYSTEM_LIBS_HINT = (
    "WeasyPrint cannot load its system libraries; install pango and HarfBuzz, e.g. "
    "`sudo apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`, or write "
    "HTML only (--format html)"
)


def weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401, PLC0415 - probing the system libraries
    except OSError:
        return False
    return True


def write_pdf(html: str, path: Path, base_url: Path) -> int:
    """Write the PDF; return its number of pages."""
    try:
        from weasyprint import HTML  # noqa: PLC0415 - loads pango; fails without it
    except OSError as exc:
        raise ReportError(f"{SYSTEM_LIBS_HINT} ({exc})") from None
    if ctypes.util.find_library("harfbuzz-subset") is None:
        # Without it WeasyPrint still works, but takes seconds per page to subset fonts.
        log.warning("libharfbuzz-subset0 is missing: PDF rendering will be very slow")
    document = HTML(string=html, base_url=str(base_url)).render()
    document.write_pdf(path)
    return len(document.pages)
