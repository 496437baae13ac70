"""Every migration upgrades and downgrades, one step at a time, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from data.store import schema
from data.store.db import (
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    migrate,
)
from tests.core.test_migrations import (
    _not_search_index,  # objects kept out of data/schema.py on purpose
)


def revisions() -> list[str]:
    """Revisions from the first to the head."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_each_step_up_and_down(db_url: str) -> None:
    engine = make_engine(db_url)
    steps = revisions()
    assert steps[:2] == ["0001", "0002"]
    for revision in steps:
        migrate(engine, revision)
        assert current_revision(engine) == revision
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _not_search_index})
        assert compare_metadata(context, schema.metadata) == []
    for previous in [*reversed(steps[:-1]), "base"]:
        downgrade(engine, previous)
        assert current_revision(engine) == (None if previous == "base" else previous)
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_0002_keeps_existing_actions_and_their_links(db_url: str) -> None:
    """Upgrading a database that already holds actions loses nothing (no table rebuild)."""
    engine = make_engine(db_url)
    migrate(engine, "0001")
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO actions (id, external_id, titre, resume, niveau_lieu, code_lieu, lat, lon, porteurs, "
                "provenance, origine, statut, texte_recherche, version, created_at, updated_at) VALUES "
                "(1, 'a', 'Titre', 'Résumé', 'commune', '47167', 44.0, 0.2, '[]', 'documentee', 'seed', 'publiee', 'x', 1, :now, :now)"
            ),
            {"now": now},
        )
        conn.execute(sa.text("INSERT INTO action_fiches (action_id, fiche_numero, origine) VALUES (1, 3, 'annexe')"))
    migrate(engine, "0002")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT titre, contact_structure FROM actions")).one() == ("Titre", None)
        assert conn.execute(sa.text("SELECT count(*) FROM action_fiches")).scalar_one() == 1
    downgrade(engine, "0001")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM action_fiches")).scalar_one() == 1
        assert "contact_structure" not in {c["name"] for c in sa.inspect(conn).get_columns("actions")}
    engine.dispose()
