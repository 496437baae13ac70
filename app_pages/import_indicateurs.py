"""Import of indicator files (CSV or XLSX): ``/import-indicateurs``.

Admins and moderators only (checked on the server on every run, confirmation
included). Upload, describe, preview and report, then write only on confirmation.
The file is parsed in memory and never stored.
"""
from __future__ import annotations

import streamlit as st

from components import auth
from components import indicator_import_view as view
from data import textes

auth.require("moderate")
st.title(textes.PAGE_IMPORT_INDICATEURS)
st.markdown(textes.IMPORT_INTRO)

uploaded = view.upload()
if uploaded is None:
    view.show_done()
    st.stop()
name, content = uploaded

options = view.options_form()
if options is not None:
    view.prepare(name, content, options)

plan = view.current_plan(content)
if plan is not None:
    view.show_plan(plan)
    view.confirm(plan)
view.show_done()
