"""Accounts: local sign-in with argon2 password hashes, OIDC claim → role mapping.

Local mode keeps accounts in the ``comptes`` table (``mot_de_passe`` is an argon2id
hash, salted by the library). In OIDC mode the same table is an allow-list: a row
without password gives a role to a verified e-mail address. Account changes are
written to the audit log (never a password or a hash).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from data import textes
from data.accounts.roles import ADMIN, RANK, ROLES, VISITOR, User
from data.accounts.sessions import revoke_account_sessions
from data.config import AuthSettings
from data.store import schema
from data.store.audit import record
from data.store.db import write_transaction

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("mot de passe factice pour un temps constant")
IDENTIFIER_RE = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,199}$")
PASSWORD_MIN = 12


class AccountError(ValueError):
    """An account operation was refused; the message is in French."""


@dataclass(frozen=True)
class Account:
    """One row of ``comptes`` (without its hash)."""

    id: int
    identifiant: str
    nom: str
    role: str
    actif: bool
    local: bool  # has a password (local sign-in), else OIDC allow-list entry


def normalize_identifier(value: str) -> str:
    """Identifiers and e-mails compare case-insensitively, without blanks."""
    return (value or "").strip().lower()


def hash_password(password: str) -> str:
    """Salted argon2id hash of a password."""
    return _HASHER.hash(password)


def verify_password(hashed: str | None, password: str) -> bool:
    """True when ``password`` matches ``hashed`` (False for any malformed input)."""
    try:
        return _HASHER.verify(hashed or _DUMMY_HASH, password) and hashed is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> str | None:
    """French error for a password too weak to be accepted, or None."""
    if len(password or "") < PASSWORD_MIN:
        return textes.COMPTE_MDP_COURT.format(n=PASSWORD_MIN)
    return None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _revocation_reason(values: dict[str, Any]) -> str | None:
    """Why an account change ends its open sessions (None: it does not)."""
    if values.get("actif") is False:
        return "compte_desactive"
    if "mot_de_passe" in values:
        return "mot_de_passe"
    if "role" in values:
        return "role"
    return None


def _account(row: sa.Row) -> Account:
    return Account(row.id, row.identifiant, row.nom, row.role, bool(row.actif), row.mot_de_passe is not None)


class AccountRepository:
    """Accounts and allow-list entries stored through one engine."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def get(self, identifiant: str) -> Account | None:
        """The account with this identifier, or None."""
        c = schema.comptes.c
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(schema.comptes).where(c.identifiant == normalize_identifier(identifiant))).first()
        return _account(row) if row else None

    def list(self) -> list[Account]:
        """Every account, sorted by identifier."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(schema.comptes).order_by(schema.comptes.c.identifiant)).all()
        return [_account(r) for r in rows]

    def create(
        self, identifiant: str, role: str, password: str | None = None, nom: str = "", auteur: str = "cli"
    ) -> Account:
        """Create an account (``password`` None: an OIDC allow-list entry)."""
        ident = normalize_identifier(identifiant)
        if not IDENTIFIER_RE.match(ident):
            raise AccountError(textes.COMPTE_IDENTIFIANT_INVALIDE)
        if role not in ROLES:
            raise AccountError(textes.COMPTE_ROLE_INCONNU.format(role=role, attendus=", ".join(ROLES)))
        if password is not None:
            message = check_password(password)
            if message:
                raise AccountError(message)
        now = _now()
        hashed = hash_password(password) if password is not None else None
        try:
            # The INSERT comes first (write lock at once); the unique constraint catches duplicates.
            with write_transaction(self.engine) as conn:
                new_id = conn.execute(
                    sa.insert(schema.comptes).values(
                        identifiant=ident,
                        nom=(nom or "").strip()[:200],
                        role=role,
                        mot_de_passe=hashed,
                        actif=True,
                        created_at=now,
                        updated_at=now,
                    )
                ).inserted_primary_key[0]
                record(conn, auteur, "compte", new_id, "creation", None, {"identifiant": ident, "role": role, "local": password is not None})
        except sa.exc.IntegrityError:
            raise AccountError(textes.COMPTE_EXISTE.format(identifiant=ident)) from None
        account = self.get(ident)
        assert account is not None
        return account

    def update(
        self,
        identifiant: str,
        auteur: str,
        role: str | None = None,
        actif: bool | None = None,
        password: str | None = None,
    ) -> Account:
        """Change an account's role, active flag or password (audited)."""
        ident = normalize_identifier(identifiant)
        current = self.get(ident)
        if current is None:
            raise AccountError(textes.COMPTE_INCONNU.format(identifiant=ident))
        values: dict[str, Any] = {}
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if role is not None and role != current.role:
            if role not in ROLES:
                raise AccountError(textes.COMPTE_ROLE_INCONNU.format(role=role, attendus=", ".join(ROLES)))
            values["role"], before["role"], after["role"] = role, current.role, role
        if actif is not None and actif != current.actif:
            values["actif"], before["actif"], after["actif"] = actif, current.actif, actif
        if password is not None:
            message = check_password(password)
            if message:
                raise AccountError(message)
            values["mot_de_passe"] = hash_password(password)
            after["mot_de_passe"] = "modifié"
        if not values:
            return current
        if current.role == ADMIN and ("role" in values or values.get("actif") is False) and self._admins() <= 1:
            raise AccountError(textes.COMPTE_DERNIER_ADMIN)
        with write_transaction(self.engine) as conn:
            conn.execute(
                sa.update(schema.comptes).where(schema.comptes.c.identifiant == ident).values(updated_at=_now(), **values)
            )
            record(conn, auteur, "compte", current.id, "modification", before, after)
            reason = _revocation_reason(values)
            if reason:
                revoke_account_sessions(conn, current.id, reason)  # signed out at the next action
        account = self.get(ident)
        assert account is not None
        return account

    def _admins(self) -> int:
        c = schema.comptes.c
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(schema.comptes).where(c.role == ADMIN, c.actif.is_(True))
            ).scalar_one()

    def authenticate(self, identifiant: str, password: str) -> User | None:
        """The signed-in user for a correct identifier and password, else None.

        Unknown identifiers still cost one hash verification (no timing oracle).
        """
        c = schema.comptes.c
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(schema.comptes).where(c.identifiant == normalize_identifier(identifiant))
            ).first()
        hashed = row.mot_de_passe if row is not None else None
        ok = verify_password(hashed, password or "")
        if not ok or row is None or not row.actif:
            return None
        return User(identifiant=row.identifiant, role=row.role, nom=row.nom, mode="local")

    def local_user(self, identifiant: str) -> User | None:
        """The user of a signed-in local session, re-read on each run (role changes apply at once)."""
        account = self.get(identifiant)
        if account is None or not account.actif or not account.local:
            return None
        return User(identifiant=account.identifiant, role=account.role, nom=account.nom, mode="local")

    def allow_listed_role(self, email: str) -> str | None:
        """Role given to an e-mail address by an active allow-list row, or None."""
        account = self.get(email)
        if account is None or not account.actif:
            return None
        return account.role


def _claim_values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,]+", value) if v]
    if isinstance(value, dict):  # Keycloak: {"roles": [...]}
        return _claim_values(value.get("roles"))
    if isinstance(value, Iterable):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def _claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by name, dotted paths allowed (``realm_access.roles``)."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def role_from_claims(claims: dict[str, Any], claim: str | None, mapping: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The highest role granted by the identity token's ``claim``, or None.

    Each value of the claim (a string, a list such as Keycloak ``groups``, or a
    dotted path such as ``realm_access.roles``) is looked up in ``mapping``
    (``(value, role)`` pairs, groups may be written with or without their leading
    ``/``); a value that is itself a role name counts as that role.
    """
    if not claim:
        return None
    table = {value.strip("/"): role for value, role in mapping if role in ROLES}
    found = []
    for value in _claim_values(_claim(claims, claim)):
        key = value.strip("/")
        role = table.get(key) or (key if key in ROLES else None)
        if role:
            found.append(role)
    return max(found, key=RANK.__getitem__) if found else None


def oidc_user(claims: dict[str, Any], auth: AuthSettings, accounts: AccountRepository | None) -> User:
    """The user of an OIDC session from its identity claims.

    Role: from the configured claim, else the allow-list (only for an e-mail the
    provider marks as verified, when it says so), else visitor.
    """
    email = normalize_identifier(str(claims.get("email") or ""))
    identifiant = email or normalize_identifier(str(claims.get("sub") or ""))
    role = role_from_claims(claims, auth.oidc_role_claim, auth.oidc_role_map)
    if role is None and email and accounts is not None and claims.get("email_verified", True) is not False:
        role = accounts.allow_listed_role(email)
    if role is not None and accounts is not None and email:
        listed = accounts.get(email)
        if listed is not None and not listed.actif:
            role = None  # an administrator disabled this person in the atlas
    name = str(claims.get("name") or claims.get("preferred_username") or identifiant)
    return User(identifiant=identifiant, role=role or VISITOR, nom=name[:200], mode="oidc")
