"""Data versions kept in the ``atlas_meta`` table, so every server process sees a change."""
from __future__ import annotations

import sqlalchemy as sa

from data.store import schema


def bump(conn: sa.Connection, key: str) -> None:
    """Add one to the version ``key`` inside the caller's write transaction."""
    meta = schema.meta
    current = conn.execute(sa.select(meta.c.valeur).where(meta.c.cle == key)).scalar()
    if current is None:
        conn.execute(sa.insert(meta).values(cle=key, valeur="1"))
    else:
        conn.execute(sa.update(meta).where(meta.c.cle == key).values(valeur=str(int(current) + 1)))


def read(engine: sa.Engine, key: str) -> int:
    """The current version ``key`` (0 before the first change)."""
    with engine.connect() as conn:
        value = conn.execute(sa.select(schema.meta.c.valeur).where(schema.meta.c.cle == key)).scalar()
    return int(value) if value is not None else 0
