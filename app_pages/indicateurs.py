"""Catalogue of indicators: ``/indicateurs``."""
from __future__ import annotations

import streamlit as st

from components import cache
from components.indicator_catalogue import show_indicator
from data import textes

st.title(textes.PAGE_INDICATEURS)
st.markdown(textes.INDICATEURS_INTRO)
families = {f.slug: f.libelle for f in cache.families()}
for indicator in cache.indicators(with_values_only=False):
    show_indicator(indicator, families.get(indicator.famille, indicator.famille))
