"""About the atlas and its data: ``/a-propos``."""
from __future__ import annotations

import streamlit as st

from components.about_view import show_about
from data import textes

st.title(textes.PAGE_A_PROPOS)
show_about()
