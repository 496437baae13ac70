"""Contributions: accounts, drafts, audit log, new action columns.

- ``comptes``: local accounts (argon2 hash) and the OIDC allow-list (no hash);
- ``brouillons``: working copies of the contribution form, saved as soon as
  they have a title (a new action, or an edit of an existing one);
- ``journal``: audit log (who, when, what, before/after);
- ``actions``: exact dates, the structure's contact, refusal reason, authors.

Only columns are *added* to ``actions`` (no table rebuild on SQLite, whose
``DROP TABLE`` would cascade to the link tables).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NEW_ACTION_COLUMNS = (
    ("date_debut", sa.Date),
    ("date_fin", sa.Date),
    ("contact_structure", sa.Text),
    ("contact_email", sa.Text),
    ("contact_telephone", sa.String(40)),
    ("motif_refus", sa.Text),
    ("created_by", sa.String(200)),
    ("updated_by", sa.String(200)),
)


def upgrade() -> None:
    for name, type_ in NEW_ACTION_COLUMNS:
        op.add_column("actions", sa.Column(name, type_))
    op.create_table(
        "comptes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("identifiant", sa.String(200), nullable=False, unique=True),
        sa.Column("nom", sa.Text, nullable=False, server_default=""),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("mot_de_passe", sa.String(255)),
        sa.Column("actif", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "brouillons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("auteur", sa.String(200), nullable=False),
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id")),
        sa.Column("version_action", sa.Integer),
        sa.Column("titre", sa.Text, nullable=False),
        sa.Column("saisie", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,  # a deleted draft's id is never given to another draft
    )
    op.create_index("ix_brouillons_auteur", "brouillons", ["auteur"])
    op.create_index("ix_brouillons_action_id", "brouillons", ["action_id"])
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("horodatage", sa.DateTime(timezone=True), nullable=False),
        sa.Column("auteur", sa.String(200), nullable=False),
        sa.Column("objet", sa.String(20), nullable=False),
        sa.Column("objet_id", sa.Integer),
        sa.Column("operation", sa.String(40), nullable=False),
        sa.Column("avant", sa.JSON),
        sa.Column("apres", sa.JSON),
    )
    op.create_index("ix_journal_objet", "journal", ["objet", "objet_id"])


def downgrade() -> None:
    op.drop_index("ix_journal_objet", table_name="journal")
    op.drop_table("journal")
    op.drop_index("ix_brouillons_action_id", table_name="brouillons")
    op.drop_index("ix_brouillons_auteur", table_name="brouillons")
    op.drop_table("brouillons")
    op.drop_table("comptes")
    # ALTER TABLE … DROP COLUMN (SQLite >= 3.35, PostgreSQL): no table rebuild.
    for name, _type in reversed(NEW_ACTION_COLUMNS):
        op.drop_column("actions", name)
