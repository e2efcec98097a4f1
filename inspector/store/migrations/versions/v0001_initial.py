"""The store as it was before migrations: runs, devices, findings, the tracker's
assignments and the configuration archive.

A history.sqlite written before Alembic holds some or all of these already (with or
without `runs.inventory`, which the old code added by hand): what is there is kept, row
for row, and only what is missing is created. A new database gets everything.

Revision ID: v0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0001"
down_revision = None
branch_labels = None
depends_on = None


def _tables() -> dict[str, tuple[sa.Column[object] | sa.Constraint, ...]]:
    text, integer = sa.Text(), sa.Integer()
    return {
        "runs": (
            sa.Column("run_id", text, primary_key=True),
            sa.Column("started", text, nullable=False),
            sa.Column("ended", text),
            sa.Column("mode", text, nullable=False),
            sa.Column("source", text, nullable=False),
            sa.Column("folder", text, nullable=False),
            sa.Column("complete", integer, nullable=False, server_default="0"),
            sa.Column("inventory", text, nullable=False, server_default=""),
        ),
        "devices": (
            sa.Column("run_id", text, sa.ForeignKey("runs.run_id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("name", text, primary_key=True),
            sa.Column("platform", text, nullable=False),
            sa.Column("status", text, nullable=False),
            sa.Column("reason", text, nullable=False),
            sa.Column("snapshot", text, nullable=False),
        ),
        "findings": (
            sa.Column("run_id", text, sa.ForeignKey("runs.run_id", ondelete="CASCADE"),
                      nullable=False),
            sa.Column("device", text, nullable=False),
            sa.Column("check_id", text, nullable=False),
            sa.Column("category", text, nullable=False),
            sa.Column("severity", text),
            sa.Column("passed", integer, nullable=False),
            sa.Column("not_checked", text),
            sa.Column("observed", text),
            sa.Column("finding", text, nullable=False),
        ),
        "assignments": (
            sa.Column("problem_id", text, primary_key=True),
            sa.Column("owner", text, nullable=False),
            sa.Column("due", text),
            sa.Column("note", text, nullable=False),
            sa.Column("updated", text, nullable=False),
        ),
        "config_archive": (
            sa.Column("run_id", text, primary_key=True),
            sa.Column("device", text, primary_key=True),
            sa.Column("platform", text, nullable=False),
            sa.Column("started", text, nullable=False),
            sa.Column("file", text, nullable=False),
            sa.Column("sha256", text, nullable=False),
            sa.Column("config", sa.LargeBinary(), nullable=False),
        ),
    }


_INDEXES: dict[str, tuple[str, list[str]]] = {
    "findings_run": ("findings", ["run_id", "device"]),
    "devices_name": ("devices", ["name", "run_id"]),
    "config_archive_device": ("config_archive", ["device", "started"]),
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    present = set(inspector.get_table_names())
    for name, columns in _tables().items():
        if name not in present:
            op.create_table(name, *columns)
    if "runs" in present and "inventory" not in {
            c["name"] for c in inspector.get_columns("runs")}:
        op.add_column("runs", sa.Column("inventory", sa.Text(), nullable=False,
                                        server_default=""))
    for index, (table, indexed) in _INDEXES.items():
        if table not in present or index not in {
                i["name"] for i in inspector.get_indexes(table)}:
            op.create_index(index, table, indexed)


def downgrade() -> None:
    for index, (table, _) in _INDEXES.items():
        op.drop_index(index, table_name=table)
    for name in reversed(list(_tables())):
        op.drop_table(name)
