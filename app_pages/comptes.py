"""Accounts and OIDC allow-list (``/comptes``), administrators only."""
from __future__ import annotations

import streamlit as st

from components import auth
from components.accounts_view import accounts_table, create_form, edit_form
from data import textes

user = auth.require("manage_accounts")
st.title(textes.COMPTES_TITRE)
st.caption(textes.COMPTES_AIDE)
create_form(user)
accounts = accounts_table()
edit_form(user, accounts)
