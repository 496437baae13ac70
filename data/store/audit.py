"""The audit log (``journal`` table): who changed what, when, before and after.

Entries are written in the same transaction as the change they describe, so a
change is never stored without its entry (and an entry never without its change).
Passwords and hashes are never logged; for actions, only the changed fields are
kept, before and after.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from data.store import schema


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    id: int
    horodatage: dt.datetime
    auteur: str
    objet: str
    objet_id: int | None
    operation: str
    avant: dict[str, Any] | None
    apres: dict[str, Any] | None


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value differs, as (before, after) dictionaries."""
    keys = [k for k in after if _jsonable(before.get(k)) != _jsonable(after.get(k))]
    return {k: _jsonable(before.get(k)) for k in keys}, {k: _jsonable(after.get(k)) for k in keys}


def record(
    conn: sa.Connection,
    auteur: str,
    objet: str,
    objet_id: int | None,
    operation: str,
    avant: dict[str, Any] | None,
    apres: dict[str, Any] | None,
) -> None:
    """Write one entry inside the caller's transaction."""
    conn.execute(
        sa.insert(schema.journal).values(
            horodatage=dt.datetime.now(dt.timezone.utc),
            auteur=auteur or "?",
            objet=objet,
            objet_id=objet_id,
            operation=operation,
            avant=_jsonable(avant) if avant is not None else None,
            apres=_jsonable(apres) if apres is not None else None,
        )
    )


def entries(engine: sa.Engine, objet: str, objet_id: int | None = None, limit: int = 500) -> list[AuditEntry]:
    """Entries about one object (or one kind of object), newest first."""
    j = schema.journal.c
    query = sa.select(schema.journal).where(j.objet == objet)
    if objet_id is not None:
        query = query.where(j.objet_id == objet_id)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(j.id.desc()).limit(limit)).all()
    return [
        AuditEntry(r.id, r.horodatage, r.auteur, r.objet, r.objet_id, r.operation, r.avant, r.apres) for r in rows
    ]
