"""Migrations build exactly the tables the code describes, and go down cleanly."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data.store.db import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    migrate,
)
from data.store.schema import metadata


def _not_search_index(obj, name, type_, reflected, compare_to) -> bool:
    """The text-search index of migration 0004 lives outside data/schema.py on purpose."""
    return not (name or "").startswith(("actions_fts", "ix_actions_texte_trgm"))


def test_upgrade_matches_schema_and_downgrade_empties(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _not_search_index})
        diff = compare_metadata(context, metadata)
    assert diff == []
    migrate(engine)  # idempotent
    downgrade(engine, "base")
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert "actions" in sa.inspect(engine).get_table_names()
