"""PostgreSQL restarted while the atlas runs: the next read and the next write succeed.

The server is the throw-away one of ``scripts/pg_test_server.sh`` (restarted with
``scripts/pg_test_server.sh restart``, i.e. ``pg_ctl restart -m fast``). The engine
has ``pool_pre_ping``: a connection killed by the restart is noticed when it is
taken from the pool and replaced. A write caught by the restart itself either
succeeds (``write_transaction`` retries while the server does not answer) or raises
``DatabaseUnavailable`` with a French message, never anything else. Without
``ATLAS_TEST_PG_URL`` this test fails with instructions, unless ``ATLAS_SKIP_PG=1``.
"""
from __future__ import annotations

import os
import subprocess
import threading
import uuid

import pytest
import sqlalchemy as sa

from data.accounts.roles import CONTRIBUTOR, User
from data.actions.fields import empty_saisie
from data.actions.workflow import ContributionStore
from data.atlas import open_atlas
from data.config import PROJECT_DIR, load_settings
from data.store.db import DatabaseUnavailable

NO_DIR = (
    "Restarting PostgreSQL needs the throw-away server of scripts/pg_test_server.sh: "
    "run `eval \"$(scripts/pg_test_server.sh start)\"`, which also sets ATLAS_PG_DIR."
)


def restart_server() -> None:
    """``pg_ctl restart -m fast`` on the test server (waits until it accepts connections)."""
    subprocess.run([str(PROJECT_DIR / "scripts" / "pg_test_server.sh"), "restart", os.environ["ATLAS_PG_DIR"]], check=True)


@pytest.fixture
def pg_database(pg_server_url: str):  # noqa: F811
    """A fresh database; created and dropped through an engine that survives the restart."""
    if not os.environ.get("ATLAS_PG_DIR"):
        pytest.fail(NO_DIR, pytrace=False)
    name = f"atlas_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _saisie(titre: str) -> dict:
    return empty_saisie() | {"titre": titre, "resume": "Un atelier avec les habitants."}


def test_the_atlas_recovers_after_a_postgresql_restart(pg_database: str, geo_cache) -> None:
    atlas = open_atlas(load_settings({"ATLAS_DATABASE_URL": pg_database, "ATLAS_CACHE_DIR": str(geo_cache)}))
    store = ContributionStore(atlas.engine)
    alice = User(identifiant="alice", role=CONTRIBUTOR, mode="local")
    published = atlas.actions.count()
    assert published > 0
    before = store.save_draft(alice, _saisie("Avant le redémarrage"))

    restart_server()

    # The very next read and write succeed: the pool notices the dead connections.
    assert atlas.actions.count() == published
    after = store.save_draft(alice, _saisie("Après le redémarrage"))
    assert [d.titre for d in store.drafts_of(alice)] == ["Après le redémarrage", "Avant le redémarrage"]
    assert after.id != before.id

    # Writes going on while the server restarts: each one is saved or refused in French.
    stop = threading.Event()
    saved: list[int] = []
    refused: list[DatabaseUnavailable] = []
    other: list[BaseException] = []

    def keep_writing() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                saved.append(store.save_draft(alice, _saisie(f"Pendant le redémarrage {n}")).id)
            except DatabaseUnavailable as exc:
                refused.append(exc)
            except BaseException as exc:  # noqa: BLE001 - anything else is a failure of the test
                other.append(exc)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        restart_server()
        restarted = len(saved) + len(refused)
        for _ in range(6000):  # a few more writes once it is back (bounded: never hang the suite)
            if len(saved) + len(refused) >= restarted + 5:
                break
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert other == []
    assert len(saved) + len(refused) >= restarted + 5, "the writer made no progress after the restart"
    assert all(exc.kind == "injoignable" and "momentanément indisponible" in str(exc) for exc in refused)
    stored = {d.id for d in store.drafts_of(alice)}
    assert set(saved) <= stored
    final = store.save_draft(alice, _saisie("Tout est revenu"))
    assert final.id in {d.id for d in store.drafts_of(alice)}
    atlas.engine.dispose()
