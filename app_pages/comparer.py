"""Comparison of 2 to 4 territories: ``/comparer?codes=departement:47,departement:24``."""
from __future__ import annotations

import streamlit as st

from components import stores
from components.comparison_view import compare, territory_picker
from data import textes
from data.indicators.profile import parse_refs, ref_text

st.title(textes.PAGE_COMPARER)
if "comparer.choix" not in st.session_state:
    st.session_state["comparer.choix"] = parse_refs(st.query_params.get("codes", ""), stores.territories())

chosen = territory_picker("comparer.choix")
st.query_params["codes"] = ",".join(ref_text(*r) for r in chosen)
if len(chosen) < 2:
    st.info(textes.COMPARER_PEU)
    st.stop()
compare(chosen)
