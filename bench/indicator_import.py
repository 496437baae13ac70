"""Figures of the indicator imports: a 35,000-row commune file, and fetch-insee on the fixture.

Run: python bench/indicator_import.py [--dossier-synthetique]

* import of a CSV with one row per current commune (~35,000 rows, ``;``, comma
  decimals), aggregation ``somme``: preview/report, then the write into a fresh
  SQLite base, then a re-import (nothing written);
* fetch-insee on the shipped fixture (zipped, read through a ``file://`` address):
  first load (copy to the cache, parse, compute, write) and second load (cache reused);
* with ``--dossier-synthetique``: the parse of a dossier with every commune and 300
  columns, to gauge the real file (~1,900 columns, ~300 MB).
"""
from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.config import PROJECT_DIR, load_settings  # noqa: E402
from data.indicators.catalogue import IndicatorStore, load_catalogue  # noqa: E402
from data.indicators.import_plan import ImportOptions  # noqa: E402
from data.indicators.imports import apply_import, prepare_import  # noqa: E402
from data.indicators.insee import fetch_insee, file_url, read_dossier, zip_csv  # noqa: E402
from data.store.db import make_engine, migrate  # noqa: E402
from geo.history import former_communes  # noqa: E402
from geo.territories import Territories  # noqa: E402

FIXTURE = PROJECT_DIR / "tests" / "fixtures" / "insee" / "dossier_complet.csv"


def _timed(func):
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def commune_file(territories: Territories) -> bytes:
    """One row per current commune, made-up counts with comma decimals."""
    rng = random.Random(35)
    codes = territories.communes.loc[territories.communes["type"] == "COM", "code"].tolist()
    lines = ["code;valeur"] + [f"{code};{rng.randint(0, 500)},{rng.randint(0, 9)}" for code in codes]
    return ("\n".join(lines) + "\n").encode("utf-8")


def bench_import(territories: Territories, tmp: Path) -> None:
    content = commune_file(territories)
    store = IndicatorStore(make_engine(f"sqlite:///{tmp / 'import.db'}"))
    migrate(store.engine)
    options = ImportOptions(nom="Effectif fictif", unite="personnes", millesime="2024", agregation="somme")
    former_communes()  # read once per process, as in the app
    plan, t_prepare = _timed(lambda: prepare_import("communes.csv", content, options, territories))
    results, t_write = _timed(lambda: apply_import(plan, store))
    again = prepare_import("communes.csv", content, options, territories)
    rewrite, t_rewrite = _timed(lambda: apply_import(again, store))
    print(f"Fichier de {plan.read} communes ({len(content) / 1e6:.1f} Mo), {plan.summary()}")
    print(f"  aperçu et rapport : {t_prepare:.2f} s")
    print(f"  écriture : {t_write:.2f} s ({results[0].written} valeurs, tous niveaux)")
    print(f"  réimport identique : {t_rewrite:.2f} s, {rewrite[0].written} valeur écrite")


def bench_fetch(territories: Territories, tmp: Path) -> None:
    store = IndicatorStore(make_engine(f"sqlite:///{tmp / 'insee.db'}"))
    migrate(store.engine)
    catalogue = load_catalogue(load_settings().indicators_file)[1]
    for indicator in catalogue:
        store.save_indicator(indicator)
    archive = zip_csv(FIXTURE, tmp / "dossier_complet.zip")
    url = file_url(archive)
    _, first = _timed(lambda: fetch_insee(store, catalogue, territories, url, tmp / "cache"))
    _, second = _timed(lambda: fetch_insee(store, catalogue, territories, url, tmp / "cache"))
    parse = [_timed(lambda: read_dossier(archive, ["P21_POP", "P21_POP75P", "MED21", "TP6021"]))[1] for _ in range(5)]
    print(f"fetch-insee sur la fixture ({FIXTURE.stat().st_size / 1e3:.0f} ko, 61 lignes) :")
    print(f"  premier chargement (copie en cache, lecture, calcul, écriture) : {first:.2f} s")
    print(f"  second chargement (cache réutilisé, rien à écrire) : {second:.2f} s")
    print(f"  lecture seule des colonnes utiles : {statistics.median(parse) * 1000:.1f} ms (médiane de 5)")


def bench_synthetic_dossier(territories: Territories, tmp: Path) -> None:
    rng = random.Random(300)
    codes = territories.communes["code"].tolist()
    columns = ["CODGEO", "P21_POP"] + [f"P21_V{i:03d}" for i in range(298)]
    path = tmp / "dossier_complet.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(";".join(columns) + "\n")
        for code in codes:
            handle.write(code + ";" + ";".join(f"{rng.random() * 1000:.4f}".replace(".", ",") for _ in columns[1:]) + "\n")
    archive = zip_csv(path, tmp / "synthetique.zip")
    _, seconds = _timed(lambda: read_dossier(archive, ["P21_POP", "P21_V001", "P21_V100", "P21_V200"]))
    size = path.stat().st_size / 1e6
    print(f"Dossier synthétique de {len(codes)} lignes × 300 colonnes ({size:.0f} Mo) : lecture de 4 colonnes en {seconds:.2f} s")


def main() -> None:
    territories = Territories.load()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        bench_import(territories, tmp)
        bench_fetch(territories, tmp)
        if "--dossier-synthetique" in sys.argv:
            bench_synthetic_dossier(territories, tmp)


if __name__ == "__main__":
    main()
