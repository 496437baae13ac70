"""Signed-in sessions of local accounts: created at sign-in, revocable on the server.

A session is one row of ``sessions_connexion``. The page (Streamlit) opens it after
a correct password and gets a one-time *ticket* (valid one minute); the app server
exchanges that ticket for the session's *token* and puts it in a signed, HttpOnly
cookie. Every later run reads the cookie (a reload, a typed address, a new tab) or
the session id kept by the tab, and asks :meth:`SessionRepository.check`: a revoked
session (sign-out in another tab, account deactivated, password or role changed) or
one idle longer than the limit signs the person out at their next action. Only
SHA-256 digests of the token and the ticket are stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from data.store import schema
from data.store.db import write_transaction

COOKIE_NAME = "atlas_session"
TICKET_SECONDS = 60
#: The last-seen time is written at most this often (a run is not a write).
TOUCH_SECONDS = 60
#: The cookie's own lifetime; the idle limit is checked on the server.
COOKIE_MAX_AGE = 30 * 24 * 3600
REASONS = ("deconnexion", "compte_desactive", "mot_de_passe", "role", "inactivite")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def digest(secret: str) -> str:
    """SHA-256 digest (hex) under which a token or a ticket is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def sign(token: str, key: str) -> str:
    """The cookie value for ``token``: the token and its HMAC-SHA256 under ``key``."""
    mac = hmac.new(key.encode("utf-8"), token.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{token}.{mac}"


def unsign(value: str | None, key: str) -> str | None:
    """The token of a cookie value whose signature is right, else None."""
    if not value or len(value) > 200 or "." not in value:
        return None
    token, _, _mac = value.rpartition(".")
    return token if token and hmac.compare_digest(sign(token, key), value) else None


@dataclass(frozen=True)
class SignedSession:
    """A valid session: its id and the account's identifier."""

    id: int
    identifiant: str
    has_cookie: bool  # the ticket was exchanged: the browser holds the cookie


class SessionRepository:
    """Sessions stored through one engine; ``idle_hours`` is the idle limit."""

    def __init__(self, engine: sa.Engine, idle_hours: float = 8.0) -> None:
        self.engine = engine
        self.idle = dt.timedelta(hours=idle_hours)

    def open(self, identifiant: str) -> tuple[int, str]:
        """Open a session for an active account; returns its id and a one-time ticket."""
        ticket = secrets.token_urlsafe(32)
        now = _now()
        c = schema.comptes.c
        with write_transaction(self.engine) as conn:
            compte_id = conn.execute(sa.select(c.id).where(c.identifiant == identifiant, c.actif.is_(True))).scalar_one()
            new_id = conn.execute(
                sa.insert(schema.sessions_connexion).values(
                    compte_id=compte_id, ticket=digest(ticket), created_at=now, vu_at=now,
                    ticket_expire_at=now + dt.timedelta(seconds=TICKET_SECONDS),
                )
            ).inserted_primary_key[0]
        return int(new_id), ticket

    def redeem(self, ticket: str) -> str | None:
        """Exchange a fresh, unused ticket for the session's token (once), else None."""
        if not ticket or len(ticket) > 100:
            return None
        s = schema.sessions_connexion.c
        token = secrets.token_urlsafe(32)
        now = _now()
        with write_transaction(self.engine) as conn:
            row = conn.execute(
                sa.select(s.id, s.ticket_expire_at).where(s.ticket == digest(ticket), s.revoque_at.is_(None), s.jeton.is_(None))
            ).first()
            if row is None or _aware(row.ticket_expire_at) < now:
                return None
            conn.execute(
                sa.update(schema.sessions_connexion).where(s.id == row.id)
                .values(jeton=digest(token), ticket=None, ticket_expire_at=None, vu_at=now)
            )
        return token

    def find(self, token: str | None) -> int | None:
        """The id of the session holding ``token`` (valid or not), else None."""
        if not token:
            return None
        s = schema.sessions_connexion.c
        with self.engine.connect() as conn:
            return conn.execute(sa.select(s.id).where(s.jeton == digest(token))).scalar_one_or_none()

    def check(self, session_id: int) -> SignedSession | None:
        """The session if it is still valid (not revoked, not idle, active local account); touches it."""
        s, c = schema.sessions_connexion.c, schema.comptes.c
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(s.id, s.vu_at, s.revoque_at, s.jeton, c.identifiant, c.actif, c.mot_de_passe)
                .join(schema.comptes, c.id == s.compte_id).where(s.id == session_id)
            ).first()
        if row is None or row.revoque_at is not None or not row.actif or row.mot_de_passe is None:
            return None
        now = _now()
        seen = _aware(row.vu_at)
        if now - seen > self.idle:
            self.revoke(session_id, "inactivite")
            return None
        if (now - seen).total_seconds() > TOUCH_SECONDS:
            with write_transaction(self.engine) as conn:
                conn.execute(sa.update(schema.sessions_connexion).where(s.id == session_id).values(vu_at=now))
        return SignedSession(int(row.id), row.identifiant, row.jeton is not None)

    def revoke(self, session_id: int, reason: str = "deconnexion") -> None:
        """End one session (sign-out, idle limit)."""
        s = schema.sessions_connexion.c
        with write_transaction(self.engine) as conn:
            conn.execute(
                sa.update(schema.sessions_connexion).where(s.id == session_id, s.revoque_at.is_(None))
                .values(revoque_at=_now(), motif=reason, ticket=None)
            )


def revoke_account_sessions(conn: sa.Connection, compte_id: int, reason: str) -> int:
    """End every open session of an account inside the caller's transaction; returns how many."""
    s = schema.sessions_connexion.c
    return conn.execute(
        sa.update(schema.sessions_connexion).where(s.compte_id == compte_id, s.revoque_at.is_(None))
        .values(revoque_at=_now(), motif=reason, ticket=None)
    ).rowcount
