"""Page of one action: ``/action?id=<id>``."""
from __future__ import annotations

import re

import streamlit as st

from components import auth, services
from components.action_card import show_action, show_nearby
from components.entry import through_app
from components.moderation_view import moderator_panel, unpublished_action
from data import textes

through_app()  # a first request on this address runs it through app.py

raw_id = st.query_params.get("id", "")
if not re.fullmatch(r"[0-9]{1,12}", raw_id):
    st.error(textes.ACTION_ID_INVALIDE)
    st.page_link("pages/carte.py", label=textes.ACTION_RETOUR)
    st.stop()

user = auth.current_user()
action = services.action(int(raw_id)) or unpublished_action(int(raw_id), user)  # moderators see every status
if action is None:
    st.error(textes.ACTION_INTROUVABLE)
    st.page_link("pages/carte.py", label=textes.ACTION_RETOUR)
    st.stop()

show_action(action)
moderator_panel(action.id, user)  # status, contact and audit log, for moderators only
show_nearby(action)
st.page_link("pages/carte.py", label=textes.ACTION_RETOUR)
