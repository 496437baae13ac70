"""Page of one action: ``/action?id=<id>``."""
from __future__ import annotations

import streamlit as st

from components import services
from components.action_card import show_action, show_nearby
from data import textes

raw_id = st.query_params.get("id", "")
if not raw_id.isdigit() or len(raw_id) > 12:
    st.error(textes.ACTION_ID_INVALIDE)
    st.page_link("pages/carte.py", label=textes.ACTION_RETOUR)
    st.stop()

action = services.action(int(raw_id))
if action is None:
    st.error(textes.ACTION_INTROUVABLE)
    st.page_link("pages/carte.py", label=textes.ACTION_RETOUR)
    st.stop()

show_action(action)
show_nearby(action)
st.page_link("pages/carte.py", label=textes.ACTION_RETOUR)
