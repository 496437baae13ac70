"""Fault drills shared by the tests and ``bench/faults.py``.

Nothing here stands in for the product: the writers save drafts with
``ContributionStore.save_draft`` (what the form's autosave calls), each in its own
process with its own engine; the imports are ``python -m data import-actions``
subprocesses killed with SIGKILL; the disk and lock faults are real (a second
connection holding ``BEGIN EXCLUSIVE``, ``chattr +i``, a full tmpfs, deleted files)
while the real app runs in Streamlit's AppTest.
"""
from __future__ import annotations

import csv
import io
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
WRITE_MARKER = "Écriture des actions"


def migrated_sqlite(path: Path) -> Path:
    """A new SQLite file at ``path`` with every migration applied."""
    from data.store.db import make_engine, migrate

    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


# --- 1. concurrent writers --------------------------------------------------------------


def _writer(url: str, worker: int, saves: int, barrier, results) -> None:
    """One process: its own engine, ``saves`` new drafts saved through the product."""
    sys.path.insert(0, str(PROJECT_DIR))
    from data.accounts.roles import CONTRIBUTOR, User
    from data.actions.fields import empty_saisie
    from data.actions.workflow import ContributionStore
    from data.store.db import make_engine, write_stats

    engine = make_engine(url)
    store = ContributionStore(engine)
    user = User(identifiant=f"equipe-{worker:02d}", role=CONTRIBUTOR, nom=f"Équipe {worker}", mode="local")
    errors: list[str] = []
    saved = 0
    barrier.wait()
    started = time.perf_counter()
    for n in range(saves):
        saisie = empty_saisie() | {
            "titre": f"Atelier {worker}-{n} : cuisine partagée au centre social",
            "resume": "Des habitants et une conseillère en économie sociale et familiale préparent un repas.",
            "date_debut": "2024-09-15",
            "porteurs": "Centre social du quartier",
        }
        try:
            if store.save_draft(user, saisie) is not None:
                saved += 1
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none hidden
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
    results.put(
        {"worker": worker, "saved": saved, "errors": errors, "retries": write_stats().retries,
         "seconds": time.perf_counter() - started}
    )
    engine.dispose()


@dataclass
class WritersResult:
    """What the concurrent writers did."""

    rows: int
    journal: int
    saved: int
    errors: list[str]
    retries: int
    seconds: float
    integrity: str


def concurrent_writers(db_file: Path, writers: int = 20, saves: int = 50) -> WritersResult:
    """``writers`` spawned processes × ``saves`` draft saves each on one SQLite file (already migrated)."""
    url = f"sqlite:///{db_file}"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(writers + 1)
    results = ctx.Queue()
    processes = [ctx.Process(target=_writer, args=(url, w, saves, barrier, results)) for w in range(writers)]
    # ``spawn`` re-runs the parent's ``__main__`` file in each child; after an AppTest in
    # the same pytest process that is app.py. The children need only this module.
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for process in processes:
            process.start()
    finally:
        sys.modules["__main__"] = main
    barrier.wait(timeout=120)  # every process has imported the code and opened its engine
    started = time.perf_counter()
    outcomes = [results.get(timeout=600) for _ in processes]
    seconds = time.perf_counter() - started
    for process in processes:
        process.join(timeout=60)
    errors = [e for o in outcomes for e in o["errors"]]
    errors += [f"processus {p.pid} : code {p.exitcode}" for p in processes if p.exitcode != 0]
    with sqlite3.connect(db_file) as conn:
        rows = conn.execute("SELECT count(*) FROM brouillons").fetchone()[0]
        journal = conn.execute("SELECT count(*) FROM journal WHERE objet = 'brouillon' AND operation = 'creation'").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return WritersResult(rows, journal, sum(o["saved"] for o in outcomes), errors, sum(o["retries"] for o in outcomes), seconds, integrity)


# --- 2. imports killed with SIGKILL -------------------------------------------------------


def import_csv(territories, rows: int, seed: int = 11, prefix: str = "kill") -> tuple[bytes, list[str]]:
    """A CSV of ``rows`` valid actions placed by INSEE code, and their identifiers."""
    rng = random.Random(seed)
    communes = territories.communes[territories.communes["type"] == "COM"]["code"].tolist()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["identifiant", "titre", "resume", "date_debut", "methodes", "publics", "fiches", "porteurs", "sources", "code_commune"])
    ids = []
    for i in range(rows):
        ids.append(f"{prefix}-{i:05d}")
        writer.writerow([
            ids[-1], f"Action collective n° {i}", "Un groupe d'habitants et une équipe de travail social construisent un projet.",
            f"{2010 + i % 15}-0{1 + i % 9}-15", "travail-social-groupe | pouvoir-d-agir", "habitants", f"{1 + i % 26} | 3",
            "Centre social du quartier", "https://www.exemple.org/actions Présentation", rng.choice(communes),
        ])
    return out.getvalue().encode("utf-8-sig"), ids


@dataclass
class ImportRun:
    """One run of ``python -m data import-actions``: when it reached the write, when it ended."""

    killed: bool
    write_started: float | None  # seconds after the start, None if never reached
    ended: float  # seconds after the start (kill or exit)
    returncode: int
    output: str = ""


def run_import(file: Path, env: dict[str, str], kill_after_write: float | None = None) -> ImportRun:
    """Run the import command; with ``kill_after_write``, SIGKILL it that many seconds after
    it announced the write (``Écriture des actions…``, printed just before the transaction)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "data", "import-actions", str(file)],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    writing = threading.Event()
    seen: dict[str, float] = {}

    def watch() -> None:  # the progress bar goes to stderr with \r, no newline
        buffer = b""
        while True:
            chunk = os.read(process.stderr.fileno(), 4096)
            if not chunk:
                return
            buffer = (buffer + chunk)[-400:]
            if not writing.is_set() and WRITE_MARKER.encode() in buffer:
                seen["write"] = time.perf_counter() - started
                writing.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    killed = False
    if kill_after_write is not None:
        while not writing.wait(0.01) and process.poll() is None:
            pass
        try:
            process.wait(timeout=max(kill_after_write, 0.0))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            killed = True
    out = process.stdout.read()
    process.wait(timeout=600)
    ended = time.perf_counter() - started
    watcher.join(timeout=10)
    return ImportRun(killed, seen.get("write"), ended, process.returncode, out.decode("utf-8", "replace"))


def rows_present(db_file: Path, ids: list[str]) -> int:
    """How many of these external ids are stored (read-only connection)."""
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as conn:
        conn.execute("CREATE TEMP TABLE attendus (id TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO attendus VALUES (?)", [(i,) for i in ids])
        return conn.execute("SELECT count(*) FROM actions JOIN attendus ON attendus.id = actions.external_id").fetchone()[0]


def integrity(db_file: Path) -> str:
    """``PRAGMA integrity_check`` (``ok`` when the file is sound) and foreign keys."""
    with sqlite3.connect(db_file) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    return result if not orphans else f"{result}; {len(orphans)} ligne(s) orpheline(s)"


@dataclass
class KillResult:
    """Imports killed at random points of their write, then one run to completion."""

    runs: list[ImportRun] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    final_count: int = 0
    final_check: str = ""
    expected: int = 0
    calibration: ImportRun | None = None

    @property
    def partial(self) -> int:
        """Kills after which the database held some, but not all, of the file's rows."""
        return sum(1 for c in self.counts if c not in (0, self.expected))

    @property
    def corrupted(self) -> int:
        """Kills after which ``PRAGMA integrity_check`` was not ``ok`` (or a foreign key dangled)."""
        return sum(1 for c in self.checks if c != "ok")

    @property
    def none_left(self) -> int:
        """Kills that left none of the rows (killed inside the transaction)."""
        return sum(1 for r, c in zip(self.runs, self.counts) if r.killed and c == 0)

    @property
    def all_left(self) -> int:
        """Kills that left all the rows (the commit was done before the kill)."""
        return sum(1 for r, c in zip(self.runs, self.counts) if r.killed and c == self.expected)


def kill_imports(db_file: Path, file: Path, ids: list[str], env: dict[str, str], runs: int = 20, seed: int = 2024) -> KillResult:
    """Kill the import ``runs`` times at random points of its write, check, then complete it.

    A first complete run on a copy of the database measures how long the write
    lasts (from « Écriture des actions… » to the end of the process). Each run is
    then killed with SIGKILL a random time (seeded) after it announced the write,
    drawn over 1.2 times that duration: inside the transaction or just after its
    commit. After every kill the database must hold none or all of the rows and
    pass ``PRAGMA integrity_check``. When a kill came after the commit (all rows
    there), those rows are removed again so that the next kill has something to cut.
    """
    result = KillResult(expected=len(ids))
    probe = db_file.with_name("etalonnage.db")
    with sqlite3.connect(db_file) as src, sqlite3.connect(probe) as dst:
        src.backup(dst)
    calibration = run_import(file, env | {"ATLAS_DATABASE_URL": f"sqlite:///{probe}"})
    result.calibration = calibration
    if calibration.returncode != 0 or calibration.write_started is None:
        raise RuntimeError(f"l'import d'étalonnage a échoué : {calibration.output[-2000:]}")
    window = 1.2 * (calibration.ended - calibration.write_started)
    rng = random.Random(seed)
    for _ in range(runs):
        run = run_import(file, env, kill_after_write=rng.uniform(0.0, window))
        result.runs.append(run)
        result.counts.append(rows_present(db_file, ids))
        result.checks.append(integrity(db_file))
        if result.counts[-1]:
            _remove_imported(db_file, ids)
    final = run_import(file, env)
    result.final_count = rows_present(db_file, ids) if final.returncode == 0 else -1
    result.final_check = integrity(db_file)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{probe}{suffix}").unlink(missing_ok=True)
    return result


def _remove_imported(db_file: Path, ids: list[str]) -> None:
    with sqlite3.connect(db_file) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("CREATE TEMP TABLE retirer (id TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO retirer VALUES (?)", [(i,) for i in ids])
        found = [r[0] for r in conn.execute("SELECT id FROM actions WHERE external_id IN (SELECT id FROM retirer)")]
        conn.execute("CREATE TEMP TABLE ids_retirer (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO ids_retirer VALUES (?)", [(i,) for i in found])
        for table in ("action_fiches", "action_methodes", "action_publics", "action_sources"):
            conn.execute(f"DELETE FROM {table} WHERE action_id IN (SELECT id FROM ids_retirer)")
        conn.execute("DELETE FROM journal WHERE objet = 'action' AND objet_id IN (SELECT id FROM ids_retirer)")
        conn.execute("DELETE FROM actions WHERE id IN (SELECT id FROM ids_retirer)")


# --- 3. disk and lock faults while someone types on /contribuer ---------------------------

TYPED = "Résumé tapé pendant la panne : un atelier d'écriture avec les habitants."
TITLE = "Atelier d'écriture à Mézin"
FAULTS = ("verrouillee", "lecture_seule", "pleine", "introuvable")
NO_TMPFS = (
    "The full-disk case needs a small tmpfs (`mount -t tmpfs`): run the tests as root "
    "in a container that allows mounts (as .ci/run does)."
)


def saved_resume(db: Path, draft_id: int) -> str | None:
    """The résumé stored in a draft (read-only connection)."""
    import json

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT saisie FROM brouillons WHERE id = ?", (draft_id,)).fetchone()
    return None if row is None else json.loads(row[0]).get("resume")


def mount_tmpfs(folder: Path, size: str = "256m") -> bool:
    """A tmpfs on ``folder`` (root in a container allowing mounts); False if refused."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True).returncode == 0


def fill_disk(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte; return the filler file."""
    filler = folder / "remplissage"
    with open(filler, "wb", buffering=0) as handle:
        disk = os.statvfs(folder)
        os.posix_fallocate(handle.fileno(), 0, max(disk.f_bavail * disk.f_frsize - 4096, 1))
        handle.seek(0, os.SEEK_END)
        try:
            while handle.write(b"\0" * 512):
                pass
        except OSError:
            pass
    return filler


class fault:
    """Make the SQLite database at ``db`` fail the way ``kind`` says, then repair it.

    * ``verrouillee``: another connection holds ``BEGIN EXCLUSIVE`` (longer than the busy timeout);
    * ``lecture_seule``: ``chattr +i`` on the file, its WAL and its folder (root ignores
      ``chmod``; the ``-shm`` file is left alone: it is memory-mapped and an immutable
      one kills the process with SIGBUS);
    * ``pleine``: the file system (a tmpfs) filled to the last byte, the WAL emptied first;
    * ``introuvable``: the files deleted (after a backup), restored from the backup after.
    """

    def __init__(self, kind: str, db: Path) -> None:
        self.kind, self.db, self.folder = kind, db, db.parent
        self._undo = lambda: None

    def __enter__(self) -> fault:
        db, folder = self.db, self.folder
        if self.kind == "verrouillee":
            locker = sqlite3.connect(db, isolation_level=None, timeout=5, check_same_thread=False)
            locker.execute("BEGIN EXCLUSIVE")
            locker.execute("DELETE FROM atlas_meta WHERE 0")

            def undo() -> None:
                locker.execute("ROLLBACK")
                locker.close()
        elif self.kind == "lecture_seule":
            targets = [str(db), f"{db}-wal", str(folder)]
            subprocess.run(["chattr", "+i", *targets], check=True)

            def undo() -> None:
                subprocess.run(["chattr", "-i", *targets], check=True)
        elif self.kind == "pleine":
            with sqlite3.connect(db, timeout=5) as conn:  # an empty WAL: the next write must grow it
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            filler = fill_disk(folder)

            def undo() -> None:
                filler.unlink()
        elif self.kind == "introuvable":
            from data.store.backup import backup, restore

            saved = backup(f"sqlite:///{db}", folder.parent / "sauvegarde.db")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

            def undo() -> None:
                restore(f"sqlite:///{db}", saved)
        else:
            raise ValueError(self.kind)
        self._undo = undo
        return self

    def __exit__(self, *_exc: object) -> None:
        self._undo()


@dataclass
class FaultDrill:
    """What a person typing on /contribuer saw during and after one fault."""

    kind: str
    errors_during: list[str] = field(default_factory=list)
    exceptions_during: list[str] = field(default_factory=list)
    typed_kept_during: bool = False
    retry_offered: bool = False
    stored_during: str | None = None  # the draft's résumé in the database during the fault
    file_recreated: bool = False
    seconds_to_message: float = 0.0
    errors_after: list[str] = field(default_factory=list)
    exceptions_after: list[str] = field(default_factory=list)
    typed_shown_after: bool = False
    saved_caption_after: bool = False
    stored_after: str | None = None
    integrity_after: str = ""


def _plain(text: str) -> str:
    import re

    return re.sub(r"\\(.)", r"\1", text)


def fault_drill(kind: str, base: Path, cache_dir: Path) -> FaultDrill:
    """Sign in, type a title (saved), then a résumé while the database fails; repair; retry.

    Uses the real ``app.py`` in AppTest on a database in ``base``; sets the
    ``ATLAS_*`` variables for the drill and restores them after.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from data.accounts.auth import AccountRepository
    from data.store.db import make_engine, migrate

    folder = base / "base"
    mounted = kind == "pleine" and mount_tmpfs(folder)
    if kind == "pleine" and not mounted:
        raise RuntimeError(NO_TMPFS)
    db = folder / "atlas.db"
    saved_env = {k: os.environ.get(k) for k in ("ATLAS_DATABASE_URL", "ATLAS_CACHE_DIR", "ATLAS_DB_BUSY_TIMEOUT_MS")}
    os.environ.update(ATLAS_DATABASE_URL=f"sqlite:///{db}", ATLAS_CACHE_DIR=str(cache_dir), ATLAS_DB_BUSY_TIMEOUT_MS="200")
    drill = FaultDrill(kind)
    try:
        engine = make_engine(f"sqlite:///{db}")
        migrate(engine)
        AccountRepository(engine).create("alice", "contributeur", "mot de passe de test 123")
        engine.dispose()
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(PROJECT_DIR / "navigation.py"), default_timeout=120)
        at.session_state["auth.user"] = "alice"
        at.run()
        at.switch_page("app_pages/contribuer.py")
        at.run()
        at.text_input(key="contrib.titre").set_value(TITLE).run()
        draft_id = int(at.query_params["brouillon"])
        with fault(kind, db):
            started = time.perf_counter()
            at.text_area(key="contrib.resume").set_value(TYPED).run()
            drill.seconds_to_message = time.perf_counter() - started
            drill.errors_during = [_plain(e.value) for e in at.error]
            drill.exceptions_during = [e.value for e in at.exception]
            drill.typed_kept_during = at.session_state["contrib.resume"] == TYPED and at.session_state["contrib.titre"] == TITLE
            drill.retry_offered = any(b.label == "Réessayer d'enregistrer" for b in at.button)
            drill.file_recreated = db.exists() if kind == "introuvable" else False
            drill.stored_during = saved_resume(db, draft_id) if db.exists() else None
            at.run()  # trying again while the fault lasts loses nothing
            drill.exceptions_during += [e.value for e in at.exception]
            drill.typed_kept_during &= at.session_state["contrib.resume"] == TYPED
        if drill.retry_offered:
            at.button(key="contrib.reessayer").click().run()
        else:
            at.run()
        drill.errors_after = [_plain(e.value) for e in at.error]
        drill.exceptions_after = [e.value for e in at.exception]
        drill.typed_shown_after = at.text_area(key="contrib.resume").value == TYPED
        drill.saved_caption_after = any(c.value.startswith("Brouillon enregistré") for c in at.caption)
        drill.stored_after = saved_resume(db, draft_id)
        drill.integrity_after = integrity(db)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
    return drill
