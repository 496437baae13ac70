"""About the atlas and its data: ``/a-propos``."""
from __future__ import annotations

import streamlit as st

from components.about_view import show_about
from components.entry import through_app
from data import textes

through_app()  # a first request on this address runs it through app.py

st.title(textes.PAGE_A_PROPOS)
show_about()
