"""The moderators' queue, the review of one action, and its audit log."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components import stores
from components.action_card import show_action
from components.contribution_form import field_text, show_conflict_details
from components.html_view import Link, show_table
from components.markdown import md_escape
from components.territory_links import profile_link
from components.url_state import query_int
from data import textes
from data.accounts.roles import (
    ARCHIVED,
    PUBLISHED,
    REFUSED,
    STATUSES,
    SUBMITTED,
    TRANSITIONS,
    User,
    can,
)
from data.actions.models import StoredAction
from data.formatting import fmt_date, fmt_datetime
from data.store.audit import AuditEntry

M = "mod."
DECISIONS = {PUBLISHED: ("publish", textes.MODERATION_PUBLIER), REFUSED: ("refuse", textes.MODERATION_REFUSER), ARCHIVED: ("archive", textes.MODERATION_ARCHIVER)}


def queue_filters() -> dict[str, Any]:
    """Filters of the queue (status, département, origin, text)."""
    with st.sidebar:
        statuts = st.multiselect(
            textes.MODERATION_FILTRE_STATUTS, [s for s in STATUSES if s != "brouillon"], default=[SUBMITTED],
            format_func=textes.STATUT_LIBELLES.get, placeholder=textes.CHOISIR_OPTIONS, key=M + "statuts",
        )
        departements = stores.territories().departements
        options = dict(zip(departements["code"], departements["code"] + " " + departements["nom"]))
        departement = st.selectbox(
            textes.MODERATION_FILTRE_DEPARTEMENT, list(options), index=None, format_func=options.get,
            placeholder=textes.FILTRE_TOUS, key=M + "departement",
        )
        origine = st.selectbox(
            textes.MODERATION_FILTRE_ORIGINE, list(textes.ORIGINE_LIBELLES), index=None,
            format_func=textes.ORIGINE_LIBELLES.get, placeholder=textes.FILTRE_TOUTES, key=M + "origine",
        )
        texte = st.text_input(textes.MODERATION_FILTRE_TEXTE, key=M + "texte", max_chars=200)
    return {"statuts": tuple(statuts), "departement": departement, "origine": origine, "texte": texte or ""}


def queue(filters: dict[str, Any]) -> pd.DataFrame:
    """Draw the queue's table and return its rows."""
    frame = stores.contributions().queue(**filters)
    st.subheader(textes.MODERATION_COMPTE.format(n=len(frame)))
    if frame.empty:
        st.info(textes.MODERATION_AUCUNE)
        return frame
    # Most recently changed first (the queue's order); each title opens its review in the same tab.
    rows = [
        [
            Link(str(title), f"/moderation?id={int(i)}"),
            textes.STATUT_LIBELLES.get(statut, statut),
            textes.ORIGINE_LIBELLES.get(origine, origine),
            _departement_cell(dep),
            author if isinstance(author, str) else "",
            fmt_datetime(pd.to_datetime(updated, utc=True).to_pydatetime()),
            str(version),
        ]
        for i, title, statut, origine, dep, author, updated, version in zip(
            frame["id"], frame["titre"], frame["statut"], frame["origine"], frame["departement"],
            frame["created_by"], frame["updated_at"], frame["version"],
        )
    ]
    columns = [textes.COL_TITRE, textes.COL_STATUT, textes.COL_ORIGINE, textes.COL_DEPARTEMENT, textes.COL_AUTEUR,
               textes.COL_MODIFIEE, textes.COL_VERSION]
    show_table(columns, rows, caption=textes.MODERATION_TABLEAU, numeric=(6,))
    return frame


def _departement_cell(code: object) -> Link | None:
    """The département's name, linking to its profile (nothing when the action has none)."""
    if not isinstance(code, str) or not code:
        return None
    territory = stores.territories().get("departement", code)
    return Link(territory.label if territory else code, profile_link("departement", code))


def pick(frame: pd.DataFrame) -> int | None:
    """The action to review: ``?id=`` in the URL, or chosen in the queue."""
    requested = query_int("id")
    if requested is not None:
        return requested
    if frame.empty:
        return None
    titles = dict(zip(frame["id"].astype(int), frame["titre"]))
    chosen = st.selectbox(textes.MODERATION_CHOISIR, list(titles), index=None, format_func=titles.get, placeholder=textes.CHOISIR_OPTION, key=M + "choix")
    return int(chosen) if chosen is not None else None


def _decide(user: User, action_id: int, version: int, target: str) -> None:
    motif = st.session_state.get(f"{M}motif.{action_id}", "") if target == REFUSED else None
    outcome = stores.contributions().transition(user, action_id, version, target, motif)
    st.session_state[M + "flash"] = outcome


def _dates_line(full: StoredAction) -> str | None:
    if full.date_debut and full.date_fin:
        return textes.MODERATION_DATES_PERIODE.format(debut=fmt_date(full.date_debut), fin=fmt_date(full.date_fin))
    if full.date_debut:
        return textes.MODERATION_DATES_EN_COURS.format(debut=fmt_date(full.date_debut))
    return None


def status_panel(full: StoredAction) -> None:
    """Status, version, authors, exact dates and the structure's contact (moderators only)."""
    st.info(
        md_escape(textes.MODERATION_STATUT.format(statut=textes.STATUT_LIBELLES.get(full.statut, full.statut), version=full.version))
    )
    when = fmt_datetime(full.updated_at) or "?"
    st.caption(
        md_escape(textes.MODERATION_AUTEUR.format(auteur=full.created_by or "—", modifie_par=full.updated_by or "—", date=when))
    )
    if full.statut == REFUSED and full.motif_refus:
        st.warning(md_escape(textes.MES_ACTIONS_MOTIF.format(motif=full.motif_refus)))
    dates = _dates_line(full)
    if dates:
        st.markdown(md_escape(textes.MODERATION_DATES.format(dates=dates)))
    contact = " · ".join(v for v in (full.contact_structure, full.contact_email, full.contact_telephone) if v)
    if contact:
        st.markdown(md_escape(textes.MODERATION_CONTACT.format(contact=contact)))


def review(action_id: int, user: User) -> None:
    """One action with its decisions (publish, refuse with a reason, archive), edit link and audit log."""
    flash = st.session_state.pop(M + "flash", None)
    if flash is not None:
        if flash.ok:
            st.success(flash.message)
        elif flash.conflict is not None:
            show_conflict_details(flash.conflict)
        else:
            st.error(md_escape(flash.message))
    full = stores.contributions().full(action_id)
    if full is None:
        st.error(textes.ACTION_INTROUVABLE)
        return
    st.divider()
    status_panel(full)
    moves = TRANSITIONS.get(full.statut, ())
    if REFUSED in moves:
        st.text_area(textes.MODERATION_MOTIF, key=f"{M}motif.{action_id}", max_chars=2000)
    columns = st.columns(len(moves) + 1)
    for column, target in zip(columns, moves):
        permission, label = DECISIONS[target]
        if target == PUBLISHED and full.statut == ARCHIVED:
            label = textes.MODERATION_REPUBLIER
        if can(user, permission, {"statut": full.statut}):
            column.button(
                label, key=f"{M}{permission}.{action_id}", on_click=_decide, args=(user, action_id, full.version, target),
                type="primary" if target == PUBLISHED else "secondary",
            )
    if can(user, "edit", {"created_by": full.created_by, "statut": full.statut}):
        columns[-1].page_link("app_pages/contribuer.py", label=textes.MODERATION_MODIFIER, query_params={"action": str(action_id)})
    show_action(full)
    audit_section(action_id)


def _changes(entry: AuditEntry) -> pd.DataFrame:
    before, after = entry.avant or {}, entry.apres or {}
    names = list(dict.fromkeys([*before, *after]))
    return pd.DataFrame(
        [(textes.CHAMP_LIBELLES.get(n, n), field_text(before.get(n)), field_text(after.get(n))) for n in names],
        columns=[textes.JOURNAL_COL_CHAMP, textes.JOURNAL_COL_AVANT, textes.JOURNAL_COL_APRES],
    )


def audit_section(action_id: int) -> None:
    """The audit log of an action: who, when, what changed, before and after."""
    st.subheader(textes.JOURNAL_TITRE)
    entries = stores.contributions().audit(action_id)
    if not entries:
        st.caption(textes.JOURNAL_AUCUN)
    for entry in entries:
        title = textes.JOURNAL_LIGNE.format(
            date=fmt_datetime(entry.horodatage, seconds=True), auteur=entry.auteur,
            operation=textes.JOURNAL_OPERATIONS.get(entry.operation, entry.operation),
        )
        with st.expander(md_escape(title)):
            st.dataframe(_changes(entry), hide_index=True, width="stretch")


def moderator_panel(action_id: int, user: User) -> None:
    """On the public action page, for moderators only: status, contact and audit log."""
    if not can(user, "read_audit"):
        return
    full = stores.contributions().full(action_id)
    if full is None:
        return
    st.divider()
    status_panel(full)
    st.page_link("app_pages/moderation.py", label=textes.MODERATION_LIEN_FILE, query_params={"id": str(action_id)})
    audit_section(action_id)


def unpublished_action(action_id: int, user: User) -> StoredAction | None:
    """An action of any status for a moderator (None for everyone else)."""
    if not can(user, "moderate"):
        return None
    return stores.contributions().full(action_id)
