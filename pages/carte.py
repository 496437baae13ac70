"""Home page: the map of actions, their count and the table of the same selection."""
from __future__ import annotations

import streamlit as st

from components import labels, services
from components.filters import sidebar_filters
from components.map import build_map, show_map
from components.tables import actions_table
from components import assets
from data import textes

st.title(textes.APP_TITLE)
st.caption(textes.APP_SUBTITLE)

selection, level = sidebar_filters()
found = services.actions(selection)
place = selection.territory()

st.subheader(textes.RESULTATS_COMPTE.format(n=len(found)))
if found.empty:
    st.info(textes.RESULTATS_AUCUN)

popups = labels.popup_labels(found)
zoom_to = services.bounds(*place) if place else None
fmap = build_map(
    services.layer_json(level),
    found,
    popups,
    assets.register(),
    selected=place[1] if place and place[0] == level else None,
    bounds=zoom_to,
)
show_map(fmap, key="carte")
st.caption(textes.CARTE_LEGENDE)

st.subheader(textes.TABLEAU_TITRE)
actions_table(found, popups)
