"""Sign-in attempts counted in the database (shared by every app replica).

- ``tentatives_connexion``: one row per local sign-in attempt that reached the
  password check (failed or successful), with the normalised identifier and the
  client address (an IPv6 address is kept as its /64 network). Failures drive the
  progressive slow-down of ``data/accounts/throttle.py``; successes tell which
  addresses an account recently signed in from. Rows are pruned after their
  retention period by the throttle itself.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tentatives_connexion",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("horodatage", sa.DateTime(timezone=True), nullable=False),
        sa.Column("identifiant", sa.String(200), nullable=False),
        sa.Column("adresse", sa.String(64)),
        sa.Column("reussie", sa.Boolean, nullable=False),
    )
    op.create_index("ix_tentatives_identifiant", "tentatives_connexion", ["identifiant", "horodatage"])
    op.create_index("ix_tentatives_adresse", "tentatives_connexion", ["adresse", "horodatage"])
    op.create_index("ix_tentatives_horodatage", "tentatives_connexion", ["horodatage"])


def downgrade() -> None:
    op.drop_index("ix_tentatives_horodatage", table_name="tentatives_connexion")
    op.drop_index("ix_tentatives_adresse", table_name="tentatives_connexion")
    op.drop_index("ix_tentatives_identifiant", table_name="tentatives_connexion")
    op.drop_table("tentatives_connexion")
