"""Presentation of the guide: fiches, methods and illustrations with their actions."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import cache, stores
from components.links import page_links
from components.markdown import md_escape, md_link
from data import textes
from data.actions.models import ActionFilter, Fiche
from data.guide.catalogue import fiche_label


def fiches_table(fiches: list[Fiche], counts: dict[int, int]) -> None:
    """The 26 fiches with their status and the number of linked actions."""
    table = pd.DataFrame(
        {
            "N°": [f.numero for f in fiches],
            "Intitulé": [f.titre or textes.FICHE_A_COMPLETER for f in fiches],
            "Statut": [textes.FICHE_STATUT[f.statut] for f in fiches],
            "Actions": [counts.get(f.numero, 0) for f in fiches],
            "Fiche": [f"/fiche?numero={f.numero}" for f in fiches],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Fiche": st.column_config.LinkColumn("Fiche", display_text=textes.VOIR_FICHE)},
        key="tableau_fiches",
    )


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
        fiche_links = ", ".join(md_link(fiche_label(fiches[n]), f"/fiche?numero={n}") for n in item.fiches if n in fiches)
        st.markdown(f"{md_escape(item.lieu or textes.ILLUSTRATION_LIEU_INCONNU)} · {fiche_links}")
        linked = by_slug.get(item.slug, [])
        action_links(pd.DataFrame(linked, columns=["id", "titre"]), textes.METHODE_AUCUNE_ACTION)
