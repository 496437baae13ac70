"""A SQLite database as a first start leaves it, built once per test session and copied.

A first start migrates the database, loads the guide, the shipped actions, the built-in
indicators and the official statistics (several hundred thousand values): tens of
seconds. Tests that open the app on a fresh database start from a copy instead (the
SQLite backup API gives a consistent file); the app then finds everything loaded and
unchanged, exactly as on a second start. The first start itself is tested in
``tests/core`` (``test_seed.py``, ``test_social_indicators.py``).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path


def build_seeded(path: Path, cache_dir: Path) -> Path:
    """Run a first start on the SQLite file ``path``; return it."""
    from data.atlas import open_atlas
    from data.config import load_settings

    atlas = open_atlas(load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{path}", "ATLAS_CACHE_DIR": str(cache_dir)}))
    atlas.engine.dispose()
    return path


def seeded_copy(template: Path, target: Path) -> str:
    """Copy the seeded database to ``target`` (consistent, through SQLite's backup API); its URL."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source, copy = sqlite3.connect(template), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return f"sqlite:///{target}"


def seeded_with_account(template: Path, target: Path, identifiant: str, role: str, password: str, nom: str = "") -> str:
    """A seeded copy holding one local account; its URL."""
    from data.accounts.auth import AccountRepository
    from data.store.db import make_engine

    url = seeded_copy(template, target)
    engine = make_engine(url)
    AccountRepository(engine).create(identifiant, role, password, nom=nom)
    engine.dispose()
    return url
