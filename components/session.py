"""The signed-in session of a local account, kept across reloads, typed addresses and tabs.

After a correct password the page opens a server-side session and hands a one-time
ticket to the app server through a one-pixel frame (``/connexion/session``), which
sets the signed HttpOnly cookie. Every run then checks the session on the server:
a reload or a new tab finds it through the cookie (``st.context.cookies``); a
session revoked elsewhere (sign-out in another tab, account changed) or idle too
long signs the person out at their next action.
"""
from __future__ import annotations

import time
from urllib.parse import quote

import streamlit as st

from components import guard, stores
from data import textes
from data.accounts.sessions import (
    COOKIE_NAME,
    TICKET_SECONDS,
    SessionRepository,
    unsign,
)
from data.config import load_server_settings

USER_KEY = "auth.user"
SESSION_KEY = "auth.session"
TICKET_KEY = "auth.ticket"


def _repository() -> SessionRepository:
    return SessionRepository(stores.atlas().engine, load_server_settings().session_idle_hours)


def _cookie_session() -> int | None:
    """The session id named by this browser's signed cookie, or None."""
    try:
        raw = st.context.cookies.get(COOKIE_NAME)
    except (AttributeError, RuntimeError):
        return None
    token = unsign(raw, load_server_settings().secret_key)
    return _repository().find(token) if token else None


def signed_in_identifier() -> str | None:
    """The identifier of the local account signed in for this tab, checked on the server."""
    with guard.database_guard():
        session_id = st.session_state.get(SESSION_KEY)
        if session_id is None and not st.session_state.get(USER_KEY):
            session_id = _cookie_session()
        if session_id is None:
            return st.session_state.get(USER_KEY)  # a tab signed in without a server session (tests)
        session = _repository().check(int(session_id))
    if session is None:
        forget()
        return None
    st.session_state[SESSION_KEY] = session.id
    st.session_state[USER_KEY] = session.identifiant
    if session.has_cookie:
        st.session_state.pop(TICKET_KEY, None)
    return session.identifiant


def open_session(identifiant: str) -> None:
    """After a correct password: a server-side session and its ticket for the cookie."""
    with guard.database_guard():
        session_id, ticket = _repository().open(identifiant)
    st.session_state[USER_KEY] = identifiant
    st.session_state[SESSION_KEY] = session_id
    st.session_state[TICKET_KEY] = (ticket, time.monotonic())


def hand_over_cookie() -> None:
    """While a ticket waits, a one-pixel frame lets the app server set the cookie."""
    pending = st.session_state.get(TICKET_KEY)
    if not pending:
        return
    ticket, issued = pending
    if time.monotonic() - issued > TICKET_SECONDS:  # never exchanged: this tab keeps its sign-in only
        st.session_state.pop(TICKET_KEY, None)
        return
    with st.sidebar:
        st.iframe(f"/connexion/session?ticket={quote(ticket)}", height=1, tab_index=-1, alt=textes.CONNEXION_COOKIE_CADRE)


def forget() -> None:
    """Drop this tab's sign-in (the session itself is not touched)."""
    for key in (USER_KEY, SESSION_KEY, TICKET_KEY):
        st.session_state.pop(key, None)


def sign_out() -> None:
    """End the session on the server (every tab), then clear the cookie through the app server."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is not None:
        with guard.database_guard():
            _repository().revoke(int(session_id), "deconnexion")
    forget()
    st.session_state["auth.clear_cookie"] = True


def clear_cookie_frame() -> None:
    """After a sign-out, a one-pixel frame lets the app server clear the cookie."""
    if st.session_state.pop("auth.clear_cookie", False):
        with st.sidebar:
            st.iframe("/deconnexion", height=1, tab_index=-1, alt=textes.CONNEXION_COOKIE_CADRE)
