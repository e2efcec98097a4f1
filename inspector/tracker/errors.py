"""The tracker's one error: a sheet or a stored table that cannot be used as given."""

from __future__ import annotations

from inspector.errors import ConfigurationError


class TrackerError(ConfigurationError):
    """A tracker sheet to import (each bad cell named by row and column) or a run's
    tracker.json cannot be used; nothing was stored (exit 3)."""
