"""Drafts (table ``brouillons``): what a person typed, kept as soon as it has a title.

A draft keeps the saisie as typed, invalid values included (its personal data
masked): nothing typed is ever lost. A draft is a new action, or a working copy of
an existing action (``action_id`` and the ``version_action`` it started from).
Only its author sees or changes it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from data import textes
from data.accounts.roles import User, can
from data.actions.fields import clean_saisie, redact_saisie, saisie_from_action
from data.actions.repository import ActionRepository, utc_now
from data.actions.validation import TITLE_MAX
from data.store import schema
from data.store.audit import record
from data.store.db import write_transaction
from data.validation import clean_text


@dataclass(frozen=True)
class Draft:
    """A saved draft."""

    id: int
    auteur: str
    titre: str
    saisie: dict[str, Any]
    action_id: int | None
    version_action: int | None
    updated_at: dt.datetime


class DraftStore(ActionRepository):
    """Drafts on top of the action tables (every write audited in its transaction)."""

    def save_draft(
        self,
        user: User,
        saisie: dict[str, Any],
        draft_id: int | None = None,
        action_id: int | None = None,
        version_action: int | None = None,
    ) -> Draft | None:
        """Create or update a draft as typed (None when there is no title yet).

        Only the draft's author may update it; a draft id of someone else starts
        a new draft rather than touching theirs.
        """
        if not can(user, "contribute"):
            raise PermissionError(textes.ROLE_INSUFFISANT)
        data = redact_saisie(clean_saisie(saisie))
        title = clean_text(data.get("titre"))
        if not title:
            return None
        now = utc_now()
        b = schema.brouillons.c
        with write_transaction(self.engine) as conn:
            if draft_id is not None:
                updated = conn.execute(
                    sa.update(schema.brouillons)
                    .where(b.id == draft_id, b.auteur == user.identifiant)
                    .values(titre=title[:TITLE_MAX], saisie=data, updated_at=now, version=b.version + 1)
                )
                if updated.rowcount == 1:
                    return self._draft(conn, draft_id)
            new_id = conn.execute(
                sa.insert(schema.brouillons).values(
                    auteur=user.identifiant,
                    action_id=action_id,
                    version_action=version_action,
                    titre=title[:TITLE_MAX],
                    saisie=data,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]
            record(conn, user.identifiant, "brouillon", new_id, "creation", None, {"action_id": action_id})
            return self._draft(conn, new_id)

    def _draft(self, conn: sa.Connection, draft_id: int) -> Draft | None:
        row = conn.execute(sa.select(schema.brouillons).where(schema.brouillons.c.id == draft_id)).first()
        if row is None:
            return None
        return Draft(row.id, row.auteur, row.titre, dict(row.saisie), row.action_id, row.version_action, row.updated_at)

    def draft(self, user: User, draft_id: int) -> Draft | None:
        """A draft of ``user`` (None for a missing draft or someone else's)."""
        with self.engine.connect() as conn:
            found = self._draft(conn, draft_id)
        if found is None or not can(user, "edit_draft", found):
            return None
        return found

    def drafts_of(self, user: User) -> list[Draft]:
        """The drafts of ``user``, most recently changed first."""
        b = schema.brouillons.c
        with self.engine.connect() as conn:
            ids = conn.execute(
                sa.select(b.id).where(b.auteur == user.identifiant).order_by(b.updated_at.desc(), b.id.desc())
            ).scalars().all()
            drafts = [self._draft(conn, i) for i in ids]
        return [d for d in drafts if d is not None]

    def delete_draft(self, user: User, draft_id: int) -> bool:
        """Delete a draft of ``user``; True when one was deleted."""
        b = schema.brouillons.c
        with write_transaction(self.engine) as conn:
            deleted = conn.execute(sa.delete(schema.brouillons).where(b.id == draft_id, b.auteur == user.identifiant))
            if deleted.rowcount:
                record(conn, user.identifiant, "brouillon", draft_id, "suppression", None, None)
            return bool(deleted.rowcount)

    def open_edit(self, user: User, action_id: int) -> Draft | None:
        """A working copy (draft) to edit an existing action; reuses one already open."""
        full = self.full(action_id)
        if full is None or not can(user, "edit", {"created_by": full.created_by, "statut": full.statut}):
            return None
        b = schema.brouillons.c
        with self.engine.connect() as conn:
            existing = conn.execute(
                sa.select(b.id).where(b.auteur == user.identifiant, b.action_id == action_id).order_by(b.id.desc())
            ).scalar()
            if existing is not None:
                return self._draft(conn, existing)
        return self.save_draft(user, saisie_from_action(full), action_id=action_id, version_action=full.version)

    def rebase_draft(self, user: User, draft_id: int) -> Draft | None:
        """After a conflict, keep my text but start from the action's current version."""
        found = self.draft(user, draft_id)
        if found is None or found.action_id is None:
            return found
        full = self.full(found.action_id)
        if full is None:
            return found
        b = schema.brouillons.c
        with write_transaction(self.engine) as conn:
            conn.execute(sa.update(schema.brouillons).where(b.id == draft_id).values(version_action=full.version))
            return self._draft(conn, draft_id)
