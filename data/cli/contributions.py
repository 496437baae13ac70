"""Command-line tasks of contributions: accounts, bulk import and export of actions.

Registered on ``python -m data`` by :func:`add_commands`:

* ``create-user IDENTIFIANT --role admin`` (password asked twice, or read from
  ``--password-stdin``; ``--oidc`` creates an allow-list entry without password);
* ``set-user IDENTIFIANT [--role R] [--desactiver | --activer] [--nouveau-mot-de-passe]``;
* ``list-users``;
* ``import-actions FICHIER [--dry-run] [--rejets REJETS.csv]`` — the last line is
  ``read=N accepted=A rejected=R``;
* ``export-actions --format csv|xlsx|geojson FICHIER [--statut publiee …]``.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from data import textes
from data.accounts.roles import ADMIN, PUBLISHED, ROLES, STATUSES, User
from data.cli.common import file_command, missing_file, progress_bar


def _read_password(args: argparse.Namespace) -> str | None:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(textes.CLI_COMPTE_MDP)
    second = getpass.getpass(textes.CLI_COMPTE_MDP_2)
    if first != second:
        print(textes.COMPTE_MDP_DIFFERENTS)
        return None
    return first


def _accounts():
    from data.accounts.auth import AccountRepository
    from data.config import load_settings
    from data.store.db import make_engine, migrate

    engine = make_engine(load_settings().database_url)
    migrate(engine)
    return AccountRepository(engine)


def cli_user() -> User:
    """The author recorded for command-line work: ``cli:<system user>``."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry
        name = "inconnu"
    return User(identifiant=f"cli:{name}", role=ADMIN, nom=name, mode="cli")


def cmd_create_user(args: argparse.Namespace) -> int:
    """Create a local account (or an OIDC allow-list entry with --oidc)."""
    from data.accounts.auth import AccountError

    password = None if args.oidc else _read_password(args)
    if not args.oidc and password is None:
        return 1
    try:
        account = _accounts().create(args.identifiant, args.role, password, nom=args.nom or "", auteur=cli_user().identifiant)
    except AccountError as exc:
        print(exc)
        return 1
    print(textes.COMPTE_CREE.format(identifiant=account.identifiant, role=textes.ROLE_LIBELLES[account.role]))
    return 0


def cmd_set_user(args: argparse.Namespace) -> int:
    """Change an account's role, active flag or password."""
    from data.accounts.auth import AccountError

    password = _read_password(args) if args.nouveau_mot_de_passe else None
    if args.nouveau_mot_de_passe and password is None:
        return 1
    actif = True if args.activer else (False if args.desactiver else None)
    try:
        account = _accounts().update(args.identifiant, cli_user().identifiant, role=args.role, actif=actif, password=password)
    except AccountError as exc:
        print(exc)
        return 1
    print(textes.COMPTE_MODIFIE.format(identifiant=account.identifiant))
    return 0


def cmd_list_users(_args: argparse.Namespace) -> int:
    """Print every account."""
    for account in _accounts().list():
        kind = textes.COMPTES_TYPE_LOCAL if account.local else textes.COMPTES_TYPE_OIDC
        state = "" if account.actif else f" ({textes.COMPTES_INACTIF})"
        print(f"{account.identifiant}\t{textes.ROLE_LIBELLES[account.role]}\t{kind}{state}")
    return 0


def _context(atlas):
    from data.actions.validation import Context
    from data.atlas import PlacePoints
    from geo.layers import load_locator

    return Context(atlas.guide, atlas.territories, PlacePoints(atlas.settings.cache_dir), load_locator(atlas.settings.cache_dir))


def cmd_import_actions(args: argparse.Namespace) -> int:
    """Validate a file of actions, print every rejected row, then import (unless --dry-run)."""
    from data.actions.imports import (
        ImportConflictError,
        commit,
        preview,
        rejected_rows_csv,
    )
    from data.actions.workflow import ContributionStore
    from data.atlas import open_atlas
    from data.config import load_settings
    from data.files.tabular import ImportFileError
    from data.store.db import DatabaseUnavailable

    path = Path(args.file)
    if missing_file(path, textes.IMPORT_ACT_FICHIER_INTROUVABLE, "read=0 accepted=0 rejected=0"):
        return 1
    atlas = open_atlas(load_settings())
    store = ContributionStore(atlas.engine)
    try:
        report = preview(path.read_bytes(), path.name, _context(atlas), store, progress=progress_bar)
    except ImportFileError as exc:
        sys.stderr.write("\n")
        print(f"{path.name} : {exc}")
        print("read=0 accepted=0 rejected=0")
        return 1
    for row in report.rows:
        if row.status == "rejetee":
            for reason in row.errors:
                print(textes.CLI_IMPORT_ACT_LIGNE.format(ligne=row.line, motif=reason))
    if args.rejets:
        Path(args.rejets).write_bytes(rejected_rows_csv(report))
    status = 0
    if args.dry_run:
        print(textes.CLI_IMPORT_ACT_SIMULATION)
    else:
        try:
            commit(report, store, cli_user(), progress=progress_bar)
        except ImportConflictError as exc:
            print(exc)
            status = 1
        except DatabaseUnavailable as exc:
            sys.stderr.write("\n")
            print(textes.CLI_IMPORT_ACT_PANNE.format(message=exc))
            status = 1
        print(textes.CLI_IMPORT_ACT_CREEES.format(n=report.created, presentes=report.existing))
    print(report.summary_line())
    return status


def cmd_export_actions(args: argparse.Namespace) -> int:
    """Write the published actions (or other statuses) to a CSV, XLSX or GeoJSON file."""
    from data.actions.exports import export_bytes, export_frame
    from data.atlas import open_atlas
    from data.config import load_settings

    atlas = open_atlas(load_settings())
    statuts = tuple(args.statut or [PUBLISHED])
    frame = export_frame(atlas.actions, atlas.territories, statuts=statuts)
    Path(args.file).write_bytes(export_bytes(frame, args.format))
    print(textes.CLI_EXPORT_OK.format(n=len(frame), fichier=args.file, format=args.format))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the sub-commands on the ``python -m data`` parser."""
    create = sub.add_parser("create-user", help="créer un compte local (ou une autorisation OIDC avec --oidc)")
    create.add_argument("identifiant")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--nom", help="nom affiché")
    create.add_argument("--oidc", action="store_true", help="entrée de liste d'accès OIDC, sans mot de passe")
    create.add_argument("--password-stdin", action="store_true", help="lire le mot de passe sur l'entrée standard")
    create.set_defaults(func=cmd_create_user)
    change = sub.add_parser("set-user", help="changer le rôle, l'état ou le mot de passe d'un compte")
    change.add_argument("identifiant")
    change.add_argument("--role", choices=ROLES)
    state = change.add_mutually_exclusive_group()
    state.add_argument("--activer", action="store_true")
    state.add_argument("--desactiver", action="store_true")
    change.add_argument("--nouveau-mot-de-passe", action="store_true")
    change.add_argument("--password-stdin", action="store_true")
    change.set_defaults(func=cmd_set_user)
    sub.add_parser("list-users", help="lister les comptes").set_defaults(func=cmd_list_users)
    imp = file_command(
        sub, "import-actions", "importer des actions (CSV, XLSX, GeoJSON) ; dernière ligne read= accepted= rejected=", cmd_import_actions
    )
    imp.add_argument("--dry-run", action="store_true", help="valider et compter sans rien écrire")
    imp.add_argument("--rejets", help="écrire les lignes rejetées et leurs motifs dans ce CSV")
    exp = sub.add_parser("export-actions", help="exporter les actions publiées en CSV, XLSX ou GeoJSON")
    exp.add_argument("--format", choices=("csv", "xlsx", "geojson"), required=True)
    exp.add_argument("--statut", action="append", choices=STATUSES, help="statut(s) à exporter (défaut : publiee)")
    exp.add_argument("file")
    exp.set_defaults(func=cmd_export_actions)
