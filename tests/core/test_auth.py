"""Local accounts: salted argon2 hashes, sign-in, role changes, audit (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from data import textes
from data.accounts.auth import (
    AccountError,
    AccountRepository,
    hash_password,
    verify_password,
)
from data.accounts.roles import ADMIN, CONTRIBUTOR, MODERATOR
from data.store import schema

PASSWORD = "un mot de passe assez long"


def test_hashes_are_salted_argon2() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, PASSWORD) and not verify_password(first, PASSWORD + "!")
    assert not verify_password(None, PASSWORD) and not verify_password("pas un hash", PASSWORD)


def test_accounts_sign_in_and_audit(engine) -> None:
    accounts = AccountRepository(engine)
    accounts.create("Admin", ADMIN, PASSWORD, nom="Administratrice")
    accounts.create("alice", CONTRIBUTOR, PASSWORD)
    user = accounts.authenticate(" ADMIN ", PASSWORD)
    assert user is not None and user.identifiant == "admin" and user.role == ADMIN and user.mode == "local"
    assert accounts.authenticate("admin", "mauvais mot de passe") is None
    assert accounts.authenticate("personne", PASSWORD) is None
    with pytest.raises(AccountError, match="existe déjà"):
        accounts.create("alice", CONTRIBUTOR, PASSWORD)
    with pytest.raises(AccountError, match="trop court"):
        accounts.create("bob", CONTRIBUTOR, "court")
    with pytest.raises(AccountError):
        accounts.create("<script>", CONTRIBUTOR, PASSWORD)

    accounts.update("alice", "admin", role=MODERATOR)
    assert accounts.local_user("alice").role == MODERATOR
    accounts.update("alice", "admin", actif=False)
    assert accounts.authenticate("alice", PASSWORD) is None and accounts.local_user("alice") is None
    with pytest.raises(AccountError, match=textes.COMPTE_DERNIER_ADMIN):
        accounts.update("admin", "admin", role=CONTRIBUTOR)

    with engine.connect() as conn:
        stored = conn.execute(sa.select(schema.comptes.c.mot_de_passe)).scalars().all()
        journal = conn.execute(sa.select(schema.journal).where(schema.journal.c.objet == "compte")).all()
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in stored)
    assert len(journal) == 4
    assert all(PASSWORD not in str(row.apres) and "$argon2" not in str(row.apres) for row in journal)


def test_allow_list_entry_has_no_password(engine) -> None:
    accounts = AccountRepository(engine)
    accounts.create("agent@cd47.fr", MODERATOR)
    assert accounts.allow_listed_role("Agent@CD47.fr") == MODERATOR
    assert accounts.authenticate("agent@cd47.fr", "") is None  # cannot sign in locally
    assert accounts.local_user("agent@cd47.fr") is None
