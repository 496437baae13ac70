"""One fiche of the guide: ``/fiche?numero=<1-26>``, with the actions linked to it."""
from __future__ import annotations

import streamlit as st

from components import cache, stores
from components.guide_view import action_links
from components.indicator_catalogue import indicators_of_fiche
from components.markdown import md_escape, md_link
from components.page_maps import fiche_actions_map
from components.url_state import query_int
from data import textes
from data.actions.models import ActionFilter
from data.guide.catalogue import fiche_label

numero = query_int("numero", max_digits=2)
fiches = {f.numero: f for f in stores.fiches()}
if numero not in fiches:
    st.error(textes.FICHE_INVALIDE)
    st.page_link("app_pages/guide.py", label=textes.PAGE_GUIDE)
    st.stop()

fiche = fiches[numero]
st.title(md_escape(fiche_label(fiche)))
st.caption(textes.FICHE_STATUT[fiche.statut])
if fiche.resume:
    st.markdown(md_escape(fiche.resume))
if fiche.mots_cles:
    st.markdown(" · ".join(md_escape(k) for k in fiche.mots_cles))
st.markdown(md_link(textes.GUIDE_LIEN, fiche.source or stores.guide().url))

st.header(textes.FICHE_ACTIONS)
fiche_actions_map(fiche.numero)  # over France, with a caption for the overseas ones
action_links(cache.actions(ActionFilter(fiches=(fiche.numero,))), textes.FICHE_AUCUNE_ACTION)
indicators_of_fiche(fiche.numero)
st.page_link("app_pages/guide.py", label=textes.PAGE_GUIDE)
