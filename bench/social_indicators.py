"""Figures of the issue "real social indicators, offline": build, first start, size, page reruns, similar communes.

Run: python bench/social_indicators.py [--sources FOLDER]   (the build is timed only when the sources are there)
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd
from streamlit.testing.v1 import AppTest

from data.atlas import open_atlas
from data.config import PROJECT_DIR, load_settings
from data.indicators.catalogue import load_catalogue
from data.indicators.official import (
    COMPACT_FILE,
    MANIFEST_FILE,
    build_table,
    write_compact,
)
from data.indicators.similarity import rank_similar
from geo.territories import Territories

CACHE = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache"))


def _median_ms(times: list[float]) -> str:
    return f"médiane {statistics.median(times) * 1000:.0f} ms (max {max(times) * 1000:.0f} ms, {len(times)} relances)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", default=os.environ.get("ATLAS_INDICATEURS_SOURCES", "/work/shared/data/indicateurs"))
    args = parser.parse_args()
    settings = load_settings({"ATLAS_DATABASE_URL": "sqlite://", "ATLAS_CACHE_DIR": str(CACHE)})
    _families, catalogue = load_catalogue(settings.indicators_file)
    sources = Path(args.sources)
    if sources.is_dir():
        territories = Territories.load()
        start = time.perf_counter()
        table = build_table(sources, catalogue, territories)
        with tempfile.TemporaryDirectory() as tmp:
            write_compact(table, Path(tmp) / COMPACT_FILE.name, Path(tmp) / MANIFEST_FILE.name)
        print(f"Construction (python -m data build-indicators) : {time.perf_counter() - start:.1f} s, {len(table)} lignes")
    print(
        f"Taille dans le dépôt : {COMPACT_FILE.name} {COMPACT_FILE.stat().st_size / 1024:.0f} Ko "
        f"+ {MANIFEST_FILE.name} {MANIFEST_FILE.stat().st_size / 1024:.1f} Ko"
    )

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{tmp}/b.db", "ATLAS_CACHE_DIR": str(CACHE)})
        start = time.perf_counter()
        atlas = open_atlas(settings)
        total = time.perf_counter() - start
        start = time.perf_counter()
        written = atlas.load_official(force=True)
        again = time.perf_counter() - start
        # Time the official part alone on a fresh database where everything else is already there.
        settings2 = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{tmp}/c.db", "ATLAS_CACHE_DIR": str(CACHE)})
        from data.atlas import Atlas
        from data.store.db import make_engine, migrate

        engine = make_engine(settings2.database_url)
        migrate(engine)
        other = Atlas(settings2, engine)
        other.load_indicators()
        start = time.perf_counter()
        loaded = other.load_official()
        official = time.perf_counter() - start
        print(
            f"Premier démarrage complet (open_atlas) : {total:.1f} s, dont statistiques publiques {official:.1f} s "
            f"({loaded} valeurs) ; démarrage suivant : 0 valeur relue ; rechargement forcé sans changement {again:.1f} s ({written} écrites)"
        )

        matrix = pd.DataFrame({c: atlas.indicators.values(c, "commune") for c in ("revenu_median", "densite", "population")})
        sizes = atlas.indicators.values("population", "commune")
        times = []
        for target in matrix.dropna().index[:: max(len(matrix) // 50, 1)][:50]:
            start = time.perf_counter()
            rank_similar(matrix, target, k=10, sizes=sizes)
            times.append(time.perf_counter() - start)
        print(f"Communes semblables sur {len(matrix)} communes : médiane {statistics.median(times) * 1000:.1f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ATLAS_DATABASE_URL"] = f"sqlite:///{tmp}/a.db"
        os.environ["ATLAS_CACHE_DIR"] = str(CACHE)
        for page, key, value in (
            ("app_pages/territoire.py", "code", "departement:47"),
            ("app_pages/territoire.py", "code", "region:75"),
            ("app_pages/comparer.py", "codes", "departement:47,departement:93,region:11,epci:200093201"),
        ):
            at = AppTest.from_file(str(PROJECT_DIR / "navigation.py"), default_timeout=300)
            at.run()
            at.switch_page(page)
            at.query_params[key] = value
            start = time.perf_counter()
            at.run()
            first = time.perf_counter() - start
            times = []
            for _ in range(5):
                start = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
            print(f"{page} ?{key}={value} (AppTest) : premier affichage {first * 1000:.0f} ms ; {_median_ms(times)}")


if __name__ == "__main__":
    main()
