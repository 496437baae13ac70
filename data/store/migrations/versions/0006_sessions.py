"""Signed-in sessions of local accounts, revocable on the server.

``sessions_connexion``: one row per sign-in. ``jeton`` and ``ticket`` hold SHA-256
digests (never the secrets themselves): the browser's cookie carries the token, the
one-time ticket hands the sign-in made in the page over to the app server, which
sets the cookie. ``revoque_at`` / ``motif``: sign-out, account deactivated, password
or role changed, idle limit.

Revision ID: 0006_sessions
Revises: 0005
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sessions"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions_connexion",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("compte_id", sa.Integer, sa.ForeignKey("comptes.id"), nullable=False),
        sa.Column("jeton", sa.String(64), unique=True),
        sa.Column("ticket", sa.String(64), unique=True),
        sa.Column("ticket_expire_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vu_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoque_at", sa.DateTime(timezone=True)),
        sa.Column("motif", sa.String(40)),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sessions_connexion_compte_id", "sessions_connexion", ["compte_id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_connexion_compte_id", table_name="sessions_connexion")
    op.drop_table("sessions_connexion")
