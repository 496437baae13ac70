"""Command-line tasks for operations: ``backup FILE`` and ``restore FILE``."""
from __future__ import annotations

import argparse
from pathlib import Path

from data import textes
from data.backup import BackupError, backup, restore
from data.config import load_settings


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent backup of the configured database."""
    try:
        path = backup(load_settings().database_url, Path(args.file))
    except BackupError as exc:
        print(exc)
        return 1
    print(textes.SAUVEGARDE_OK.format(chemin=path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the configured database's content with a backup, then migrate it."""
    settings = load_settings()
    try:
        restore(settings.database_url, Path(args.file))
    except BackupError as exc:
        print(exc)
        return 1
    from data.db import make_engine, migrate

    migrate(make_engine(settings.database_url))
    print(textes.RESTAURATION_OK.format(chemin=args.file))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the sub-commands on ``python -m data``."""
    save = sub.add_parser("backup", help="sauvegarder la base (copie cohérente, même pendant l'utilisation)")
    save.add_argument("file")
    save.set_defaults(func=cmd_backup)
    back = sub.add_parser("restore", help="remplacer le contenu de la base par une sauvegarde")
    back.add_argument("file")
    back.set_defaults(func=cmd_restore)
