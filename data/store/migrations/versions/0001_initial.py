"""Initial tables: fiches, actions and their links.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _link_table(name: str, column: sa.Column, *extra: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
        column,
        *extra,
    )


def upgrade() -> None:
    op.create_table(
        "fiches",
        sa.Column("numero", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("statut", sa.String(20), nullable=False),
        sa.Column("titre", sa.Text),
        sa.Column("partie", sa.Text),
        sa.Column("resume", sa.Text),
        sa.Column("mots_cles", sa.JSON, nullable=False),
        sa.Column("source", sa.Text),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("external_id", sa.String(120), nullable=False, unique=True),
        sa.Column("titre", sa.Text, nullable=False),
        sa.Column("resume", sa.Text, nullable=False),
        sa.Column("niveau_lieu", sa.String(20), nullable=False),
        sa.Column("code_lieu", sa.String(20), nullable=False),
        sa.Column("commune", sa.String(5)),
        sa.Column("epci", sa.String(9)),
        sa.Column("departement", sa.String(3)),
        sa.Column("region", sa.String(2)),
        sa.Column("note_lieu", sa.Text),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("annee_debut", sa.Integer),
        sa.Column("annee_fin", sa.Integer),
        sa.Column("porteurs", sa.JSON, nullable=False),
        sa.Column("provenance", sa.String(20), nullable=False),
        sa.Column("origine", sa.String(20), nullable=False),
        sa.Column("statut", sa.String(20), nullable=False),
        sa.Column("confiance", sa.String(1)),
        sa.Column("illustration", sa.String(60)),
        sa.Column("texte_recherche", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("commune", "epci", "departement", "region", "statut"):
        op.create_index(f"ix_actions_{column}", "actions", [column])
    _link_table(
        "action_fiches",
        sa.Column("fiche_numero", sa.Integer, primary_key=True),
        sa.Column("origine", sa.String(20), nullable=False),
    )
    op.create_index("ix_action_fiches_fiche_numero", "action_fiches", ["fiche_numero"])
    _link_table("action_methodes", sa.Column("methode", sa.String(60), primary_key=True))
    op.create_index("ix_action_methodes_methode", "action_methodes", ["methode"])
    _link_table("action_publics", sa.Column("public", sa.String(60), primary_key=True))
    op.create_index("ix_action_publics_public", "action_publics", ["public"])
    _link_table(
        "action_sources",
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("titre", sa.Text, nullable=False),
    )
    op.create_table(
        "atlas_meta",
        sa.Column("cle", sa.String(60), primary_key=True),
        sa.Column("valeur", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("atlas_meta", "action_sources", "action_publics", "action_methodes", "action_fiches", "actions", "fiches"):
        op.drop_table(table)
