"""Backups are consistent and a restore brings back every action and audit entry."""
from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa

from data.atlas import open_atlas
from data.config import PROJECT_DIR
from data.store import schema
from data.store.backup import BackupError, backup, restore


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in schema.metadata.tables.items()
        }


def test_backup_then_restore_finds_everything(settings, tmp_path) -> None:
    atlas = open_atlas(settings)
    engine = atlas.engine
    with engine.begin() as conn:
        conn.execute(
            sa.insert(schema.journal).values(
                horodatage=sa.func.current_timestamp(), auteur="test", objet="action", objet_id=1, operation="essai",
                avant=None, apres={"titre": "x"},
            )
        )
    before = _counts(engine)
    assert before["actions"] >= 40 and before["journal"] >= 1
    with engine.connect() as reader:  # a reader keeps a snapshot open: the backup still completes
        reader.execute(sa.select(schema.actions.c.id)).first()
        saved = backup(settings.database_url, tmp_path / "sauvegarde.db")
    with engine.begin() as conn:
        conn.execute(sa.delete(schema.journal))
        conn.execute(sa.delete(schema.actions))
    assert _counts(engine)["actions"] == 0
    restore(settings.database_url, saved)
    engine.dispose()
    assert _counts(engine) == before


def test_bad_backups_are_refused_in_french(settings, tmp_path) -> None:
    open_atlas(settings)
    junk = tmp_path / "pas_une_base.db"
    junk.write_bytes(b"ceci n'est pas une base")
    with pytest.raises(BackupError, match="n'est pas une sauvegarde"):
        restore(settings.database_url, junk)
    with pytest.raises(BackupError, match="introuvable"):
        restore(settings.database_url, tmp_path / "absente.db")
    with pytest.raises(BackupError, match="introuvable"):
        backup(f"sqlite:///{tmp_path / 'absente.db'}", tmp_path / "x.db")


def test_cli_backup_and_restore(settings, tmp_path) -> None:
    open_atlas(settings)
    env = {"ATLAS_DATABASE_URL": settings.database_url, "ATLAS_CACHE_DIR": str(settings.cache_dir), "PATH": "/usr/bin:/bin"}
    target = tmp_path / "cli.db"
    run = subprocess.run([sys.executable, "-m", "data", "backup", str(target)], cwd=PROJECT_DIR, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0 and "Sauvegarde écrite" in run.stdout
    run = subprocess.run([sys.executable, "-m", "data", "restore", str(target)], cwd=PROJECT_DIR, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0 and "Base restaurée" in run.stdout


def test_backup_and_restore_on_both_databases(db_url, geo_cache, tmp_path) -> None:
    """Same round trip through pg_dump / pg_restore on PostgreSQL (and the backup API on SQLite)."""
    from data.atlas import Atlas
    from data.config import load_settings
    from data.store.db import make_engine, migrate

    settings = load_settings({"ATLAS_DATABASE_URL": db_url, "ATLAS_CACHE_DIR": str(geo_cache)})
    engine = make_engine(db_url)
    migrate(engine)
    Atlas(settings, engine).load_seed()
    with engine.begin() as conn:
        conn.execute(
            sa.insert(schema.journal).values(
                horodatage=sa.func.current_timestamp(), auteur="test", objet="action", objet_id=1, operation="essai"
            )
        )
    before = _counts(engine)
    saved = backup(db_url, tmp_path / "base.dump")
    with engine.begin() as conn:
        conn.execute(sa.delete(schema.journal))
        conn.execute(sa.delete(schema.actions))
    engine.dispose()
    restore(db_url, saved)
    assert _counts(engine) == before and before["actions"] >= 40
    engine.dispose()
