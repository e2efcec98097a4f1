"""The one exception the report stage raises for problems the user can fix."""

from __future__ import annotations

from inspector.errors import InspectorError


class ReportError(InspectorError, RuntimeError):
    """A report that cannot be written as asked (no CJK font, bad metadata, unreadable run).

    The message says what to do; the CLI turns it into exit code 3.
    """
