"""The moderators' queue (``/moderation``, ``/moderation?id=<id>``): filter, review, publish,
refuse with a reason, archive; every decision is checked again on the server and logged."""
from __future__ import annotations

import streamlit as st

from components import auth
from components import moderation_view as view
from data import textes

user = auth.require("moderate")
st.title(textes.MODERATION_TITRE)

filters = view.queue_filters()
frame = view.queue(filters)
chosen = view.pick(frame)
if chosen is not None:
    view.review(chosen, user)
