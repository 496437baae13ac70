"""Keep every page inside app.py's navigation, even on a server's very first request.

While no session has run ``st.navigation`` yet, Streamlit treats a ``pages/`` folder
next to the main script the old way (multipage apps before ``st.navigation``): a first
request for ``/guide`` runs ``pages/guide.py`` on its own, with a sidebar listing every
file of the folder by its file name and without app.py's page title and fault guard.
``app.py``'s call to ``st.navigation`` ends that mode for the whole process; a page run
outside it ends it the same way and runs app.py in its place, in the same run (widget
values, a button just clicked, and the address's query parameters are kept), then stops.
Streamlit's AppTest starts every run in that mode, so the page tests go through here too.
"""
from __future__ import annotations

import runpy

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from data.config import PROJECT_DIR

APP_SCRIPT = PROJECT_DIR / "app.py"


def through_app() -> None:
    """Call first in every page: a page run on its own runs app.py instead."""
    if PagesManager.uses_pages_directory:
        # What st.navigation does; app.py's st.navigation then resolves the same
        # address among its st.Page entries and runs this page inside the atlas.
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP_SCRIPT), run_name="__main__")
        st.stop()
