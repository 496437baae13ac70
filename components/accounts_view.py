"""Account administration (admins): list, create, change role, disable."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import stores
from components.markdown import md_escape
from data import textes
from data.accounts.auth import AccountError
from data.accounts.roles import ROLES, User

C = "comptes."


def accounts_table() -> list:
    """Every account, as a table."""
    accounts = stores.accounts().list()
    st.dataframe(
        pd.DataFrame(
            {
                textes.CONNEXION_IDENTIFIANT: [a.identifiant for a in accounts],
                textes.COMPTES_NOM: [a.nom for a in accounts],
                textes.COMPTES_ROLE: [textes.ROLE_LIBELLES[a.role] for a in accounts],
                textes.COMPTES_COL_TYPE: [textes.COMPTES_TYPE_LOCAL if a.local else textes.COMPTES_TYPE_OIDC for a in accounts],
                textes.COMPTES_ACTIF: [a.actif for a in accounts],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    return accounts


def create_form(user: User) -> None:
    """Create a local account, or an OIDC allow-list entry (no password)."""
    st.subheader(textes.COMPTES_NOUVEAU)
    with st.form(C + "nouveau", clear_on_submit=False):
        identifiant = st.text_input(textes.CONNEXION_IDENTIFIANT, key=C + "identifiant", max_chars=200)
        nom = st.text_input(textes.COMPTES_NOM, key=C + "nom", max_chars=200)
        role = st.selectbox(textes.COMPTES_ROLE, ROLES[1:], format_func=textes.ROLE_LIBELLES.get, placeholder=textes.CHOISIR_OPTION, key=C + "role")
        local = st.checkbox(textes.COMPTES_LOCAL, value=True, key=C + "local")
        password = st.text_input(textes.CONNEXION_MOT_DE_PASSE, type="password", key=C + "mdp", max_chars=500)
        again = st.text_input(textes.COMPTES_MOT_DE_PASSE_2, type="password", key=C + "mdp2", max_chars=500)
        submitted = st.form_submit_button(textes.COMPTES_CREER)
    if not submitted:
        return
    if local and password != again:
        st.error(textes.COMPTE_MDP_DIFFERENTS)
        return
    try:
        account = stores.accounts().create(identifiant, role, password if local else None, nom=nom, auteur=user.identifiant)
    except AccountError as exc:
        st.error(md_escape(str(exc)))
        return
    st.success(md_escape(textes.COMPTE_CREE.format(identifiant=account.identifiant, role=textes.ROLE_LIBELLES[account.role])))


def edit_form(user: User, accounts: list) -> None:
    """Change the role or the active flag of an account."""
    if not accounts:
        return
    st.subheader(textes.COMPTES_MODIFIER)
    by_id = {a.identifiant: a for a in accounts}
    chosen = st.selectbox(textes.CONNEXION_IDENTIFIANT, list(by_id), placeholder=textes.CHOISIR_OPTION, key=C + "choix")
    account = by_id[chosen]
    with st.form(C + "modifier"):
        role = st.selectbox(textes.COMPTES_ROLE, ROLES, index=ROLES.index(account.role), format_func=textes.ROLE_LIBELLES.get, placeholder=textes.CHOISIR_OPTION)
        actif = st.checkbox(textes.COMPTES_ACTIF, value=account.actif)
        submitted = st.form_submit_button(textes.COMPTES_ENREGISTRER)
    if not submitted:
        return
    try:
        stores.accounts().update(account.identifiant, user.identifiant, role=role, actif=actif)
    except AccountError as exc:
        st.error(md_escape(str(exc)))
        return
    st.success(md_escape(textes.COMPTE_MODIFIE.format(identifiant=account.identifiant)))
