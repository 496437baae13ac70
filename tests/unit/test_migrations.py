"""Migrations build exactly the tables the code describes, and go down cleanly."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data.db import current_revision, downgrade, head_revision, make_engine, migrate
from data.schema import metadata


def test_upgrade_matches_schema_and_downgrade_empties(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    migrate(engine)  # idempotent
    downgrade(engine, "base")
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert "actions" in sa.inspect(engine).get_table_names()
