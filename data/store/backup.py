"""Consistent backups and restores of the atlas database.

SQLite: the online backup API copies a consistent snapshot while the app runs.
PostgreSQL: ``pg_dump`` (custom format) and ``pg_restore --clean``.
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa

from data import textes


class BackupError(RuntimeError):
    """A backup or restore failed; the message is in French."""


def _sqlite_path(url: sa.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError(textes.SAUVEGARDE_MEMOIRE)
    return Path(url.database)


def _libpq_url(url: sa.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)), None)
    if not found:
        raise BackupError(textes.SAUVEGARDE_OUTIL.format(outil=name))
    return str(found)


def backup(database_url: str, target: Path) -> Path:
    """Write a consistent backup of the database to ``target`` (never a half file)."""
    url = sa.make_url(database_url)
    target = Path(target)
    tmp = target.with_name(f".{target.name}.partiel")
    try:
        if url.get_backend_name() == "sqlite":
            source = _sqlite_path(url)
            if not source.is_file():
                raise BackupError(textes.SAUVEGARDE_BASE_ABSENTE.format(chemin=source))
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(tmp) as dst:
                src.backup(dst)
        elif url.get_backend_name() == "postgresql":
            run = subprocess.run(
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), _libpq_url(url)],
                capture_output=True, text=True,
            )
            if run.returncode != 0:
                raise BackupError(textes.SAUVEGARDE_ECHEC.format(detail=run.stderr.strip()[:300]))
        else:
            raise BackupError(textes.SAUVEGARDE_BASE_INCONNUE.format(base=url.get_backend_name()))
        tmp.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(textes.SAUVEGARDE_ECHEC.format(detail=exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def restore(database_url: str, source: Path) -> None:
    """Replace the database's content with a backup made by :func:`backup`."""
    url = sa.make_url(database_url)
    source = Path(source)
    if not source.is_file():
        raise BackupError(textes.SAUVEGARDE_FICHIER_ABSENT.format(chemin=source))
    try:
        if url.get_backend_name() == "sqlite":
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
                tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if "alembic_version" not in tables:
                    raise BackupError(textes.SAUVEGARDE_INVALIDE.format(chemin=source))
                target = _sqlite_path(url)
                target.parent.mkdir(parents=True, exist_ok=True)
                with sqlite3.connect(target, timeout=30) as dst:
                    src.backup(dst)
        elif url.get_backend_name() == "postgresql":
            run = subprocess.run(
                [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "--dbname", _libpq_url(url), str(source)],
                capture_output=True, text=True,
            )
            if run.returncode != 0:
                raise BackupError(textes.SAUVEGARDE_ECHEC.format(detail=run.stderr.strip()[:300]))
        else:
            raise BackupError(textes.SAUVEGARDE_BASE_INCONNUE.format(base=url.get_backend_name()))
    except sqlite3.DatabaseError as exc:
        raise BackupError(textes.SAUVEGARDE_INVALIDE.format(chemin=source)) from exc
