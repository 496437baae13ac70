"""Server-side sessions of local accounts: one-time tickets, signed cookies, revocation
(sign-out, deactivation, password and role changes), idle limit (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from data.accounts.auth import AccountRepository
from data.accounts.roles import ADMIN, CONTRIBUTOR, MODERATOR
from data.accounts.sessions import SessionRepository, sign, unsign
from data.config import load_server_settings
from data.store import schema

PASSWORD = "un mot de passe assez long"


def _signed_in(engine, sessions: SessionRepository, who: str = "alice") -> tuple[int, str]:
    session_id, ticket = sessions.open(who)
    token = sessions.redeem(ticket)
    assert token is not None
    return session_id, token


def test_ticket_is_used_once_and_only_a_digest_is_stored(engine) -> None:
    AccountRepository(engine).create("alice", CONTRIBUTOR, PASSWORD)
    sessions = SessionRepository(engine)
    session_id, ticket = sessions.open("alice")
    assert sessions.check(session_id).has_cookie is False
    token = sessions.redeem(ticket)
    assert token and sessions.redeem(ticket) is None  # a second use of the ticket fails
    assert sessions.find(token) == session_id and sessions.check(session_id).identifiant == "alice"
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.sessions_connexion)).one()
    assert token not in (row.jeton or "") and ticket not in str(tuple(row)) and len(row.jeton) == 64


def test_expired_ticket_is_refused(engine) -> None:
    AccountRepository(engine).create("alice", CONTRIBUTOR, PASSWORD)
    sessions = SessionRepository(engine)
    _, ticket = sessions.open("alice")
    with engine.begin() as conn:
        conn.execute(sa.update(schema.sessions_connexion).values(
            ticket_expire_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert sessions.redeem(ticket) is None


def test_cookie_signature_is_checked() -> None:
    value = sign("jeton", "clé secrète " * 4)
    assert unsign(value, "clé secrète " * 4) == "jeton"
    assert unsign(value, "une autre clé " * 4) is None
    assert unsign("jeton." + "0" * 64, "clé secrète " * 4) is None
    assert unsign(None, "k") is None and unsign("x" * 500, "k") is None


def test_account_changes_and_sign_out_revoke_sessions(engine) -> None:
    accounts = AccountRepository(engine)
    accounts.create("root", ADMIN, PASSWORD)
    accounts.create("alice", CONTRIBUTOR, PASSWORD)
    sessions = SessionRepository(engine)
    for change, reason in (
        ({"role": MODERATOR}, "role"),
        ({"password": PASSWORD + " neuf"}, "mot_de_passe"),
        ({"actif": False}, "compte_desactive"),
    ):
        accounts.update("alice", "root", actif=True)
        first, _ = _signed_in(engine, sessions)
        second, _ = _signed_in(engine, sessions)  # another browser
        assert sessions.check(first) and sessions.check(second)
        accounts.update("alice", "root", **change)
        assert sessions.check(first) is None and sessions.check(second) is None
        with engine.connect() as conn:
            motifs = conn.execute(sa.select(schema.sessions_connexion.c.motif).where(
                schema.sessions_connexion.c.id.in_([first, second]))).scalars().all()
        assert motifs == [reason, reason]
    root, _ = _signed_in(engine, sessions, "root")
    sessions.revoke(root)
    assert sessions.check(root) is None


def test_idle_sessions_end(engine) -> None:
    AccountRepository(engine).create("alice", CONTRIBUTOR, PASSWORD)
    sessions = SessionRepository(engine, idle_hours=8)
    session_id, _ = _signed_in(engine, sessions)
    with engine.begin() as conn:
        conn.execute(sa.update(schema.sessions_connexion).values(
            vu_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=7, minutes=50)))
    assert sessions.check(session_id) is not None  # touched: the clock starts again
    with engine.begin() as conn:
        conn.execute(sa.update(schema.sessions_connexion).values(
            vu_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=8, minutes=1)))
    assert sessions.check(session_id) is None
    assert sessions.check(session_id) is None


def test_secret_key_is_generated_once_and_kept(tmp_path) -> None:
    env = {"ATLAS_VAR_DIR": str(tmp_path)}
    first = load_server_settings(env).secret_key
    assert len(first) >= 32 and load_server_settings(env).secret_key == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    given = "k" * 40
    assert load_server_settings({**env, "ATLAS_SECRET_KEY": given}).secret_key == given
    settings = load_server_settings({**env, "ATLAS_SESSION_IDLE_HOURS": "2", "ATLAS_EMBED_ORIGINS": "https://a.fr, javascript:x https://b.fr:8443/"})
    assert settings.session_idle_hours == 2 and settings.embed_origins == ("https://a.fr", "https://b.fr:8443")
