"""``python -m data import-actions`` killed with SIGKILL 20 times leaves no partial import.

The import writes its rows in one transaction (``data.store.db.write_transaction``).
Each run is killed at a random moment (seeded) after it announced the write:
inside the transaction or just after its commit. After every kill the database
holds none or all of the file's rows and passes ``PRAGMA integrity_check``; a
last run to completion stores every row once. Figures: ``python bench/faults.py``.
"""
from __future__ import annotations

import os
from pathlib import Path

from data.atlas import open_atlas
from data.store.db import sqlite_file
from tests.support.faults import import_csv, kill_imports, rows_present

ROWS = 3000
KILLS = 20


def test_killed_imports_leave_none_or_all_rows(settings, territories, tmp_path: Path) -> None:
    open_atlas(settings).engine.dispose()  # migrated, seed loaded: the command starts quickly
    data, ids = import_csv(territories, ROWS, seed=11, prefix="tue")
    file = tmp_path / "actions.csv"
    file.write_bytes(data)
    db = sqlite_file(settings.database_url)
    env = dict(os.environ, ATLAS_DATABASE_URL=settings.database_url, ATLAS_CACHE_DIR=str(settings.cache_dir))

    result = kill_imports(db, file, ids, env, runs=KILLS, seed=2024)

    assert len(result.runs) == KILLS
    assert all(run.write_started is not None for run in result.runs)  # every kill came after the write began
    assert result.partial == 0, result.counts  # never a part of the file
    assert set(result.counts) <= {0, ROWS}
    assert result.corrupted == 0, result.checks
    # A complete run afterwards stores every row, once.
    assert result.final_count == ROWS
    assert result.final_check == "ok"
    assert rows_present(db, ids) == ROWS
