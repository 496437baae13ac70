"""Profile of one territory: ``/territoire?code=<niveau>:<code>``."""
from __future__ import annotations

import streamlit as st

from components import cache, stores
from components.charts import family_charts, series_charts
from components.links import page_link
from components.markdown import md_escape
from components.page_maps import territory_map
from components.territory_links import site_address
from components.territory_view import (
    actions_and_fiches,
    indicator_table,
    label_of,
    show_parents,
    similar_section,
)
from data import textes
from data.indicators.catalogue import FRANCE_CODE
from data.indicators.profile import parent_ref, parse_ref, ref_text

ref = parse_ref(st.query_params.get("code", ""), stores.territories())
if ref is None:
    st.error(textes.TERRITOIRE_INVALIDE)
    st.page_link("app_pages/carte.py", label=textes.ACTION_RETOUR)
    st.stop()

level, code = ref
st.title(md_escape(label_of(level, code)))
st.caption(textes.NIVEAUX_LIBELLES[level])
show_parents(level, code)
page_link(textes.TERRITOIRE_COMPARER, f"/comparer?codes={ref_text(level, code)}")
st.download_button(
    textes.DOSSIER_TELECHARGER, data=cache.dossier_maker(level, code, site_address()), help=textes.DOSSIER_AIDE,
    file_name=f"dossier-{level}-{code}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:", key="dossier",
)
territory_map(level, code)  # its outline and its actions

st.subheader(textes.TERRITOIRE_INDICATEURS)
own, parent, parent_label = indicator_table(level, code)

st.subheader(textes.TERRITOIRE_GRAPHIQUES)
columns = {label_of(level, code): own}
if parent is not None and parent_label:
    columns[parent_label] = parent
columns[textes.FRANCE] = cache.territory_values("france", FRANCE_CODE)
family_charts(columns)

st.subheader(textes.TERRITOIRE_SERIES)
refs = {label_of(level, code): (level, code)}
if parent is not None and parent_label:
    refs[parent_label] = parent_ref(level, code, stores.territories())
if not series_charts(refs):
    st.caption(textes.TERRITOIRE_SANS_SERIE)

actions_and_fiches(level, code)
similar_section(level, code)
