"""Databases for the tests that must pass on SQLite **and** PostgreSQL.

``db_url`` is parametrised over both. The PostgreSQL case creates a fresh database
on the server named by ``ATLAS_TEST_PG_URL`` (``.ci/run`` starts a throw-away one;
on a developer machine: ``eval "$(scripts/pg_test_server.sh start)"``) and drops it
afterwards. Without that variable the PostgreSQL cases FAIL, unless
``ATLAS_SKIP_PG=1`` says explicitly to skip them: never a silent skip.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_ENV = "ATLAS_TEST_PG_URL"
SKIP_ENV = "ATLAS_SKIP_PG"
BACKENDS = ["sqlite", "postgresql"]
HOW_TO = (
    "PostgreSQL test cases need a server: run `eval \"$(scripts/pg_test_server.sh start)\"` "
    "(Debian package postgresql) to set ATLAS_TEST_PG_URL, or set ATLAS_SKIP_PG=1 to skip them explicitly."
)


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The PostgreSQL server of the test run (fails with instructions when absent)."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip("ATLAS_SKIP_PG=1: PostgreSQL cases skipped on request")
        pytest.fail(HOW_TO, pytrace=False)
    return url


def fresh_pg_database(server_url: str) -> tuple[str, callable]:
    """Create an empty database on the server; return its URL and a function dropping it."""
    name = f"atlas_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    server = request.getfixturevalue("pg_server_url")
    url, drop = fresh_pg_database(server)
    try:
        yield url
    finally:
        drop()


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """A migrated engine on ``db_url`` (no seed loaded)."""
    from data.store.db import make_engine, migrate

    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def contrib_ctx(geo_cache: Path, territories):
    """Reference data of contributions: guide, territories, points, point → commune."""
    from data.actions.validation import Context
    from data.atlas import PlacePoints
    from data.config import load_settings
    from data.guide.catalogue import load_guide
    from geo.layers import load_locator

    guide = load_guide(load_settings({}).guide_file)
    return Context(guide, territories, PlacePoints(geo_cache), load_locator(geo_cache))
