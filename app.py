"""Entry point of ``streamlit run app.py``: the app server (``st.App``) with the atlas's
HTTP routes, middleware and start-up warm-up (``server/``) around the Streamlit script ``navigation.py``."""
from __future__ import annotations

import streamlit as st

import server

app = st.App("navigation.py", routes=server.routes(), middleware=server.middleware(), lifespan=server.lifespan)
