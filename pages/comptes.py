"""Accounts and OIDC allow-list (``/comptes``), administrators only."""
from __future__ import annotations

import streamlit as st

from components import auth
from components.accounts_view import accounts_table, create_form, edit_form
from components.entry import through_app
from data import textes

through_app()  # a first request on this address runs it through app.py

user = auth.require("manage_accounts")
st.title(textes.COMPTES_TITRE)
st.caption(textes.COMPTES_AIDE)
create_form(user)
accounts = accounts_table()
edit_form(user, accounts)
