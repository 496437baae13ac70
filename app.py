"""Entry point: page configuration and navigation over the pages in ``pages/``."""
from __future__ import annotations

import streamlit as st

from data import textes

st.set_page_config(page_title=textes.APP_TITLE, page_icon="🗺️", layout="wide")

PAGES = [
    st.Page("pages/carte.py", title=textes.PAGE_CARTE, url_path="", default=True, icon=":material/map:"),
    st.Page("pages/guide.py", title=textes.PAGE_GUIDE, url_path="guide", icon=":material/menu_book:"),
    st.Page("pages/action.py", title=textes.PAGE_ACTION, url_path="action", visibility="hidden"),
    st.Page("pages/fiche.py", title=textes.PAGE_FICHE, url_path="fiche", visibility="hidden"),
]

st.navigation(PAGES).run()
