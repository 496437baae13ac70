"""Permissions are pure functions of the user's role (and of the target's status)."""
from __future__ import annotations

import pytest

from data.accounts.auth import oidc_user, role_from_claims
from data.accounts.roles import (
    ADMIN,
    ANONYMOUS,
    CONTRIBUTOR,
    MODERATOR,
    VISITOR,
    User,
    can,
)
from data.config import AuthSettings, load_auth_settings

ALICE = User("alice", CONTRIBUTOR, mode="local")
BOB = User("bob", CONTRIBUTOR, mode="local")
MOD = User("mod", MODERATOR, mode="local")
ADM = User("adm", ADMIN, mode="local")
VIS = User("vis@example.org", VISITOR, mode="oidc")


@pytest.mark.parametrize(
    "permission, allowed",
    [
        ("read_published", {ANONYMOUS, VIS, ALICE, MOD, ADM}),
        ("export", {ANONYMOUS, VIS, ALICE, MOD, ADM}),
        ("contribute", {ALICE, MOD, ADM}),
        ("import", {ALICE, MOD, ADM}),
        ("moderate", {MOD, ADM}),
        ("publish", {MOD, ADM}),
        ("read_audit", {MOD, ADM}),
        ("manage_accounts", {ADM}),
    ],
)
def test_role_matrix(permission: str, allowed: set[User]) -> None:
    for user in (ANONYMOUS, VIS, ALICE, MOD, ADM):
        assert can(user, permission) is (user in allowed), (user.role, permission)


def test_edit_rules() -> None:
    mine_submitted = {"created_by": "alice", "statut": "soumise"}
    mine_published = {"created_by": "alice", "statut": "publiee"}
    assert can(ALICE, "edit", mine_submitted)
    assert can(ALICE, "edit", {"created_by": "alice", "statut": "refusee"})
    assert not can(ALICE, "edit", mine_published)  # published: moderators only
    assert not can(BOB, "edit", mine_submitted)
    assert can(MOD, "edit", mine_published) and can(ADM, "edit", mine_published)
    assert not can(ANONYMOUS, "edit", mine_submitted)
    assert can(ALICE, "edit_draft", {"auteur": "alice"}) and not can(BOB, "edit_draft", {"auteur": "alice"})
    assert not can(MOD, "edit_draft", {"auteur": "alice"})  # drafts are private


def test_transitions_depend_on_status() -> None:
    assert can(MOD, "publish", {"statut": "soumise"}) and can(MOD, "refuse", {"statut": "soumise"})
    assert can(MOD, "archive", {"statut": "publiee"}) and can(MOD, "publish", {"statut": "archivee"})
    assert not can(MOD, "publish", {"statut": "publiee"})
    assert not can(MOD, "archive", {"statut": "archivee"})
    assert not can(ALICE, "publish", {"statut": "soumise"})
    with pytest.raises(ValueError):
        can(MOD, "fly")


@pytest.mark.parametrize(
    "claims, expected",
    [
        ({"groups": ["/atlas-moderateurs", "/autre"]}, MODERATOR),
        ({"groups": "atlas-contributeurs"}, CONTRIBUTOR),
        ({"groups": ["atlas-contributeurs", "atlas-admins"]}, ADMIN),  # the highest wins
        ({"groups": ["admin"]}, ADMIN),  # a role name counts as itself
        ({"groups": ["inconnu"]}, None),
        ({"groups": []}, None),
        ({}, None),
    ],
)
def test_role_from_claim_with_mapping(claims: dict, expected: str | None) -> None:
    mapping = (("atlas-moderateurs", MODERATOR), ("atlas-contributeurs", CONTRIBUTOR), ("atlas-admins", ADMIN))
    assert role_from_claims(claims, "groups", mapping) == expected


def test_role_from_nested_keycloak_claim() -> None:
    claims = {"realm_access": {"roles": ["offline_access", "moderateur"]}}
    assert role_from_claims(claims, "realm_access.roles") == MODERATOR
    assert role_from_claims(claims, None) is None


def test_auth_settings_from_environment() -> None:
    auth = load_auth_settings(
        {"ATLAS_AUTH_MODE": "OIDC", "ATLAS_OIDC_ROLE_CLAIM": "groups", "ATLAS_OIDC_ROLE_MAP": "g1=moderateur, g2=admin,bad"}
    )
    assert auth.mode == "oidc" and auth.oidc_role_claim == "groups"
    assert auth.oidc_role_map == (("g1", "moderateur"), ("g2", "admin"))
    assert load_auth_settings({"ATLAS_AUTH_MODE": "n'importe quoi"}).mode == "local"
    assert load_auth_settings({}).mode == "local"


class FakeAccounts:
    """An allow-list in memory."""

    def __init__(self, rows: dict[str, tuple[str, bool]]) -> None:
        self.rows = rows

    def allow_listed_role(self, email: str) -> str | None:
        row = self.rows.get(email)
        return row[0] if row and row[1] else None

    def get(self, email: str):
        row = self.rows.get(email)
        if row is None:
            return None
        return type("A", (), {"actif": row[1], "role": row[0]})()


def test_oidc_user_from_claim_then_allow_list() -> None:
    auth = AuthSettings(mode="oidc", oidc_role_claim="groups", oidc_role_map=(("atlas-mod", MODERATOR),))
    accounts = FakeAccounts({"chef@cd47.fr": (ADMIN, True), "ancien@cd47.fr": (CONTRIBUTOR, False)})
    by_claim = oidc_user({"email": "Agent@CD47.fr", "groups": ["atlas-mod"], "name": "Agent"}, auth, accounts)
    assert by_claim == User("agent@cd47.fr", MODERATOR, "Agent", "oidc")
    assert oidc_user({"email": "chef@cd47.fr", "email_verified": True}, auth, accounts).role == ADMIN
    # Unverified e-mail: the allow-list is not trusted.
    assert oidc_user({"email": "chef@cd47.fr", "email_verified": False}, auth, accounts).role == VISITOR
    # Disabled in the atlas: no role even if the claim gives one.
    assert oidc_user({"email": "ancien@cd47.fr", "groups": ["atlas-mod"]}, auth, accounts).role == VISITOR
    assert oidc_user({"email": "inconnu@cd47.fr"}, auth, accounts).role == VISITOR
