"""Page of one action: ``/action?id=<id>``."""
from __future__ import annotations

import streamlit as st

from components import auth, cache
from components.action_card import show_action, show_nearby
from components.moderation_view import moderator_panel, unpublished_action
from components.url_state import query_int
from data import textes

action_id = query_int("id")  # ASCII digits only ("²" is refused)
if action_id is None:
    st.error(textes.ACTION_ID_INVALIDE)
    st.page_link("app_pages/carte.py", label=textes.ACTION_RETOUR)
    st.stop()

user = auth.current_user()
action = cache.action(action_id) or unpublished_action(action_id, user)  # moderators see every status
if action is None:
    st.error(textes.ACTION_INTROUVABLE)
    st.page_link("app_pages/carte.py", label=textes.ACTION_RETOUR)
    st.stop()

show_action(action)
moderator_panel(action.id, user)  # status, contact and audit log, for moderators only
show_nearby(action)
st.page_link("app_pages/carte.py", label=textes.ACTION_RETOUR)
