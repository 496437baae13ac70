"""Declare an action (or edit one): ``/contribuer``, ``/contribuer?brouillon=<id>``, ``/contribuer?action=<id>``.

Contributors and above only; the draft is saved in the database on every change.
"""
from __future__ import annotations

import streamlit as st

from components import auth
from components import contribution_form as form
from data import textes

user = auth.require("contribute")
st.title(textes.CONTRIB_TITRE_PAGE)
st.markdown(textes.CONTRIB_INTRO)

form.start(user)
form.show_flash()
form.show_conflict(user)
form.fields()
form.autosave(user)
form.submit_bar(user)
st.page_link("app_pages/brouillons.py", label=textes.CONTRIB_RETOUR_BROUILLONS, icon=":material/edit_note:")
