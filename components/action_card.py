"""The full presentation of one action (its page)."""
from __future__ import annotations

import streamlit as st

from components import cache, labels, stores
from components.html_view import Link, show_links
from components.links import page_link
from components.markdown import md_escape, md_link
from components.page_maps import action_map
from components.territory_links import profile_link
from data import textes
from data.actions.models import StoredAction
from data.guide.catalogue import fiche_label
from geo.territories import LEVEL_LABELS


def territory_lines(action: StoredAction) -> list[tuple[str, Link]]:
    """The action's territories, each with its level and a link to its profile: commune, EPCI, département, région."""
    terr = stores.territories()
    place = terr.get(action.niveau_lieu, action.code_lieu)
    chain = [place, *terr.parents(action.niveau_lieu, action.code_lieu)] if place else []
    return [(LEVEL_LABELS.get(t.level, t.level), Link(t.label, profile_link(t.level, t.code))) for t in chain]


def show_action(action: StoredAction) -> None:
    """Render an action: place (with its small map), years, methods, publics, summary, fiches, sources."""
    st.title(md_escape(action.titre))
    st.caption(textes.PROVENANCE_LIBELLES.get(action.provenance, action.provenance))
    left, right = st.columns([2, 1])
    with left:
        st.subheader(textes.ACTION_RESUME)
        st.markdown(md_escape(action.resume))
        st.subheader(textes.ACTION_FICHES)
        fiches = {f.numero: f for f in stores.fiches()}
        if not action.fiches:
            st.caption(textes.ACTION_SANS_FICHE)
        for link in action.fiches:
            fiche = fiches.get(link.numero)
            label = fiche_label(fiche) if fiche else textes.FICHE_NUMERO.format(numero=link.numero)
            origin = textes.ORIGINE_LIEN_LIBELLES.get(link.origine, link.origine)
            page_link(label, f"/fiche?numero={link.numero}", suffix=f"— {origin}")  # same tab
        st.subheader(textes.ACTION_SOURCES)
        for source in action.sources:
            st.markdown(f"- {md_link(source.titre or source.url, source.url)}")
    with right:
        action_map(action)  # its place, at the top of the column (under the summary on a phone)
        st.markdown(f"**{textes.ACTION_TERRITOIRE}**")
        for level, link in territory_lines(action):
            show_links([link], before=f"{level} :")
        if action.note_lieu:
            st.caption(f"{textes.ACTION_NOTE_LIEU} : {md_escape(action.note_lieu)}")
        st.markdown(f"**{textes.ACTION_ANNEES}** : {md_escape(labels.years(action.annee_debut, action.annee_fin))}")
        st.markdown(f"**{textes.ACTION_METHODES.format(n=len(action.methodes))}** : {md_escape(labels.methods_label(list(action.methodes)))}")
        st.markdown(f"**{textes.ACTION_PUBLICS.format(n=len(action.publics))}** : {md_escape(labels.publics_label(list(action.publics)))}")
        st.markdown(f"**{textes.ACTION_PORTEURS}** : {md_escape(', '.join(action.porteurs))}")
        st.markdown(f"**{textes.ACTION_PROVENANCE}** : {textes.PROVENANCE_LIBELLES.get(action.provenance, '')}")


def show_nearby(action: StoredAction, radius_km: int = 100) -> None:
    """Other actions within ``radius_km``, nearest first."""
    st.subheader(textes.ACTION_PROCHES)
    found = cache.nearby(action.id, radius_km)
    if not found:
        st.info(textes.ACTION_AUCUNE_PROCHE.format(km=radius_km))
    for other_id, title, km in found:
        page_link(title, f"/action?id={other_id}", suffix=f"({textes.A_KM.format(km=round(km))})")
