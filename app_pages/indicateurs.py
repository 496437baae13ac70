"""Catalogue of indicators: ``/indicateurs``."""
from __future__ import annotations

import streamlit as st

from components import cache
from components.indicator_catalogue import show_indicator
from data import textes
from data.indicators.profile import social_first

st.title(textes.PAGE_INDICATEURS)
st.markdown(textes.INDICATEURS_INTRO)
families = {f.slug: f.libelle for f in cache.families()}
order = [f.slug for f in cache.families()]
for indicator in social_first(cache.indicators(with_values_only=False), order):
    show_indicator(indicator, families.get(indicator.famille, indicator.famille))
