"""Presentation of the guide: fiches, methods and illustrations with their actions."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import cache, stores
from components.html_view import Link, show_links, show_table
from components.links import page_links
from components.markdown import md_escape
from data import textes
from data.actions.models import ActionFilter, Fiche
from data.formatting import fmt_number
from data.guide.catalogue import fiche_label


def fiches_table(fiches: list[Fiche], counts: dict[int, int]) -> None:
    """The 26 fiches with their status and the number of linked actions."""
    rows = [
        [
            str(f.numero),
            Link(f.titre or textes.FICHE_A_COMPLETER, f"/fiche?numero={f.numero}"),
            textes.FICHE_STATUT[f.statut],
            fmt_number(counts.get(f.numero, 0), 0),
        ]
        for f in fiches
    ]
    columns = [textes.COL_NUMERO, textes.COL_INTITULE, textes.COL_STATUT_FICHE, textes.COL_ACTIONS]
    show_table(columns, rows, caption=textes.GUIDE_TABLEAU_FICHES, numeric=(0, 3))


def action_links(frame: pd.DataFrame, empty_text: str) -> None:
    """A bullet list of links to actions, or ``empty_text``."""
    if frame.empty:
        st.caption(empty_text)
        return
    page_links((t, f"/action?id={i}") for i, t in zip(frame["id"], frame["titre"]))


def methods_section() -> None:
    """Each method with its description and its actions."""
    counts = cache.counts("methodes")
    for method in stores.guide().methodes:
        n = counts.get(method.slug, 0)
        with st.expander(f"{method.libelle} — {textes.COMPTE_ACTIONS.format(n=n)}"):
            st.markdown(md_escape(method.description))
            action_links(cache.actions(ActionFilter(methodes=(method.slug,))), textes.METHODE_AUCUNE_ACTION)


def illustrations_section() -> None:
    """The annex illustrations identified so far, with their fiches and actions."""
    guide = stores.guide()
    st.caption(
        textes.GUIDE_ILLUSTRATIONS_NOTE.format(total=guide.nombre_illustrations, connues=len(guide.illustrations))
    )
    by_slug = cache.illustrations_actions()
    fiches = {f.numero: f for f in stores.fiches()}
    for item in guide.illustrations:
        st.markdown(f"**{md_escape(item.titre)}**")
        fiche_links = [Link(fiche_label(fiches[n]), f"/fiche?numero={n}") for n in item.fiches if n in fiches]
        show_links(fiche_links, before=f"{item.lieu or textes.ILLUSTRATION_LIEU_INCONNU} ·")
        linked = by_slug.get(item.slug, [])
        action_links(pd.DataFrame(linked, columns=["id", "titre"]), textes.METHODE_AUCUNE_ACTION)
