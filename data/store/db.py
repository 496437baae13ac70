"""Engine creation, write transactions and Alembic migrations, for SQLite and PostgreSQL alike.

Faults and concurrent access (README, « Fiabilité : pannes et accès simultanés »):

* every write of the product goes through :func:`write_transaction`. On SQLite it
  starts with ``BEGIN IMMEDIATE``: the write lock is taken at once, waiting up to
  the busy timeout (``ATLAS_DB_BUSY_TIMEOUT_MS``), instead of a read being
  upgraded half-way and failing. A database still locked after that, or a
  PostgreSQL server that does not answer yet, is retried a bounded number of
  times (``ATLAS_DB_WRITE_TRIES``) with a growing pause;
* a fault nobody can fix by typing differently (locked, read-only, full, missing,
  unreachable) becomes :class:`DatabaseUnavailable`, whose message is French;
  nothing of the failed transaction is written;
* an SQLite file deleted or replaced while the application runs is noticed at
  every checkout of a connection: the open connections are dropped (nothing is
  ever written into a deleted file) and a missing file is never re-created
  empty behind the user's back.
"""
from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, unquote

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from data import textes

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_ENV = "ATLAS_DB_BUSY_TIMEOUT_MS"
WRITE_TRIES_ENV = "ATLAS_DB_WRITE_TRIES"
DEFAULT_BUSY_TIMEOUT_MS = 5000
DEFAULT_WRITE_TRIES = 5
#: Faults worth waiting for: another writer finishing, a server coming back.
RETRYABLE = ("verrouillee", "injoignable")
_WRITE_OPTION = "atlas_write"  # execution option marking a write transaction


def _env_int(name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(os.environ.get(name, "").strip() or default)
    except ValueError:
        value = default
    return max(low, min(value, high))


def busy_timeout_ms() -> int:
    """How long an SQLite connection waits for a lock (``ATLAS_DB_BUSY_TIMEOUT_MS``, default 5 s)."""
    return _env_int(BUSY_TIMEOUT_ENV, DEFAULT_BUSY_TIMEOUT_MS, 1, 600_000)


def write_tries() -> int:
    """Attempts of a write transaction while the database is locked or unreachable (``ATLAS_DB_WRITE_TRIES``)."""
    return _env_int(WRITE_TRIES_ENV, DEFAULT_WRITE_TRIES, 1, 20)


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used right now; nothing of the transaction was written.

    ``kind`` is a key of ``textes.BASE_PANNE_RAISONS`` (``verrouillee``,
    ``lecture_seule``, ``pleine``, ``introuvable``, ``injoignable``, ``disque``,
    ``endommagee``); ``raison`` is its French wording and ``str(exc)`` a French sentence.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind if kind in textes.BASE_PANNE_RAISONS else "disque"
        super().__init__(textes.BASE_PANNE.format(raison=self.raison))

    @property
    def raison(self) -> str:
        """Why, in French (« elle est en lecture seule »)."""
        return textes.BASE_PANNE_RAISONS[self.kind]


@dataclass(frozen=True)
class WriteStats:
    """Counters of this process: committed write transactions, retries, failures."""

    transactions: int = 0
    retries: int = 0
    failures: int = 0


_stats = WriteStats()
_stats_lock = threading.Lock()


def _count(**increments: int) -> None:
    global _stats
    with _stats_lock:
        _stats = replace(_stats, **{k: getattr(_stats, k) + v for k, v in increments.items()})


def write_stats() -> WriteStats:
    """What :func:`write_transaction` did in this process so far (for benchmarks)."""
    return _stats


def sqlite_file(url: str | sa.URL) -> Path | None:
    """The file of an SQLite URL (``file:`` URIs included); None in memory or for a server."""
    parsed = sa.engine.make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    database = parsed.database or ""
    if database.startswith("file:"):
        target = unquote(database[5:].split("?", 1)[0])
        if parsed.query.get("mode") == "memory" or target in ("", ":memory:"):
            return None
        return Path(target)
    if not database or database == ":memory:":
        return None
    return Path(database)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _refine(kind: str, path: Path | None) -> str:
    """An I/O error or an unopenable file, told apart by looking at the file and its disk."""
    if path is None or kind not in ("disque", "introuvable"):
        return kind
    if not path.exists():
        return "introuvable"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path, os.W_OK) or (wal.exists() and not os.access(wal, os.W_OK)):
        return "lecture_seule"  # read-only mount, immutable file (root ignores chmod, not these)
    try:
        disk = os.statvfs(path.parent)
    except OSError:
        return kind
    if kind == "disque" and disk.f_bavail * disk.f_frsize < 256 * 1024:
        return "pleine"
    return kind


def fault_kind(exc: BaseException, where: sa.Engine | str | None = None) -> str | None:
    """The kind of fault behind a database error (see :class:`DatabaseUnavailable`),
    or None for anything else (a constraint, a bug), which must not be hidden.

    ``where`` (the engine or its URL) lets an SQLite I/O error be told apart by
    looking at the file and its disk.
    """
    if isinstance(exc, DatabaseUnavailable):
        return exc.kind
    if isinstance(exc, sa.exc.IntegrityError):
        return None
    orig = getattr(exc, "orig", None) or exc
    url = None if where is None else sa.engine.make_url(where.url if isinstance(where, sa.Engine) else where)
    path = sqlite_file(url) if url is not None else None
    name = str(getattr(orig, "sqlite_errorname", "") or "")
    if not name and isinstance(orig, sqlite3.Error):  # raised without a code: SQLite's own wording
        name = next((code for phrase, code in _SQLITE_PHRASES.items() if phrase in str(orig).lower()), "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "verrouillee"
    if name.startswith("SQLITE_READONLY"):
        return "lecture_seule"
    if name == "SQLITE_FULL":
        return "pleine"
    if name.startswith("SQLITE_CANTOPEN"):
        return _refine("introuvable", path)
    if name.startswith("SQLITE_IOERR"):
        return _refine("disque", path)
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return "endommagee"
    if name:
        return None  # any other SQLite error (syntax, constraint, missing table…) is a bug to see
    sqlstate = str(getattr(orig, "sqlstate", "") or "")
    if sqlstate:
        if sqlstate == "53100":
            return "pleine"
        if sqlstate == "25006":
            return "lecture_seule"
        if sqlstate == "55P03":
            return "verrouillee"
        if sqlstate.startswith(("08", "57P", "53")):
            return "injoignable"
        return None
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return "injoignable"
    if isinstance(exc, sa.exc.OperationalError) and url is not None and url.get_backend_name() != "sqlite":
        return "injoignable"  # no SQLSTATE: the server could not be reached at all
    return None


def unavailable(exc: BaseException, where: sa.Engine | str | None = None) -> DatabaseUnavailable | None:
    """:class:`DatabaseUnavailable` for a fault, None for any other error."""
    kind = fault_kind(exc, where)
    return None if kind is None else (exc if isinstance(exc, DatabaseUnavailable) else DatabaseUnavailable(kind))


_SQLITE_PHRASES = {
    "database is locked": "SQLITE_BUSY",
    "database table is locked": "SQLITE_LOCKED",
    "attempt to write a readonly database": "SQLITE_READONLY",
    "database or disk is full": "SQLITE_FULL",
    "unable to open database file": "SQLITE_CANTOPEN",
    "disk i/o error": "SQLITE_IOERR",
    "database disk image is malformed": "SQLITE_CORRUPT",
    "file is not a database": "SQLITE_NOTADB",
}


def _pause(attempt: int) -> float:
    return min(0.05 * 2 ** (attempt - 1), 1.0) * random.uniform(0.5, 1.5)


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One short write transaction, all or nothing: the way the product writes.

    SQLite: ``BEGIN IMMEDIATE``. While the database stays locked after the busy
    timeout (or a PostgreSQL server does not answer), the transaction is started
    again, up to :func:`write_tries` attempts with a growing pause; its body runs
    once, after the lock is held. A fault becomes :class:`DatabaseUnavailable`;
    any other error (a conflict, a bug) is raised unchanged.
    """
    tries = write_tries()
    attempt = 1
    while True:
        conn = None
        try:
            conn = engine.connect()
            conn.execution_options(**{_WRITE_OPTION: True})
            transaction = conn.begin()
            break
        except sa.exc.DBAPIError as exc:
            if conn is not None:
                conn.invalidate()  # a failed BEGIN leaves the connection in no known state
                conn.close()
            kind = fault_kind(exc, engine)
            if kind is None:
                raise
            if kind not in RETRYABLE or attempt >= tries:
                _count(failures=1)
                raise DatabaseUnavailable(kind) from exc
            _count(retries=1)
            time.sleep(_pause(attempt))
            attempt += 1
    try:
        with conn, transaction:
            yield conn
    except sa.exc.DBAPIError as exc:
        kind = fault_kind(exc, engine)
        if kind is None:
            raise
        _count(failures=1)
        raise DatabaseUnavailable(kind) from exc
    _count(transactions=1)


def _watch_sqlite_file(engine: sa.Engine, path: Path) -> None:
    """Never write into a deleted or replaced file, never re-create a deleted one."""
    absolute = path.resolve()
    state = {"created": absolute.exists()}

    @sa.event.listens_for(engine, "do_connect")
    def _open_existing(_dialect, _record, cargs, cparams) -> None:  # noqa: ANN001
        # Once the file exists, open it read-write but never create it again:
        # a deleted database fails loudly (SQLITE_CANTOPEN) rather than coming back empty.
        if state["created"] and not cparams.get("uri") and cargs:
            cargs[0] = "file:" + quote(str(absolute)) + "?mode=rw"
            cparams["uri"] = True

    @sa.event.listens_for(engine, "connect")
    def _remember_file(_dbapi_conn, record) -> None:  # noqa: ANN001
        state["created"] = True
        record.info["atlas_fichier"] = _identity(absolute)

    @sa.event.listens_for(engine, "checkout")
    def _same_file(_dbapi_conn, record, _proxy) -> None:  # noqa: ANN001
        if record.info.get("atlas_fichier") != _identity(absolute):
            # Deleted or replaced (restored from a backup): drop every pooled connection.
            raise sa.exc.InvalidatePoolError("fichier de la base supprimé ou remplacé")


def make_engine(url: str) -> sa.Engine:
    """Create an engine. SQLite files get WAL, a busy timeout, foreign keys,
    ``BEGIN IMMEDIATE`` for write transactions and a watch on their file;
    servers get ``pool_pre_ping`` (a restarted server is reconnected at once)."""
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        timeout_ms = busy_timeout_ms()
        engine = sa.create_engine(url, connect_args={"timeout": timeout_ms / 1000})
        if path is not None:
            _watch_sqlite_file(engine, path)

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            cursor = dbapi_conn.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin_immediate(conn: sa.Connection) -> None:
            # pysqlite would only BEGIN (deferred) before the first INSERT/UPDATE;
            # a write transaction takes the write lock now, waiting up to the busy timeout.
            if conn.get_execution_options().get(_WRITE_OPTION):
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def alembic_config() -> Config:
    """Alembic configuration pointing at the project's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (idempotent)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Downgrade the database to ``revision`` (``base`` empties it)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision shipped with the code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
