"""Twenty processes saving drafts at once on one SQLite file: 1,000 rows, no error.

Each writer is a separate process (``spawn``) with its own engine and saves 50
new drafts with ``ContributionStore.save_draft``, what the form's autosave
calls. Writes take the lock with ``BEGIN IMMEDIATE`` and wait for it (busy
timeout), then retry a bounded number of times (``data.store.db.write_transaction``).
Figures (time, retries): ``python bench/faults.py``.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from data.accounts.roles import CONTRIBUTOR, User
from data.actions.fields import empty_saisie
from data.actions.workflow import ContributionStore
from data.store.db import DatabaseUnavailable, make_engine, write_stats
from tests.support.faults import concurrent_writers, migrated_sqlite

WRITERS = 20
SAVES = 50
ALICE = User(identifiant="alice", role=CONTRIBUTOR, mode="local")


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return migrated_sqlite(tmp_path / "atlas.db")


def _draft(titre: str) -> dict:
    return empty_saisie() | {"titre": titre, "resume": "Un atelier cuisine avec les habitants."}


def _count(path: Path, table: str = "brouillons") -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_twenty_processes_save_a_thousand_drafts(db_file: Path) -> None:
    result = concurrent_writers(db_file, writers=WRITERS, saves=SAVES)
    assert result.errors == []
    assert result.saved == WRITERS * SAVES
    assert result.rows == WRITERS * SAVES  # exactly: nothing lost, nothing doubled
    assert result.journal == WRITERS * SAVES  # each draft with its audit entry, same transaction
    assert result.integrity == "ok"


def test_a_lock_released_during_the_retries_lets_the_write_through(db_file: Path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_DB_BUSY_TIMEOUT_MS", "20")
    store = ContributionStore(make_engine(f"sqlite:///{db_file}"))
    locker = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    retries_before = write_stats().retries

    def release_after_first_retry() -> None:  # no clock: released once a retry has happened
        while write_stats().retries == retries_before:
            threading.Event().wait(0.005)
        locker.execute("ROLLBACK")

    releaser = threading.Thread(target=release_after_first_retry)
    releaser.start()
    draft = store.save_draft(ALICE, _draft("Écrit après le verrou"))
    releaser.join(timeout=60)
    locker.close()
    assert draft is not None and write_stats().retries > retries_before
    assert _count(db_file) == 1
    store.engine.dispose()


def test_a_lock_held_too_long_is_a_french_refusal_after_bounded_tries(db_file: Path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_DB_BUSY_TIMEOUT_MS", "20")
    monkeypatch.setenv("ATLAS_DB_WRITE_TRIES", "4")
    store = ContributionStore(make_engine(f"sqlite:///{db_file}"))
    locker = sqlite3.connect(db_file, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    before = write_stats()
    try:
        with pytest.raises(DatabaseUnavailable) as refused:
            store.save_draft(ALICE, _draft("Jamais écrit"))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    after = write_stats()
    assert refused.value.kind == "verrouillee"
    assert str(refused.value) == "La base de données est momentanément indisponible : elle est occupée par une autre opération, comme un import ou une sauvegarde."
    assert after.retries - before.retries == 3 and after.failures - before.failures == 1
    assert _count(db_file) == 0 and _count(db_file, "journal") == 0
    assert store.save_draft(ALICE, _draft("Écrit une fois le verrou levé")) is not None
    store.engine.dispose()


def test_a_write_transaction_reads_see_a_stable_snapshot_under_contention(db_file: Path) -> None:
    """BEGIN IMMEDIATE: a transaction that reads then writes never fails half-way
    because another writer committed in between (SQLITE_BUSY_SNAPSHOT)."""
    from data.store.db import write_transaction

    engine = make_engine(f"sqlite:///{db_file}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE compteur (n INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO compteur VALUES (0)")
    engine.dispose()
    errors: list[BaseException] = []

    def increment(times: int) -> None:
        own = make_engine(f"sqlite:///{db_file}")
        for _ in range(times):
            try:
                with write_transaction(own) as conn:
                    value = conn.exec_driver_sql("SELECT n FROM compteur").scalar()
                    conn.exec_driver_sql("UPDATE compteur SET n = ?", (value + 1,))
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
        own.dispose()

    threads = [threading.Thread(target=increment, args=(100,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT n FROM compteur").fetchone()[0] == 800  # no lost update


def _write_paths(engine) -> dict:
    """Every write of the product besides drafts: accounts, metadata, indicators, fiches."""
    from data.accounts.auth import AccountRepository
    from data.actions.models import Fiche
    from data.actions.repository import ActionRepository
    from data.guide.catalogue import import_fiches
    from data.indicators.catalogue import Indicator, IndicatorStore

    indicator = Indicator(
        code="places_creche", libelle="Places en crèche", definition="Nombre de places.", unite="places",
        famille="population", origine="importe", source="Test", agregation="somme",
    )
    return {
        "compte": lambda: AccountRepository(engine).create("bob", CONTRIBUTOR, password="mot de passe assez long"),
        "meta": lambda: ActionRepository(engine).set_meta("cle", "valeur"),
        "indicateur": lambda: IndicatorStore(engine).save_indicator(indicator),
        "fiches": lambda: import_fiches(engine, [Fiche(numero=2, statut="confirmee", titre="Titre importé")]),
    }


@pytest.mark.parametrize("path", ["compte", "meta", "indicateur", "fiches"])
def test_every_write_path_is_refused_in_french_under_a_held_lock(db_file: Path, monkeypatch, path: str) -> None:
    """Accounts, metadata, indicators and fiches write through ``write_transaction`` too:
    under a lock held too long they give the same French refusal and write nothing;
    once the lock is gone the same call goes through."""
    monkeypatch.setenv("ATLAS_DB_BUSY_TIMEOUT_MS", "20")
    monkeypatch.setenv("ATLAS_DB_WRITE_TRIES", "2")
    engine = make_engine(f"sqlite:///{db_file}")
    write = _write_paths(engine)[path]
    with sqlite3.connect(db_file) as conn:
        before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("comptes", "atlas_meta", "indicateurs", "fiches")}
    locker = sqlite3.connect(db_file, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailable) as refused:
            write()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert refused.value.kind == "verrouillee"
    with sqlite3.connect(db_file) as conn:
        assert {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before} == before
    write()  # the lock is gone: the same write goes through
    engine.dispose()
