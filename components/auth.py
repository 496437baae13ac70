"""Who is using this session, the page gate, and the sign-in forms.

Local mode: the session keeps only the account's identifier (``st.session_state
["auth.user"]``); the account is read again on every run, so a role change or a
disabled account applies at once. OIDC mode: ``st.user`` (``st.login``) gives the
identity claims; the role comes from a claim or from the allow-list.
Every page calls :func:`require` on each run: the refusal happens on the server.
"""
from __future__ import annotations

import streamlit as st

from components import guard, session, stores
from components.markdown import md_escape
from data import textes
from data.accounts import throttle
from data.accounts.auth import oidc_user
from data.accounts.roles import ANONYMOUS, PERMISSIONS, User, can

SESSION_KEY = session.USER_KEY


def _oidc_claims() -> dict | None:
    try:
        if not st.user.get("is_logged_in", False):
            return None
        return st.user.to_dict()
    except (AttributeError, KeyError):
        return None


def current_user() -> User:
    """The person using this session (anonymous visitor when not signed in)."""
    auth = stores.auth_settings()
    if auth.mode == "oidc":
        claims = _oidc_claims()
        if not claims:
            return ANONYMOUS
        with guard.database_guard():  # a database fault: French message, the run stops
            return oidc_user(claims, auth, stores.accounts())
    identifiant = session.signed_in_identifier()  # checked on the server: revoked or idle sessions end here
    if not identifiant:
        return ANONYMOUS
    with guard.database_guard():  # a database fault: French message, the run stops, typed text kept
        user = stores.accounts().local_user(str(identifiant))
    if user is None:
        session.forget()
        return ANONYMOUS
    return user


def require(permission: str) -> User:
    """Stop the page with a French message unless the user has ``permission``."""
    user = current_user()
    if can(user, permission):
        return user
    if not user.signed_in:
        st.error(textes.ROLE_CONNECTEZ_VOUS)
        # Signing in right here keeps the address (a reloaded ``?brouillon=12`` resumes after sign-in).
        _sign_in_buttons(stores.auth_settings())
    else:
        role = textes.ROLE_LIBELLES.get(PERMISSIONS[permission], PERMISSIONS[permission])
        st.error(textes.ROLE_PAGE_REFUSEE.format(role=role, actuel=textes.ROLE_LIBELLES.get(user.role, user.role)))
    st.stop()
    raise RuntimeError("unreachable")  # st.stop() raises; keeps type checkers happy


def account_box(user: User) -> None:
    """Sidebar line: who is signed in, with which role (the navigation has « Connexion »)."""
    session.hand_over_cookie()
    session.clear_cookie_frame()
    if user.signed_in:
        with st.sidebar:
            st.caption(
                md_escape(textes.CONNEXION_OK.format(nom=user.label, role=textes.ROLE_LIBELLES.get(user.role, user.role)))
            )


def client_address() -> str | None:
    """The client's address as the throttle counts it (None: unknown, e.g. in AppTest).

    ``st.context.ip_address`` is the connection's peer (None on loopback); behind the
    proxies listed in ``ATLAS_TRUSTED_PROXIES``, the ``X-Forwarded-For`` header they set.
    """
    trusted = stores.auth_settings().trusted_proxies
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For") if trusted else None
    except (AttributeError, KeyError, RuntimeError):
        return None
    return throttle.client_address(peer, forwarded, trusted)


def _local_sign_in() -> None:
    st.caption(textes.CONNEXION_MODE_LOCAL)
    with st.form("connexion", clear_on_submit=False):
        identifiant = st.text_input(textes.CONNEXION_IDENTIFIANT, key="connexion.identifiant", max_chars=200)
        password = st.text_input(textes.CONNEXION_MOT_DE_PASSE, type="password", key="connexion.mot_de_passe", max_chars=500)
        submitted = st.form_submit_button(textes.CONNEXION_BOUTON, type="primary")
    if not submitted:
        return
    with guard.database_guard():  # a database fault: French message, the run stops, typed text kept
        result = throttle.sign_in(
            stores.accounts(), stores.sign_in_throttle(), identifiant or "", password or "", client_address()
        )
    if result.wait_s:
        st.error(textes.CONNEXION_TROP_ESSAIS.format(s=result.wait_s))
        return
    if result.user is None:
        st.error(textes.CONNEXION_ECHEC)
        return
    session.open_session(result.user.identifiant)  # the app server then sets the cookie (reloads, new tabs)
    st.session_state.pop("connexion.mot_de_passe", None)
    st.rerun()


def sign_in_page() -> None:
    """The sign-in (or sign-out) page for the configured mode."""
    auth = stores.auth_settings()
    user = current_user()
    st.title(textes.CONNEXION_TITRE)
    if user.signed_in:
        st.success(
            md_escape(textes.CONNEXION_OK.format(nom=user.label, role=textes.ROLE_LIBELLES.get(user.role, user.role)))
        )
        if user.mode == "oidc" and not can(user, "contribute"):
            st.info(textes.ROLE_OIDC_SANS_ROLE)
        if st.button(textes.CONNEXION_DECONNEXION, key="connexion.sortir"):
            session.sign_out()  # revoked on the server: every tab is signed out at its next action
            for key in [k for k in st.session_state if str(k).startswith(("contrib.", "mod.", "imp.", "comptes."))]:
                st.session_state.pop(key, None)
            if user.mode == "oidc":
                st.logout()
            st.rerun()
        return
    st.info(textes.CONNEXION_ANONYME)
    _sign_in_buttons(auth)


def _sign_in_buttons(auth) -> None:
    """The local sign-in form, or the OpenID Connect button."""
    if auth.mode == "oidc":
        st.caption(textes.CONNEXION_MODE_OIDC)
        if st.button(textes.CONNEXION_OIDC_BOUTON, type="primary", key="connexion.oidc"):
            try:
                if auth.oidc_provider:
                    st.login(auth.oidc_provider)
                else:
                    st.login()
            except Exception:  # noqa: BLE001 - Streamlit raises when [auth] is missing
                st.error(textes.CONNEXION_OIDC_NON_CONFIGURE)
        return
    _local_sign_in()
