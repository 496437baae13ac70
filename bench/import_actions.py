"""Print how long the bulk import of 10,000 actions takes (preview, then commit).

    python bench/import_actions.py            # SQLite in a temporary folder
    ATLAS_TEST_PG_URL=postgresql+psycopg://… python bench/import_actions.py   # also PostgreSQL

The file is generated: 10,000 CSV rows (``;``, UTF-8 BOM, as Excel in French writes
it), half placed by INSEE code, a quarter by latitude/longitude, a quarter by
commune name and postal code.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.accounts.roles import ADMIN, User  # noqa: E402
from data.actions.imports import commit, preview  # noqa: E402
from data.actions.synthetic import synthetic_import_csv  # noqa: E402
from data.actions.validation import Context  # noqa: E402
from data.actions.workflow import ContributionStore  # noqa: E402
from data.atlas import Atlas, PlacePoints  # noqa: E402
from data.config import PROJECT_DIR, load_settings  # noqa: E402
from data.store.db import make_engine, migrate  # noqa: E402
from geo.layers import ensure_layers, load_locator  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))


def run(url: str, label: str, data: bytes, ctx: Context) -> None:
    engine = make_engine(url)
    migrate(engine)
    store = ContributionStore(engine)
    started = time.perf_counter()
    report = preview(data, "bench.csv", ctx, store)
    checked = time.perf_counter() - started
    started = time.perf_counter()
    commit(report, store, User("bench", ADMIN, mode="cli"))
    written = time.perf_counter() - started
    started = time.perf_counter()
    again = preview(data, "bench.csv", ctx, store)
    commit(again, store, User("bench", ADMIN, mode="cli"))
    repeat = time.perf_counter() - started
    print(f"[{label}] rows={report.read} accepted={report.accepted} rejected={report.rejected} "
          f"preview={checked:.1f}s commit={written:.1f}s total={checked + written:.1f}s "
          f"re-import: created={again.created} in {repeat:.1f}s")
    engine.dispose()


def main() -> None:
    settings = load_settings()
    cache = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache"))
    ensure_layers(cache)
    atlas = Atlas(settings, make_engine("sqlite://"))
    points = PlacePoints(cache)
    started = time.perf_counter()
    ctx = Context(atlas.guide, atlas.territories, points, load_locator(cache))
    print(f"reference data (territories, locator): {time.perf_counter() - started:.1f}s")
    data = synthetic_import_csv(atlas.territories, points)
    print(f"file: {ROWS} rows, {len(data) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.db", "sqlite", data, ctx)
    pg = os.environ.get("ATLAS_TEST_PG_URL")
    if pg:
        import sqlalchemy as sa

        admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
        name = f"atlas_bench_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            run(sa.engine.make_url(pg).set(database=name).render_as_string(hide_password=False), "postgresql", data, ctx)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
