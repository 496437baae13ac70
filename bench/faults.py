"""Print how the atlas behaves under faults: concurrent writers, killed imports, disk and lock faults, PostgreSQL restart.

    python bench/faults.py
    eval "$(scripts/pg_test_server.sh start)"; python bench/faults.py   # adds the PostgreSQL restart

The drills are those of the tests (tests/support/faults.py), run on temporary
databases: 20 processes × 50 draft saves on one SQLite file; 20 imports of a
3,000-row file killed with SIGKILL at random points of their write; a locked,
read-only, full and deleted database while someone types on /contribuer (AppTest);
a restart of the throw-away PostgreSQL server while the atlas runs.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.atlas import open_atlas  # noqa: E402
from data.config import PROJECT_DIR, load_settings  # noqa: E402
from data.store.db import make_engine, write_transaction  # noqa: E402
from geo.layers import ensure_layers  # noqa: E402
from tests.support.faults import (  # noqa: E402
    FAULTS,
    TYPED,
    concurrent_writers,
    fault_drill,
    import_csv,
    kill_imports,
    migrated_sqlite,
)

CACHE = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache"))


def writers() -> None:
    print("== 1. Écritures simultanées : 20 processus × 50 brouillons (save_draft), un fichier SQLite")
    for label, timeout in (("délai d'attente par défaut (5 s)", None), ("délai d'attente réduit à 20 ms", "20")):
        previous = os.environ.get("ATLAS_DB_BUSY_TIMEOUT_MS")
        if timeout:
            os.environ["ATLAS_DB_BUSY_TIMEOUT_MS"] = timeout
        try:
            with tempfile.TemporaryDirectory() as tmp:
                result = concurrent_writers(migrated_sqlite(Path(tmp) / "atlas.db"))
        finally:
            if previous is None:
                os.environ.pop("ATLAS_DB_BUSY_TIMEOUT_MS", None)
            else:
                os.environ["ATLAS_DB_BUSY_TIMEOUT_MS"] = previous
        kinds = sorted({e.split(":", 1)[0] for e in result.errors})
        print(f"   {label} : lignes={result.rows} (journal {result.journal}) erreurs={len(result.errors)} {kinds or ''} "
              f"reprises={result.retries} durée={result.seconds:.2f} s "
              f"({result.rows / result.seconds:.0f} écritures/s) intégrité={result.integrity}")

    # Why BEGIN IMMEDIATE: a read-then-write transaction under contention (8 threads × 100).
    for label, immediate in (("engine.begin() (BEGIN différé de pysqlite)", False), ("write_transaction (BEGIN IMMEDIATE)", True)):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "compteur.db"
            engine = make_engine(f"sqlite:///{path}")
            with engine.begin() as conn:
                conn.exec_driver_sql("CREATE TABLE compteur (n INTEGER NOT NULL)")
                conn.exec_driver_sql("INSERT INTO compteur VALUES (0)")
            errors: list[str] = []

            def increment() -> None:
                own = make_engine(f"sqlite:///{path}")
                for _ in range(100):
                    try:
                        with (write_transaction(own) if immediate else own.begin()) as conn:
                            value = conn.exec_driver_sql("SELECT n FROM compteur").scalar()
                            conn.exec_driver_sql("UPDATE compteur SET n = ?", (value + 1,))
                    except Exception as exc:  # noqa: BLE001
                        errors.append(type(exc).__name__)
                own.dispose()

            threads = [threading.Thread(target=increment) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            with engine.connect() as conn:
                total = conn.exec_driver_sql("SELECT n FROM compteur").scalar()
            engine.dispose()
        print(f"   lire puis écrire, 8 fils × 100 : {label} → compteur={total}/800, mises à jour perdues={800 - total}, erreurs={len(errors)}")


def kills() -> None:
    print("== 2. Import tué (SIGKILL) 20 fois pendant son écriture : python -m data import-actions (3 000 lignes)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{folder / 'atlas.db'}", "ATLAS_CACHE_DIR": str(CACHE)})
        atlas = open_atlas(settings)
        data, ids = import_csv(atlas.territories, 3000)
        atlas.engine.dispose()
        file = folder / "actions.csv"
        file.write_bytes(data)
        env = dict(os.environ, ATLAS_DATABASE_URL=settings.database_url, ATLAS_CACHE_DIR=str(CACHE))
        started = time.perf_counter()
        result = kill_imports(folder / "atlas.db", file, ids, env, runs=20, seed=2024)
        seconds = time.perf_counter() - started
    cal = result.calibration
    print(f"   import complet d'étalonnage : écriture annoncée à {cal.write_started:.2f} s, fin à {cal.ended:.2f} s")
    delays = [r.ended - r.write_started for r in result.runs if r.write_started is not None]
    print(f"   tués : {sum(r.killed for r in result.runs)}/20 (les autres avaient fini), de {min(delays):.2f} à {max(delays):.2f} s après l'annonce de l'écriture")
    print(f"   après chaque arrêt : aucune ligne {result.none_left} fois, toutes les lignes {result.all_left} fois, "
          f"import partiel {result.partial} fois, intégrité en échec {result.corrupted} fois")
    print(f"   import mené à terme ensuite : {result.final_count}/{result.expected} lignes, intégrité={result.final_check} ({seconds:.0f} s en tout)")


def disk_faults() -> None:
    print("== 3. Pannes pendant la saisie sur /contribuer (AppTest, application réelle)")
    ensure_layers(CACHE)
    for kind in FAULTS:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                drill = fault_drill(kind, Path(tmp), CACHE)
            except RuntimeError as exc:
                print(f"   {kind} : non mesuré ({exc})")
                continue
        message = (drill.errors_during or ["(aucun message)"])[0]
        print(f"   {kind} : message « {message} »")
        print(f"      affiché en {drill.seconds_to_message:.2f} s ; trace Python montrée : {'oui' if drill.exceptions_during else 'non'} ; "
              f"saisie conservée : {'oui' if drill.typed_kept_during else 'NON'} ; "
              f"bouton « Réessayer » : {'oui' if drill.retry_offered else 'non (page arrêtée avant le formulaire)'}")
        print(f"      panne réparée → enregistré : {'oui' if drill.stored_after == TYPED else 'NON'} ; "
              f"erreur restante : {len(drill.errors_after)} ; intégrité={drill.integrity_after}")


def pg_restart() -> None:
    print("== 4. PostgreSQL redémarré pendant l'utilisation (pg_ctl restart -m fast)")
    server, folder = os.environ.get("ATLAS_TEST_PG_URL"), os.environ.get("ATLAS_PG_DIR")
    if not server or not folder:
        print('   non mesuré : lancez d\'abord eval "$(scripts/pg_test_server.sh start)"')
        return
    import sqlalchemy as sa

    from data.accounts.roles import CONTRIBUTOR, User
    from data.actions.fields import empty_saisie
    from data.actions.workflow import ContributionStore
    from data.store.db import DatabaseUnavailable

    name = f"atlas_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    restart = [str(PROJECT_DIR / "scripts" / "pg_test_server.sh"), "restart", folder]
    try:
        url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
        atlas = open_atlas(load_settings({"ATLAS_DATABASE_URL": url, "ATLAS_CACHE_DIR": str(CACHE)}))
        store = ContributionStore(atlas.engine)
        alice = User(identifiant="alice", role=CONTRIBUTOR, mode="local")
        saisie = empty_saisie() | {"titre": "Avant", "resume": "Un atelier."}
        atlas.actions.count()
        store.save_draft(alice, saisie)
        started = time.perf_counter()
        subprocess.run(restart, check=True)
        restarted = time.perf_counter()
        try:
            atlas.actions.count()
            recovered = True
        except Exception:  # noqa: BLE001
            recovered = False
        read_after = time.perf_counter() - restarted
        written = store.save_draft(alice, saisie | {"titre": "Après"}) is not None
        print(f"   redémarrage : {restarted - started:.2f} s ; lecture suivante réussie : {'oui' if recovered else 'non'} "
              f"en {read_after * 1000:.0f} ms ; écriture suivante réussie : {'oui' if written else 'non'}")

        saved, refused, other = [], [], []
        stop = threading.Event()

        def keep_writing() -> None:
            while not stop.is_set():
                try:
                    saved.append(store.save_draft(alice, saisie | {"titre": "Pendant"}).id)
                except DatabaseUnavailable as exc:
                    refused.append(exc.kind)
                except Exception as exc:  # noqa: BLE001
                    other.append(type(exc).__name__)

        writer = threading.Thread(target=keep_writing)
        writer.start()
        time.sleep(0.5)
        subprocess.run(restart, check=True)
        time.sleep(1.0)
        stop.set()
        writer.join()
        print(f"   écritures en continu pendant un redémarrage : réussies={len(saved)} refusées en français={len(refused)} "
              f"autres erreurs={len(other)} {sorted(set(other)) or ''}")
        atlas.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    print(f"Machine : {os.cpu_count()} cœurs ; Python {sys.version.split()[0]}")
    writers()
    kills()
    disk_faults()
    pg_restart()


if __name__ == "__main__":
    main()
