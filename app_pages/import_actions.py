"""Bulk import of actions (``/import``): CSV, XLSX or GeoJSON, preview first, then one transaction.

Contributors and above. Imported actions arrive « soumises » for review."""
from __future__ import annotations

import streamlit as st

from components import auth
from components import import_view as view
from data import textes

user = auth.require("import")
st.title(textes.IMPORT_ACT_TITRE)
st.markdown(textes.IMPORT_ACT_INTRO)

uploaded = view.upload()
if uploaded is None:
    st.stop()
report = view.current_report(*uploaded)
if report is not None:
    view.show_report(report)
    view.confirm(report, user)
