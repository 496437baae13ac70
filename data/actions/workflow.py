"""The review cycle of an action: brouillon → soumise → publiée / refusée → archivée.

* **Submitting** a draft validates it; a new action is inserted as ``soumise``; a
  working copy updates its action only if the action's version has not moved
  (optimistic locking). Otherwise nothing is written and a :class:`Conflict`
  gives both versions.
* **Review** moves an action between statuses (``roles.TRANSITIONS``), with the
  same version check. Every change writes an audit entry (the action's
  :func:`~data.actions.fields.snapshot`, or the fields it changed) in the same
  transaction.

Every write goes through :func:`data.store.db.write_transaction` (``BEGIN IMMEDIATE`` on
SQLite, bounded retries while locked); a database fault raises
:class:`data.store.db.DatabaseUnavailable` with a French message and nothing written.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data import textes
from data.accounts.roles import (
    ARCHIVED,
    MODERATOR,
    PUBLISHED,
    REFUSED,
    SUBMITTED,
    User,
    can,
    has_role,
)
from data.actions.drafts import Draft, DraftStore
from data.actions.fields import clean_saisie, snapshot
from data.actions.models import Action, StoredAction
from data.actions.repository import link_rows, record_values, utc_now
from data.actions.search import normalize
from data.actions.validation import REASON_MAX, Context, pii_errors, validate
from data.store import schema
from data.store.audit import AuditEntry, changed_fields, entries, record
from data.store.db import write_transaction
from data.validation import check_text, clean_text


@dataclass(frozen=True)
class Conflict:
    """Someone else changed the action since it was loaded: both versions, nothing written."""

    action_id: int
    saved: dict[str, Any]
    mine: dict[str, Any]
    saved_version: int
    saved_by: str | None
    saved_at: dt.datetime | None

    def differences(self) -> list[tuple[str, Any, Any]]:
        """(field, saved value, my value) for each of my fields that differs."""
        saved, mine = changed_fields(self.saved, self.mine)
        return [(name, saved[name], mine[name]) for name in mine]


@dataclass
class Outcome:
    """Result of a write: done, refused with errors, or refused by a conflict."""

    ok: bool
    action_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    conflict: Conflict | None = None
    message: str = ""


def _new_row(user: User, action: Action, now: dt.datetime) -> dict[str, Any]:
    return {
        "external_id": action.external_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "created_by": user.identifiant,
        "updated_by": user.identifiant,
        **record_values(action),
    }


class ContributionStore(DraftStore):
    """Drafts, submissions, review and the audit log, on top of the action tables."""

    # -- reading ------------------------------------------------------------------
    def by_external_id(self, external_id: str) -> int | None:
        """Id of the action with this external id."""
        a = schema.actions.c
        with self.engine.connect() as conn:
            return conn.execute(sa.select(a.id).where(a.external_id == external_id)).scalar()

    def existing_external_ids(self, candidates: list[str]) -> set[str]:
        """Which of these external ids are already stored."""
        a = schema.actions.c
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(candidates), 500):
                chunk = candidates[start : start + 500]
                found.update(conn.execute(sa.select(a.external_id).where(a.external_id.in_(chunk))).scalars())
        return found

    def queue(
        self,
        statuts: tuple[str, ...] = (SUBMITTED,),
        departement: str | None = None,
        origine: str | None = None,
        texte: str = "",
        auteur: str | None = None,
        limit: int = 2000,
    ) -> pd.DataFrame:
        """Actions for the moderators' queue (or one author's actions), newest first."""
        a = schema.actions.c
        columns = [
            "id", "titre", "statut", "origine", "provenance", "niveau_lieu", "code_lieu", "departement",
            "created_by", "updated_by", "updated_at", "version", "motif_refus",
        ]
        query = sa.select(*(a[name] for name in columns))
        if statuts:
            query = query.where(a.statut.in_(statuts))
        if departement:
            query = query.where(a.departement == departement)
        if origine:
            query = query.where(a.origine == origine)
        if auteur is not None:
            query = query.where(a.created_by == auteur)
        for term in normalize(texte).split():
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(a.texte_recherche.like(f"%{escaped}%", escape="\\"))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(a.updated_at.desc(), a.id.desc()).limit(limit)).all()
        return pd.DataFrame([r._asdict() for r in rows], columns=columns)

    def status_counts(self) -> dict[str, int]:
        """Number of actions per status."""
        a = schema.actions.c
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(a.statut, sa.func.count()).group_by(a.statut)).all())

    def audit(self, action_id: int) -> list[AuditEntry]:
        """The audit log of one action, newest first."""
        return entries(self.engine, "action", action_id)

    # -- submission --------------------------------------------------------------------
    def submit(self, user: User, draft_id: int, ctx: Context, saisie: dict[str, Any] | None = None) -> Outcome:
        """Validate a draft and write its action (new, or update with a version check).

        ``saisie`` is what the form holds now (the stored draft has its personal data
        masked, so the live text is the one checked); default: the stored draft.
        """
        found = self.draft(user, draft_id)
        if found is None:
            return Outcome(False, message=textes.BROUILLON_INTROUVABLE)
        if saisie is not None:
            found = replace(found, saisie=clean_saisie(saisie))
        external_id = f"form-{uuid.uuid4().hex}"
        if found.action_id is None:
            validation = validate(found.saisie, ctx, external_id)
            if not validation.ok:
                return Outcome(False, errors=validation.errors, message=textes.CONTRIB_A_CORRIGER)
            assert validation.contribution is not None
            action_id = self._insert(user, validation.contribution, draft_id)
            return Outcome(True, action_id=action_id, message=textes.CONTRIB_SOUMISE)
        full = self.full(found.action_id)
        if full is None:
            return Outcome(False, message=textes.ACTION_INTROUVABLE)
        if not can(user, "edit", {"created_by": full.created_by, "statut": full.statut}):
            return Outcome(False, message=textes.ROLE_INSUFFISANT)
        # Moderators keep the status; a contributor's change goes back to review.
        statut = full.statut if has_role(user, MODERATOR) else SUBMITTED
        validation = validate(found.saisie, ctx, full.external_id, origine=full.origine, statut=statut)
        if not validation.ok:
            return Outcome(False, errors=validation.errors, message=textes.CONTRIB_A_CORRIGER)
        assert validation.contribution is not None
        return self._update(user, full, found, validation.contribution)

    def _insert(self, user: User, action: Action, draft_id: int | None) -> int:
        with write_transaction(self.engine) as conn:
            action_id = conn.execute(sa.insert(schema.actions).values(**_new_row(user, action, utc_now()))).inserted_primary_key[0]
            self._write_links(conn, action_id, link_rows(action))
            record(conn, user.identifiant, "action", action_id, "creation", None, snapshot(action))
            if draft_id is not None:
                conn.execute(sa.delete(schema.brouillons).where(schema.brouillons.c.id == draft_id))
        return action_id

    def _conflict(self, action_id: int, mine: dict[str, Any]) -> Conflict:
        current = self.full(action_id)
        assert current is not None
        return Conflict(action_id, snapshot(current), mine, current.version, current.updated_by, current.updated_at)

    def _update(self, user: User, full: StoredAction, found: Draft, action: Action) -> Outcome:
        mine = snapshot(action, review=False)
        expected = found.version_action if found.version_action is not None else full.version
        if full.version != expected:
            return Outcome(False, conflict=self._conflict(full.id, mine), message=textes.CONFLIT_MESSAGE)
        values = record_values(action)
        # Where the action comes from and how it was documented never change on edit.
        for kept in ("origine", "provenance", "confiance", "illustration"):
            values.pop(kept)
        if action.statut != full.statut:
            values["motif_refus"] = None
        with write_transaction(self.engine) as conn:
            # The UPDATE comes first: it takes the write lock and checks the version.
            updated = conn.execute(
                sa.update(schema.actions)
                .where(schema.actions.c.id == full.id, schema.actions.c.version == expected)
                .values(version=expected + 1, updated_at=utc_now(), updated_by=user.identifiant, **values)
            )
            conflict = updated.rowcount != 1
            if not conflict:
                self._write_links(conn, full.id, link_rows(action))
                before, after = changed_fields(snapshot(full), snapshot(action))
                record(conn, user.identifiant, "action", full.id, "modification", before, after)
                conn.execute(sa.delete(schema.brouillons).where(schema.brouillons.c.id == found.id))
        if conflict:
            return Outcome(False, conflict=self._conflict(full.id, mine), message=textes.CONFLIT_MESSAGE)
        return Outcome(True, action_id=full.id, message=textes.CONTRIB_MODIFIEE)

    # -- review ----------------------------------------------------------------------------
    def transition(
        self, user: User, action_id: int, expected_version: int, target: str, motif: str | None = None
    ) -> Outcome:
        """Publish, refuse (with a reason) or archive an action, with a version check."""
        permission = {PUBLISHED: "publish", REFUSED: "refuse", ARCHIVED: "archive"}.get(target)
        full = self.full(action_id)
        if full is None or permission is None:
            return Outcome(False, message=textes.ACTION_INTROUVABLE)
        if not can(user, permission, {"statut": full.statut}):
            if not has_role(user, MODERATOR):
                return Outcome(False, message=textes.ROLE_INSUFFISANT)
            return Outcome(
                False,
                message=textes.MODERATION_TRANSITION_IMPOSSIBLE.format(
                    de=textes.STATUT_LIBELLES[full.statut], vers=textes.STATUT_LIBELLES[target]
                ),
            )
        reason = clean_text(motif)
        if target == REFUSED:
            message = check_text(reason, REASON_MAX)
            if message:
                return Outcome(False, errors={"motif": [textes.MODERATION_MOTIF_OBLIGATOIRE]}, message=textes.MODERATION_MOTIF_OBLIGATOIRE)
            found = pii_errors({"motif": reason})
            if found:
                return Outcome(False, errors=found, message=found["motif"][0])
        if full.version != expected_version:
            return Outcome(False, conflict=self._conflict(action_id, {"statut": target}), message=textes.CONFLIT_MESSAGE)
        before = {"statut": full.statut, "motif_refus": full.motif_refus}
        after = {"statut": target, "motif_refus": reason if target == REFUSED else None}
        with write_transaction(self.engine) as conn:
            updated = conn.execute(
                sa.update(schema.actions)
                .where(schema.actions.c.id == action_id, schema.actions.c.version == expected_version)
                .values(version=expected_version + 1, updated_at=utc_now(), updated_by=user.identifiant, **after)
            )
            if updated.rowcount == 1:
                b, a = changed_fields(before, after)
                record(conn, user.identifiant, "action", action_id, permission, b, a)
        if updated.rowcount != 1:
            return Outcome(False, conflict=self._conflict(action_id, {"statut": target}), message=textes.CONFLIT_MESSAGE)
        return Outcome(True, action_id=action_id, message=textes.MODERATION_FAIT[target])

    # -- bulk insert (imports) ---------------------------------------------------------------
    def insert_many(self, user: User, actions: list[Action], source: str, progress: Callable[[float], None] | None = None) -> int:
        """Insert new actions in ONE transaction (all or none); audited one by one."""
        if not actions:
            return 0
        now = utc_now()
        a = schema.actions
        chunk = 1000
        done = 0
        with write_transaction(self.engine) as conn:
            for start in range(0, len(actions), chunk):
                part = actions[start : start + chunk]
                rows = [_new_row(user, action, now) for action in part]
                ids = conn.execute(
                    sa.insert(a).returning(a.c.id, sort_by_parameter_order=True), rows
                ).scalars().all()
                self._insert_links(conn, [(action_id, link_rows(action)) for action_id, action in zip(ids, part)])
                journal_rows = [
                    {
                        "horodatage": now,
                        "auteur": user.identifiant,
                        "objet": "action",
                        "objet_id": action_id,
                        "operation": "import",
                        "avant": None,
                        "apres": {"statut": action.statut, "external_id": action.external_id, "fichier": source},
                    }
                    for action_id, action in zip(ids, part)
                ]
                conn.execute(sa.insert(schema.journal), journal_rows)
                done += len(part)
                if progress:
                    progress(done / len(actions))
        return done
