"""Database faults at the level of the data layer: each one becomes a French
``DatabaseUnavailable`` with nothing written, and the next write after the fault works.

The same faults seen by a person typing on /contribuer: tests/pages/test_db_faults.py.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from data.accounts.roles import CONTRIBUTOR, User
from data.actions.fields import empty_saisie
from data.actions.workflow import ContributionStore
from data.atlas import open_atlas
from data.config import PROJECT_DIR
from data.store.backup import backup, restore
from data.store.db import DatabaseUnavailable, fault_kind, make_engine
from tests.support.faults import import_csv, migrated_sqlite, rows_present

ALICE = User(identifiant="alice", role=CONTRIBUTOR, mode="local")


def _draft(titre: str, resume: str = "Un atelier avec les habitants.") -> dict:
    return empty_saisie() | {"titre": titre, "resume": resume}


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return migrated_sqlite(tmp_path / "base" / "atlas.db")


def test_a_read_only_database_refuses_writes_in_french_and_still_reads(db_file: Path) -> None:
    store = ContributionStore(make_engine(f"sqlite:///file:{db_file}?mode=ro&uri=true"))
    assert store.drafts_of(ALICE) == []
    with pytest.raises(DatabaseUnavailable) as refused:
        store.save_draft(ALICE, _draft("Jamais écrit"))
    assert refused.value.kind == "lecture_seule"
    assert str(refused.value) == "La base de données est momentanément indisponible : elle est en lecture seule."
    store.engine.dispose()
    assert ContributionStore(make_engine(f"sqlite:///{db_file}")).save_draft(ALICE, _draft("Écrit")) is not None


def test_a_deleted_database_is_noticed_and_never_recreated_empty(db_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{db_file}"
    store = ContributionStore(make_engine(url))
    first = store.save_draft(ALICE, _draft("Avant la suppression"))
    saved = backup(url, tmp_path / "sauvegarde.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    with pytest.raises(DatabaseUnavailable) as refused:  # nothing goes into the deleted file
        store.save_draft(ALICE, _draft("Pendant"))
    assert refused.value.kind == "introuvable"
    with pytest.raises(sa.exc.OperationalError) as unreadable:
        store.drafts_of(ALICE)
    assert fault_kind(unreadable.value, store.engine) == "introuvable"
    assert not db_file.exists()
    restore(url, saved)  # the administrator puts the backup back: the running engine follows
    assert [d.titre for d in store.drafts_of(ALICE)] == ["Avant la suppression"]
    again = store.save_draft(ALICE, _draft("Après la restauration"), draft_id=first.id)
    assert again.id == first.id and store.draft(ALICE, first.id).titre == "Après la restauration"
    store.engine.dispose()


def test_a_full_database_refuses_in_french_then_accepts(db_file: Path) -> None:
    with sqlite3.connect(db_file) as conn:
        conn.execute("VACUUM")  # no free page left: the next draft must grow the file
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    engine = make_engine(f"sqlite:///{db_file}")
    sa.event.listen(engine, "connect", lambda dbapi, _rec: dbapi.execute(f"PRAGMA max_page_count = {pages}"))
    store = ContributionStore(engine)
    with pytest.raises(DatabaseUnavailable) as refused:
        store.save_draft(ALICE, _draft("Trop gros", "x" * 20_000))
    assert refused.value.kind == "pleine"
    assert str(refused.value) == "La base de données est momentanément indisponible : le disque ou la base est plein."
    engine.dispose()
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM brouillons").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 0
    assert ContributionStore(make_engine(f"sqlite:///{db_file}")).save_draft(ALICE, _draft("Trop gros", "x" * 20_000))


def test_other_errors_are_not_hidden_as_faults(db_file: Path) -> None:
    engine = make_engine(f"sqlite:///{db_file}")
    with pytest.raises(sa.exc.OperationalError) as bug:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT * FROM table_qui_n_existe_pas")
    assert fault_kind(bug.value, engine) is None
    with pytest.raises(sa.exc.IntegrityError) as duplicate:
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO atlas_meta (cle, valeur) VALUES ('x', '1')")
            conn.exec_driver_sql("INSERT INTO atlas_meta (cle, valeur) VALUES ('x', '2')")
    assert fault_kind(duplicate.value, engine) is None
    engine.dispose()


def test_the_import_command_reports_a_locked_database_in_french(settings, territories, tmp_path: Path) -> None:
    open_atlas(settings).engine.dispose()
    data, ids = import_csv(territories, 20, prefix="verrou")
    file = tmp_path / "actions.csv"
    file.write_bytes(data)
    db = Path(sa.engine.make_url(settings.database_url).database)
    env = dict(os.environ, ATLAS_DATABASE_URL=settings.database_url, ATLAS_CACHE_DIR=str(settings.cache_dir),
               ATLAS_DB_BUSY_TIMEOUT_MS="50")
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        run = subprocess.run([sys.executable, "-m", "data", "import-actions", str(file)], cwd=PROJECT_DIR, env=env,
                             capture_output=True, text=True, timeout=300)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "Import interrompu, rien n'a été écrit : La base de données est momentanément indisponible : elle est occupée" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "read=20 accepted=20 rejected=0"
    assert rows_present(db, ids) == 0
