"""Indexed free-text search of actions.

SQLite: an FTS5 table with the trigram tokenizer, kept in step with
``actions.texte_recherche`` by triggers, so ``LIKE '%term%'`` becomes an index
lookup. PostgreSQL: a trigram GIN index (extension pg_trgm), which serves
``LIKE '%term%'`` directly. Composite indexes cover the usual map queries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE actions_fts USING fts5(texte_recherche, content='actions', content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER actions_fts_insert AFTER INSERT ON actions BEGIN
         INSERT INTO actions_fts(rowid, texte_recherche) VALUES (new.id, new.texte_recherche);
       END""",
    """CREATE TRIGGER actions_fts_delete AFTER DELETE ON actions BEGIN
         INSERT INTO actions_fts(actions_fts, rowid, texte_recherche) VALUES ('delete', old.id, old.texte_recherche);
       END""",
    """CREATE TRIGGER actions_fts_update AFTER UPDATE OF texte_recherche ON actions BEGIN
         INSERT INTO actions_fts(actions_fts, rowid, texte_recherche) VALUES ('delete', old.id, old.texte_recherche);
         INSERT INTO actions_fts(rowid, texte_recherche) VALUES (new.id, new.texte_recherche);
       END""",
    "INSERT INTO actions_fts(actions_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS actions_fts_update",
    "DROP TRIGGER IF EXISTS actions_fts_delete",
    "DROP TRIGGER IF EXISTS actions_fts_insert",
    "DROP TABLE IF EXISTS actions_fts",
]


def upgrade() -> None:
    bind = op.get_bind()
    op.create_index("ix_actions_statut_titre", "actions", ["statut", "titre"])
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_actions_texte_trgm ON actions USING gin (texte_recherche gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_actions_texte_trgm")
    op.drop_index("ix_actions_statut_titre", table_name="actions")
