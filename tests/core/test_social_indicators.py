"""Official social statistics shipped with the atlas: build checks, loading, secrecy, gaps, no average of rates."""
from __future__ import annotations

import gzip
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data import textes
from data.atlas import open_atlas
from data.config import load_settings
from data.indicators.catalogue import vintage_key
from data.indicators.official import (
    COMPACT_FILE,
    CREATED_2025,
    MANIFEST_FILE,
    SOURCE_FILES,
    OfficialDataError,
    build_table,
    describe,
    read_compact,
    spread,
)

SOURCES = load_settings().indicator_sources  # the shipped byte copies of the official files


@pytest.fixture(scope="module")
def atlas(tmp_path_factory, geo_cache):
    folder = tmp_path_factory.mktemp("social")
    settings = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{folder / 'atlas.db'}", "ATLAS_CACHE_DIR": str(geo_cache)})
    return open_atlas(settings)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_compact()


@pytest.fixture(scope="module")
def catalogue(atlas):
    return {i.code: i for i in atlas.indicator_catalogue[1]}


def _cell(atlas, catalogue, code, level, territory):
    store = atlas.indicators
    return describe(
        catalogue[code], level, territory, store.territory_values(level, territory),
        store.levels().get(code, []), store.values, atlas.territories,
    )


def test_shipped_file_is_small_and_counted(table) -> None:
    assert COMPACT_FILE.stat().st_size < 3_000_000
    manifest = json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))
    assert len(table) == manifest["lignes"]
    assert list(table.columns) == manifest["entete"]
    published = table.loc[table["statut"] == ""]
    count = lambda code, level: int(((published["indicateur"] == code) & (published["niveau"] == level)).sum())
    assert count("taux_pauvrete", "departement") == 2 * 98  # 2020 and 2021
    assert count("taux_chomage_t4", "departement") == 5 * 100  # publications 2018 to 2022
    assert 30_000 < count("revenu_median", "commune") < 31_304
    assert 4_000 < count("taux_pauvrete", "commune") < 4_397


def test_known_values(atlas) -> None:
    store = atlas.indicators
    poverty = store.values("taux_pauvrete", "departement")
    assert poverty["93"] == 28.4 and poverty["47"] == 17.7 and poverty["85"] == 9.1 and poverty["974"] == 36.1
    assert poverty.drop(["972", "974"]).idxmax() == "93" and poverty.idxmin() == "85"
    median = store.values("revenu_median", "departement")
    assert median["75"] == 29730 and median["47"] == 21050 and median["93"] == 19020
    assert store.values("taux_pauvrete", "commune")["59512"] == 46
    assert store.values("revenu_median", "commune")["59512"] == 14580
    assert store.values("revenu_median", "commune")["75056"] == 29730
    assert store.values("taux_pauvrete", "departement", "Filosofi 2020")["47"] == 16.8
    assert store.values("evolution_taux_pauvrete", "departement")["47"] == pytest.approx(0.9)
    series = store.series("taux_chomage_t4", "departement", "47")
    assert list(series) == [f"publication {y}" for y in range(2018, 2023)]
    assert series["publication 2022"] == 7.9


def test_catalogue_names_producer_licence_and_vintage(atlas, catalogue) -> None:
    vintages = atlas.indicators.vintages()
    for code in ("revenu_median", "taux_pauvrete", "part_minima_sociaux", "taux_chomage_t4", "indice_gini"):
        ind = catalogue[code]
        assert "Licence Ouverte / Etalab 2.0" in ind.source
        assert "INSEE" in ind.source or "Ministère" in ind.source
        assert ind.agregation == "aucune"
    assert vintages["taux_pauvrete"] == "Filosofi 2021"
    assert vintages["taux_chomage_t4"] == "publication 2022"


def test_secret_is_null_and_said(atlas, catalogue, table) -> None:
    secret = table.loc[(table["statut"] == "secret") & (table["indicateur"] == "taux_pauvrete") & (table["niveau"] == "commune")]
    code = secret["code"].iloc[0]
    own = atlas.indicators.territory_values("commune", code)
    assert "taux_pauvrete" in own and math.isnan(own["taux_pauvrete"])  # NULL, never 0
    assert _cell(atlas, catalogue, "taux_pauvrete", "commune", code).text == textes.SECRET_STATISTIQUE


def test_merged_created_and_overseas(atlas, catalogue) -> None:
    for code in sorted(CREATED_2025):
        cell = _cell(atlas, catalogue, "revenu_median", "commune", code)
        assert not cell.has_value and cell.text == textes.NON_DISPONIBLE_FUSION
    # Saint-Denis (93066) absorbed Pierrefitte-sur-Seine on 1 January 2025: its 2024 value is not shown.
    assert _cell(atlas, catalogue, "revenu_median", "commune", "93066").text == textes.NON_DISPONIBLE_FUSION
    for dep in ("971", "973", "976"):
        assert _cell(atlas, catalogue, "taux_pauvrete", "departement", dep).text == textes.NON_COUVERT_FILOSOFI
    # The Ministry file covers Guadeloupe: its unemployment is there.
    assert _cell(atlas, catalogue, "taux_chomage_t4", "departement", "971").has_value


def test_no_rate_or_median_at_epci_region_or_france(atlas, catalogue) -> None:
    store = atlas.indicators
    for code in ("taux_pauvrete", "revenu_median", "part_minima_sociaux"):
        assert store.values(code, "region").empty and store.values(code, "epci").empty
        assert store.values(code, "france").empty
    region = _cell(atlas, catalogue, "taux_pauvrete", "region", "75")
    assert not region.has_value and region.spread is not None
    assert region.spread.part_level == "departement" and region.spread.total == 12
    assert region.spread.lowest[1] <= region.spread.median <= region.spread.highest[1]
    assert region.text.startswith(textes.NON_PUBLIE_NIVEAU) and region.spread.lowest[0] in region.text
    assert region.spread.highest[0].endswith(")")  # a name with its code, e.g. "Creuse (23)"
    epci = atlas.territories.parents("commune", "59512")
    metropole = next(p for p in epci if p.level == "epci")
    cell = _cell(atlas, catalogue, "revenu_median", "epci", metropole.code)
    assert cell.spread.part_level == "commune" and cell.spread.lowest[1] <= 14580
    france = _cell(atlas, catalogue, "taux_pauvrete", "france", "FR")
    assert france.text == textes.PAS_DE_VALEUR_NATIONALE


def test_spread_leaves_missing_parts_out() -> None:
    values = pd.Series({"a": 10.0, "b": math.nan, "c": 30.0, "d": 20.0})
    found = spread(values, ["a", "b", "c", "d", "e"], str.upper, "commune")
    assert found.count == 3 and found.total == 5
    assert found.lowest == ("A", 10.0) and found.highest == ("C", 30.0) and found.median == 20.0
    assert spread(values, ["b", "e"], str.upper, "commune") is None


def test_newer_vintage_wins_per_territory() -> None:
    assert vintage_key("2022") > vintage_key("Filosofi 2021") > vintage_key("2021")
    assert vintage_key("publication 2022") > vintage_key("publication 2018")


def test_second_start_loads_nothing(atlas) -> None:
    assert atlas.load_official() == 0


# --- checks of the source files: a corrupted copy stops the build, naming the file ---------


def _copy_sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in SOURCE_FILES:
        shutil.copy(SOURCES / name, folder / name)
    return folder


def test_build_reproduces_the_shipped_file(tmp_path, atlas) -> None:
    from data.indicators.official import write_compact

    built = build_table(SOURCES, atlas.indicator_catalogue[1], atlas.territories)
    info = write_compact(built, tmp_path / "t.csv.gz", tmp_path / "t.json")
    assert info["sha256"] == json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))["sha256"]


@pytest.mark.parametrize("damage", ["octet", "colonne", "lignes"])
def test_corrupted_source_stops_the_build(tmp_path, atlas, damage) -> None:
    folder = _copy_sources(tmp_path)
    name = "FILO2021_DISP_PAUVRES_DEP.csv"
    path = folder / name
    raw = path.read_bytes()
    if damage == "octet":
        at = raw.index(b";28,4;") + 2
        path.write_bytes(raw[:at] + b"9" + raw[at + 1 :])
    elif damage == "colonne":
        path.write_bytes(raw.replace(b"TP6021;", b"XX6021;", 1))
    else:
        lines = raw.split(b"\r\n")
        path.write_bytes(b"\r\n".join(lines[:50]) + b"\r\n")
    with pytest.raises(OfficialDataError) as error:
        build_table(folder, atlas.indicator_catalogue[1], atlas.territories)
    message = str(error.value)
    assert name in message and "construction arrêtée" in message
    expected = {"octet": "somme de contrôle", "colonne": "TP6021", "lignes": "49 lignes de données au lieu de 98"}[damage]
    assert expected in message


@pytest.mark.parametrize("damage", ["octet", "colonne", "lignes"])
def test_corrupted_shipped_file_is_refused(tmp_path, damage) -> None:
    target = tmp_path / COMPACT_FILE.name
    manifest = tmp_path / MANIFEST_FILE.name
    shutil.copy(MANIFEST_FILE, manifest)
    text = gzip.decompress(COMPACT_FILE.read_bytes()).decode("utf-8")
    if damage == "octet":
        text = text.replace("taux_pauvrete;departement;93;Filosofi 2021;28.4", "taux_pauvrete;departement;93;Filosofi 2021;18.4")
    elif damage == "colonne":
        text = text.replace("indicateur;niveau;code;millesime;valeur;statut", "indicateur;niveau;code;millesime;valeur", 1)
    else:
        text = "\n".join(text.split("\n")[:-100]) + "\n"
    target.write_bytes(gzip.compress(text.encode("utf-8")))
    with pytest.raises(OfficialDataError) as error:
        read_compact(target, manifest)
    assert COMPACT_FILE.name in str(error.value)


# --- territories like mine ------------------------------------------------------------------


def _matrix(atlas, level: str, codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: atlas.indicators.values(c, level) for c in codes})


def test_similar_departements_have_real_distances_and_missing_last(atlas) -> None:
    from data.indicators.similarity import rank_similar

    codes = ["taux_pauvrete", "densite", "part_60_ans_plus", "population", "taux_logements_sociaux"]
    matrix = _matrix(atlas, "departement", codes)
    nearest = rank_similar(matrix, "47", k=200)
    assert "47" not in set(nearest["code"])
    assert (nearest["distance"].head(10) > 0).all()  # never all zero: real differences
    complete = nearest.loc[[not m for m in nearest["manquants"]]]
    assert complete["distance"].is_monotonic_increasing
    flags = [bool(m) for m in nearest["manquants"]]
    assert flags == sorted(flags)  # every incomplete one after every complete one
    guadeloupe = nearest.loc[nearest["code"] == "971"].iloc[0]
    assert "taux_pauvrete" in guadeloupe["manquants"] and guadeloupe["compares"] == len(codes) - 1


def test_similar_communes_prefer_similar_size(atlas) -> None:
    from data.indicators.similarity import rank_similar, size_band

    matrix = _matrix(atlas, "commune", ["revenu_median", "densite", "population"])
    sizes = atlas.indicators.values("population", "commune")
    nearest = rank_similar(matrix, "59512", k=10, sizes=sizes)  # Roubaix, about 99 000 inhabitants
    assert len(nearest) == 10 and not nearest["distance"].eq(0).all()
    assert {size_band(sizes[c]) for c in nearest["code"]} == {size_band(sizes["59512"])}
    only = rank_similar(matrix, "59512", k=10, sizes=sizes, allowed={"59350", "59599"})
    assert set(only["code"]) <= {"59350", "59599"}
