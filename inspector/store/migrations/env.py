"""Alembic's environment: migrations run on the connection the caller opened (passed in
`config.attributes["connection"]`, inside its transaction), never from an alembic.ini."""

from __future__ import annotations

from alembic import context

from inspector.store.schema import metadata

connection = context.config.attributes["connection"]
# batch mode: SQLite changes a table by copying it, which plain ALTER cannot always do
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
