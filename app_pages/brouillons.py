"""« Mes brouillons » (``/brouillons``): drafts to resume, and the actions already submitted."""
from __future__ import annotations

import streamlit as st

from components import auth
from components.drafts_view import drafts_section, my_actions_section
from data import textes

user = auth.require("contribute")
st.title(textes.PAGE_BROUILLONS)
st.page_link("app_pages/contribuer.py", label=textes.CONTRIB_NOUVEAU, icon=":material/add_location:")
drafts_section(user)
my_actions_section(user)
