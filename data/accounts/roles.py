"""Who may do what: roles and pure permission checks (no Streamlit, no database).

Roles are ordered: a moderator can do everything a contributor can, an admin
everything a moderator can. Pages call :func:`can` (through ``components.auth``)
on every run, on the server side; hiding a button is never the only protection.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VISITOR = "visiteur"
CONTRIBUTOR = "contributeur"
MODERATOR = "moderateur"
ADMIN = "admin"
ROLES: tuple[str, ...] = (VISITOR, CONTRIBUTOR, MODERATOR, ADMIN)
RANK = {role: i for i, role in enumerate(ROLES)}

# Statuses of an action (French values stored in the database).
DRAFT = "brouillon"
SUBMITTED = "soumise"
PUBLISHED = "publiee"
REFUSED = "refusee"
ARCHIVED = "archivee"
STATUSES: tuple[str, ...] = (DRAFT, SUBMITTED, PUBLISHED, REFUSED, ARCHIVED)

# Moderation moves: current status → statuses a moderator may set.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    SUBMITTED: (PUBLISHED, REFUSED, ARCHIVED),
    REFUSED: (PUBLISHED, ARCHIVED),
    PUBLISHED: (ARCHIVED, REFUSED),
    ARCHIVED: (PUBLISHED,),
}
# Statuses of their own action a contributor may still change (then resubmit).
CONTRIBUTOR_EDITABLE = (SUBMITTED, REFUSED)

# Minimum role of each permission.
PERMISSIONS: dict[str, str] = {
    "read_published": VISITOR,
    "export": VISITOR,
    "contribute": CONTRIBUTOR,  # create drafts, submit them
    "import": CONTRIBUTOR,
    "moderate": MODERATOR,  # the queue, any action, the audit log
    "publish": MODERATOR,
    "refuse": MODERATOR,
    "archive": MODERATOR,
    "edit_any": MODERATOR,
    "read_audit": MODERATOR,
    "manage_accounts": ADMIN,
}


@dataclass(frozen=True)
class User:
    """The person using a session. ``identifiant`` is empty for an anonymous visitor."""

    identifiant: str = ""
    role: str = VISITOR
    nom: str = ""
    mode: str = "anonyme"  # "anonyme", "local" or "oidc"

    @property
    def signed_in(self) -> bool:
        """True when the person is identified (even with the visitor role)."""
        return bool(self.identifiant)

    @property
    def label(self) -> str:
        """Name to show: the display name, else the identifier."""
        return self.nom or self.identifiant


ANONYMOUS = User()


def has_role(user: User, minimum: str) -> bool:
    """True when ``user``'s role is at least ``minimum``."""
    return RANK.get(user.role, -1) >= RANK[minimum]


def _field(target: Any, name: str) -> Any:
    if isinstance(target, dict):
        return target.get(name)
    return getattr(target, name, None)


def can(user: User, permission: str, target: Any = None) -> bool:
    """May ``user`` do ``permission`` (on ``target``: an action or a draft)?

    Extra rules beyond the role:

    * ``edit`` an action: moderators any action; a contributor only an action they
      created that is still submitted or refused;
    * ``edit_draft`` / ``delete_draft``: only the draft's author;
    * ``publish``/``refuse``/``archive``: the move must be allowed from the
      action's current status (see ``TRANSITIONS``).
    """
    if permission in ("edit_draft", "delete_draft"):
        return has_role(user, CONTRIBUTOR) and target is not None and _field(target, "auteur") == user.identifiant
    if permission == "edit":
        if target is None or not has_role(user, CONTRIBUTOR):
            return False
        if has_role(user, MODERATOR):
            return True
        return _field(target, "created_by") == user.identifiant and _field(target, "statut") in CONTRIBUTOR_EDITABLE
    if permission not in PERMISSIONS:
        raise ValueError(f"permission inconnue : {permission}")
    if not has_role(user, PERMISSIONS[permission]):
        return False
    moves = {"publish": PUBLISHED, "refuse": REFUSED, "archive": ARCHIVED}
    if permission in moves and target is not None:
        return moves[permission] in TRANSITIONS.get(_field(target, "statut"), ())
    return True
