"""Home page: the map of actions, their count and the table of the same selection."""
from __future__ import annotations

import streamlit as st

from components.action_map import (
    MAP_KEY,
    follow_map_link,
    home_view,
    open_clicked_action,
    profile_offer,
)
from components.embed_view import embed_box, embed_map, embedded
from components.empty_selection import show_suggestions
from components.exports_view import export_buttons
from components.filters import sidebar_filters
from components.map import show_map
from components.tables import actions_table, pager, table_page, values_table
from components.url_state import url_params
from data import textes

if embedded():  # the map-only view for partners' sites (/?integration=1)
    embed_map()
    st.stop()

st.title(textes.APP_TITLE)
st.caption(textes.APP_SUBTITLE)

open_clicked_action()
selection, choice = sidebar_filters()
view = home_view(selection, choice, url_params())
# Messages that come and go stay inside one container, so the map keeps its place
# in the page and is updated in place, never rebuilt.
with st.container():
    if choice.level == "commune" and not selection.departement:
        st.info(textes.NIVEAU_COMMUNES_AIDE)
    st.subheader(textes.RESULTATS_COMPTE.format(n=view.total))
    if view.overseas:
        st.caption(textes.CARTE_OUTRE_MER_COMPTE.format(n=view.overseas))
    if view.total == 0:
        st.info(textes.RESULTATS_AUCUN)
        show_suggestions(selection)  # filters to lift, nearest actions, similar territories with actions
    if view.aggregated:
        st.info(textes.CARTE_AGREGEE.format(n=view.total))
    if view.choropleth_missing:
        st.warning(textes.INDICATEUR_NON_DISPONIBLE)

show_map(view.map_args, key=MAP_KEY, on_click=follow_map_link)
profile_offer(selection)  # a territory chosen (in the filters or on the map): its profile
st.caption(textes.CARTE_LEGENDE)
if view.values is not None:
    values_table(view.values, view.level, choice.indicator)

st.subheader(textes.TABLEAU_TITRE)
page = pager(view.total)  # pages of 50 rows; the export gives the whole selection
actions_table(*table_page(selection, view.table, view.labels, view.aggregated, page))
export_buttons(selection)  # CSV, XLSX, GeoJSON of the same selection
embed_box()  # the <iframe> code of this selection for partners' sites
