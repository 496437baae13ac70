"""Catalogue of indicators: ``/indicateurs``."""
from __future__ import annotations

import streamlit as st

from components import services
from components.entry import through_app
from components.indicator_catalogue import show_indicator
from data import textes

through_app()  # a first request on this address runs it through app.py

st.title(textes.PAGE_INDICATEURS)
st.markdown(textes.INDICATEURS_INTRO)
families = {f.slug: f.libelle for f in services.families()}
for indicator in services.indicators(with_values_only=False):
    show_indicator(indicator, families.get(indicator.famille, indicator.famille))
