"""Indicators of social development: catalogue and values per territory.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicateurs",
        sa.Column("code", sa.String(80), primary_key=True),
        sa.Column("libelle", sa.Text, nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("unite", sa.String(40), nullable=False),
        sa.Column("famille", sa.String(40), nullable=False),
        sa.Column("origine", sa.String(20), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_url", sa.Text),
        sa.Column("millesime", sa.String(40)),
        sa.Column("agregation", sa.String(20), nullable=False),
        sa.Column("spec", sa.JSON, nullable=False),
        sa.Column("fiches", sa.JSON, nullable=False),
        sa.Column("illustration", sa.String(60)),
        sa.Column("lien_fiches", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "indicateur_valeurs",
        sa.Column("indicateur", sa.String(80), sa.ForeignKey("indicateurs.code", ondelete="CASCADE"), primary_key=True),
        sa.Column("niveau", sa.String(20), primary_key=True),
        sa.Column("code", sa.String(20), primary_key=True),
        sa.Column("millesime", sa.String(40), primary_key=True),
        sa.Column("valeur", sa.Float),
    )
    op.create_index("ix_indicateur_valeurs_niveau_code", "indicateur_valeurs", ["niveau", "code"])


def downgrade() -> None:
    op.drop_table("indicateur_valeurs")
    op.drop_table("indicateurs")
