"""« Mes brouillons »: a contributor's drafts and the actions they submitted."""
from __future__ import annotations

import streamlit as st

from components import stores
from components.markdown import md_escape
from data import textes
from data.accounts.roles import User, can
from data.formatting import fmt_datetime


def _delete(user: User, draft_id: int) -> None:
    if stores.contributions().delete_draft(user, draft_id):
        st.session_state["brouillons_flash"] = textes.BROUILLONS_SUPPRIME


def drafts_section(user: User) -> None:
    """Each draft with a link to resume it and a delete button."""
    st.header(textes.BROUILLONS_TITRE)
    flash = st.session_state.pop("brouillons_flash", None)
    if flash:
        st.success(flash)
    drafts = stores.contributions().drafts_of(user)
    if not drafts:
        st.info(textes.BROUILLONS_AUCUN)
    for draft in drafts:
        left, middle, right = st.columns([6, 2, 2])
        when = fmt_datetime(draft.updated_at)
        note = textes.BROUILLONS_MODIFIE_LE.format(date=when)
        if draft.action_id:
            note += f" · {textes.BROUILLONS_EDITION}"
        left.markdown(f"**{md_escape(draft.titre)}**  \n{md_escape(note)}")
        middle.page_link(
            "app_pages/contribuer.py", label=textes.BROUILLONS_REPRENDRE, query_params={"brouillon": str(draft.id)},
            icon=":material/edit:",
        )
        right.button(textes.BROUILLONS_SUPPRIMER, key=f"brouillons.suppr.{draft.id}", on_click=_delete, args=(user, draft.id))


def my_actions_section(user: User) -> None:
    """The actions this person submitted, their status and, when refused, the reason."""
    st.header(textes.MES_ACTIONS_TITRE)
    frame = stores.contributions().queue(statuts=(), auteur=user.identifiant)
    if frame.empty:
        st.info(textes.MES_ACTIONS_AUCUNE)
        return
    for row in frame.itertuples(index=False):
        left, right = st.columns([8, 2])
        status = textes.STATUT_LIBELLES.get(row.statut, row.statut)
        lines = [f"**{md_escape(row.titre)}** — {md_escape(status)}"]
        if row.statut == "refusee" and row.motif_refus:
            lines.append(md_escape(textes.MES_ACTIONS_MOTIF.format(motif=row.motif_refus)))
        left.markdown("  \n".join(lines))
        if can(user, "edit", {"created_by": row.created_by, "statut": row.statut}):
            right.page_link(
                "app_pages/contribuer.py", label=textes.MES_ACTIONS_MODIFIER, query_params={"action": str(int(row.id))},
                icon=":material/edit:",
            )
        elif row.statut == "publiee":
            right.page_link("app_pages/action.py", label=textes.CONTRIB_VOIR_ACTION, query_params={"id": str(int(row.id))})
