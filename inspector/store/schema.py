"""The history's tables, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

Times are ISO-8601 text, as the store has always kept them (they sort as they read);
`snapshot` and `finding` hold the models' JSON, the columns beside them what queries filter
on. The migrations (store/migrations) create exactly these; a change here is a new revision
there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    cast,
    func,
)
from sqlalchemy.dialects.postgresql import JSON

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("run_id", Text, primary_key=True),
    Column("started", Text, nullable=False),
    Column("ended", Text),
    Column("mode", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("folder", Text, nullable=False),
    Column("complete", Integer, nullable=False, server_default="0"),
    Column("inventory", Text, nullable=False, server_default=""),
)

devices = Table(
    "devices", metadata,
    Column("run_id", Text, ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("platform", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("snapshot", Text, nullable=False),
    Index("devices_name", "name", "run_id"),
)

findings = Table(
    "findings", metadata,
    Column("run_id", Text, ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=False),
    Column("device", Text, nullable=False),
    Column("check_id", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("severity", Text),
    Column("passed", Integer, nullable=False),
    Column("not_checked", Text),
    Column("observed", Text),
    Column("finding", Text, nullable=False),
    Index("findings_run", "run_id", "device"),
)

# The engineer's assignments of problems (inspector/tracker/assignments.py).
assignments = Table(
    "assignments", metadata,
    Column("problem_id", Text, primary_key=True),
    Column("owner", Text, nullable=False),
    Column("due", Text),
    Column("note", Text, nullable=False),
    Column("updated", Text, nullable=False),
)

# The configuration archive's index (inspector/configs/store.py); its rows outlive runs.
config_archive = Table(
    "config_archive", metadata,
    Column("run_id", Text, primary_key=True),
    Column("device", Text, primary_key=True),
    Column("platform", Text, nullable=False),
    Column("started", Text, nullable=False),
    Column("file", Text, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("config", LargeBinary, nullable=False),
    Index("config_archive_device", "device", "started"),
)


def not_folded(dialect: str) -> ColumnElement[Any]:
    """A finding that is not a fact folded into another finding of the same fault
    (its JSON has no `part_of`): the one that is counted."""
    if dialect == "postgresql":
        # json, not jsonb: jsonb refuses a \u0000 that device output may have put in the text
        folded: ColumnElement[Any] = cast(findings.c.finding, JSON)["part_of"].astext
        return folded.is_(None)
    return func.json_extract(findings.c.finding, "$.part_of").is_(None)
