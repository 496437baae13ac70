"""Command-line tasks for operations: ``backup FILE`` and ``restore FILE``."""
from __future__ import annotations

import argparse
from pathlib import Path

from data import textes
from data.cli.common import file_command
from data.config import load_settings
from data.store.backup import BackupError, backup, restore


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
    from data.store.db import make_engine, migrate

    migrate(make_engine(settings.database_url))
    print(textes.RESTAURATION_OK.format(chemin=args.file))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the sub-commands on ``python -m data``."""
    file_command(sub, "backup", "sauvegarder la base (copie cohérente, même pendant l'utilisation)", cmd_backup)
    file_command(sub, "restore", "remplacer le contenu de la base par une sauvegarde", cmd_restore)
