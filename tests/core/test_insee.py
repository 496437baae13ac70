"""INSEE dossier complet: the shipped fixture goes through download → cache → parse → store.

The fixture ``tests/fixtures/insee/dossier_complet.csv`` has the exact INSEE layout
(``;``, ``CODGEO`` first, comma decimals, ``s``/``nd``/empty secret cells): all 36
communes of the Hauts-de-Seine (92), Paris (75056) and its 20 arrondissements, and
Tergnier (02738) with its three former communes associées, as in a file written on
an older COG. It is zipped at test time and read through a ``file://`` address, so
the same code path as a real download runs; the internet is never reached.
"""
from __future__ import annotations

import csv
import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from data import textes
from data.atlas import open_atlas
from data.cli.main import main
from data.config import PROJECT_DIR, load_settings
from data.indicators.catalogue import IndicatorStore
from data.indicators.insee import (
    InseeError,
    cache_path,
    detect_year,
    download,
    fetch_insee,
    file_url,
    read_dossier,
    to_numbers,
    zip_csv,
)

FIXTURE = PROJECT_DIR / "tests" / "fixtures" / "insee" / "dossier_complet.csv"


def _rows() -> list[dict[str, str]]:
    with open(FIXTURE, encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _num(text: str) -> float:
    return float(text.replace(",", "."))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, geo_cache, territories):
    """An atlas on a temporary database with the fixture loaded once."""
    folder = tmp_path_factory.mktemp("insee")
    settings = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{folder / 'atlas.db'}", "ATLAS_CACHE_DIR": str(geo_cache)})
    atlas = open_atlas(settings)
    archive = zip_csv(FIXTURE, folder / "dossier_complet.zip")
    calls: list[tuple[float, str]] = []
    report = fetch_insee(
        atlas.indicators, atlas.indicator_catalogue[1], territories, file_url(archive), folder / "cache",
        progress=lambda f, m: calls.append((f, m)),
    )
    return atlas, report, archive, folder, calls


def test_fixture_loads_through_download_cache_and_parse(loaded) -> None:
    atlas, report, archive, folder, calls = loaded
    cached = cache_path(file_url(archive), folder / "cache")
    assert cached.is_file() and cached.read_bytes() == archive.read_bytes()
    assert report.rows == len(_rows()) == 61
    assert report.millesime == "2021"
    assert set(report.loaded) == {
        "part_75_ans_plus", "part_moins_20_ans", "taux_chomage", "taux_activite",
        "revenu_median", "taux_pauvrete", "part_familles_monoparentales", "part_logements_sociaux",
    }
    assert report.skipped == []
    # Progress goes up to 1 and mentions the download.
    assert calls[-1][0] == 1.0
    assert any(m == textes.INSEE_TELECHARGE for _, m in calls)
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)
    # The catalogue entries carry the vintage.
    vintages = {i.code: i.millesime for i in atlas.indicators.indicators()}
    assert vintages["taux_chomage"] == "2021"


def test_rate_at_departement_is_the_ratio_of_sums_not_the_mean_of_rates(loaded) -> None:
    atlas, *_ = loaded
    hds = [r for r in _rows() if r["CODGEO"].startswith("92")]
    assert len(hds) == 36  # every commune of the département
    chom = sum(_num(r["P21_CHOM1564"]) for r in hds)
    act = sum(_num(r["P21_ACT1564"]) for r in hds)
    ratio_of_sums = 100 * chom / act
    mean_of_rates = sum(100 * _num(r["P21_CHOM1564"]) / _num(r["P21_ACT1564"]) for r in hds) / len(hds)
    assert abs(ratio_of_sums - mean_of_rates) > 0.1  # the fixture tells them apart
    stored = atlas.indicators.values("taux_chomage", "departement", "2021")["92"]
    assert stored == pytest.approx(ratio_of_sums, rel=1e-9)
    assert stored == pytest.approx(10.7726, abs=1e-4)  # the fixture's number
    assert stored != pytest.approx(mean_of_rates, rel=1e-3)
    # Same rule up the levels: région 11 here holds Paris and the Hauts-de-Seine.
    idf = [r for r in _rows() if r["CODGEO"][:2] in ("92",) or r["CODGEO"] == "75056"]
    expected = 100 * sum(_num(r["P21_CHOM1564"]) for r in idf) / sum(_num(r["P21_ACT1564"]) for r in idf)
    assert atlas.indicators.values("taux_chomage", "region", "2021")["11"] == pytest.approx(expected, rel=1e-9)


def test_secret_cells_become_missing_never_zero(loaded) -> None:
    atlas, report, *_ = loaded
    pauvrete = atlas.indicators.values("taux_pauvrete", "commune", "2021")
    assert math.isnan(pauvrete["92047"])  # "s"
    assert math.isnan(pauvrete["92076"])  # "nd"
    median = atlas.indicators.values("revenu_median", "commune", "2021")
    assert math.isnan(median["92047"])
    mono = atlas.indicators.values("part_familles_monoparentales", "commune", "2021")
    assert math.isnan(mono["92077"])  # empty cell
    assert report.secret_cells == 5
    # A rate is never averaged from communes: no département value comes from the dossier;
    # the published Filosofi value shipped with the atlas stays the département's value.
    assert atlas.indicators.values("taux_pauvrete", "departement", "2021").empty
    assert atlas.indicators.values("taux_pauvrete", "departement")["92"] == pytest.approx(12.4)
    # A median is never computed above the communes.
    assert atlas.indicators.values("revenu_median", "departement", "2021").empty


def test_arrondissements_are_not_counted_twice(loaded) -> None:
    atlas, *_ = loaded
    rows = {r["CODGEO"]: r for r in _rows()}
    paris = rows["75056"]
    expected = 100 * _num(paris["P21_CHOM1564"]) / _num(paris["P21_ACT1564"])
    communes = atlas.indicators.values("taux_chomage", "commune", "2021")
    assert communes["75056"] == pytest.approx(expected)
    assert atlas.indicators.values("taux_chomage", "departement", "2021")["75"] == pytest.approx(expected)
    # Arrondissements keep their own value at commune level.
    first = rows["75101"]
    assert communes["75101"] == pytest.approx(100 * _num(first["P21_CHOM1564"]) / _num(first["P21_ACT1564"]))
    # Région 11 = Paris + Hauts-de-Seine, Paris once (its arrondissements are not added to it).
    idf = [r for code, r in rows.items() if code.startswith("92") or code == "75056"]
    act = sum(_num(r["P21_ACT1564"]) for r in idf)
    assert atlas.indicators.values("taux_activite", "region", "2021")["11"] == pytest.approx(
        100 * act / sum(_num(r["P21_POP1564"]) for r in idf)
    )


def test_former_codes_are_added_to_their_current_commune(loaded) -> None:
    atlas, report, *_ = loaded
    rows = [r for r in _rows() if r["CODGEO"] in ("02738", "02300", "02630", "02825")]
    expected = 100 * sum(_num(r["P21_CHOM1564"]) for r in rows) / sum(_num(r["P21_ACT1564"]) for r in rows)
    assert atlas.indicators.values("taux_chomage", "commune", "2021")["02738"] == pytest.approx(expected)
    assert report.folded == {"02300": "02738", "02630": "02738", "02825": "02738"}
    # A median does not add up: Tergnier keeps its own row's value only.
    assert atlas.indicators.values("revenu_median", "commune", "2021")["02738"] == pytest.approx(
        _num(next(r for r in rows if r["CODGEO"] == "02738")["MED21"])
    )


def test_second_load_reuses_the_cache_and_writes_nothing(loaded, territories) -> None:
    atlas, _, archive, folder, _ = loaded
    copy = folder / "copie.zip"
    copy.write_bytes(archive.read_bytes())
    url = file_url(copy)
    fetch_insee(atlas.indicators, atlas.indicator_catalogue[1], territories, url, folder / "cache2")
    copy.unlink()  # the source is gone: only the cache can serve it now
    calls: list[str] = []
    report = fetch_insee(
        atlas.indicators, atlas.indicator_catalogue[1], territories, url, folder / "cache2",
        progress=lambda _f, m: calls.append(m),
    )
    assert textes.INSEE_CACHE_REUTILISE in calls
    assert all(written == 0 for written, _ in report.loaded.values())
    with pytest.raises(InseeError, match="Téléchargement impossible"):
        download(url, folder / "cache2", force=True)


def test_missing_variable_is_reported_and_the_others_still_load(tmp_path, territories) -> None:
    from data.indicators.catalogue import load_catalogue
    from data.store.db import make_engine, migrate

    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    drop = lines[0].split(";").index("P21_POP0019")
    trimmed = "\n".join(";".join(c for i, c in enumerate(line.split(";")) if i != drop) for line in lines)
    csv_path = tmp_path / "dossier_complet.csv"
    csv_path.write_text(trimmed + "\n", encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    migrate(engine)
    store = IndicatorStore(engine)
    catalogue = load_catalogue(load_settings().indicators_file)[1]
    archive = zip_csv(csv_path, tmp_path / "dossier.zip")
    report = fetch_insee(store, catalogue, territories, file_url(archive), tmp_path / "cache")
    assert "variable P21_POP0019 absente du fichier : indicateur non chargé (part_moins_20_ans)" in report.skipped
    assert "part_moins_20_ans" not in report.loaded
    assert store.values("part_moins_20_ans", "commune").empty
    assert len(report.loaded) == 7
    assert not store.values("part_75_ans_plus", "departement", "2021").empty


def test_paris_is_rebuilt_from_its_arrondissements_when_its_row_is_missing(tmp_path, territories) -> None:
    from data.indicators.catalogue import load_catalogue
    from data.store.db import make_engine, migrate

    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if not line.startswith("75056;")]
    csv_path = tmp_path / "dossier_complet.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    migrate(engine)
    store = IndicatorStore(engine)
    catalogue = [i for i in load_catalogue(load_settings().indicators_file)[1] if i.code == "taux_chomage"]
    # A raw CSV (not zipped) is accepted too.
    fetch_insee(store, catalogue, territories, file_url(csv_path), tmp_path / "cache")
    arm = [r for r in _rows() if r["CODGEO"].startswith("751")]
    expected = 100 * sum(_num(r["P21_CHOM1564"]) for r in arm) / sum(_num(r["P21_ACT1564"]) for r in arm)
    assert store.values("taux_chomage", "commune")["75056"] == pytest.approx(expected)
    assert store.values("taux_chomage", "departement")["75"] == pytest.approx(expected)


def test_cells_comma_dot_and_secret() -> None:
    numbers, secret, other = to_numbers(pd.Series(["1,5", "2.5", "s", "nd", "", "abc", "1234,000001"]))
    assert numbers.iloc[0] == 1.5 and numbers.iloc[1] == 2.5 and numbers.iloc[6] == pytest.approx(1234.000001)
    assert numbers.iloc[2:6].isna().all()
    assert (secret, other) == (3, 1)


def test_year_detection_and_only_needed_columns(tmp_path) -> None:
    assert detect_year(["CODGEO", "P15_POP", "P21_POP", "MED21"]) == "21"
    assert detect_year(["CODGEO", "C20_FAM", "P20_LOG"]) == "20"
    with pytest.raises(InseeError, match="Année du recensement"):
        detect_year(["CODGEO", "MED21"])
    archive = zip_csv(FIXTURE, tmp_path / "d.zip")
    frame, secret, _ = read_dossier(archive, ["P21_POP", "MED21"])
    assert list(frame.columns) == ["code", "P21_POP", "MED21"]
    assert frame["code"].iloc[0] == "02300" and secret == 2  # 92047 "s", 02825 empty


def test_unreachable_address_gives_a_french_message(tmp_path) -> None:
    with pytest.raises(InseeError, match="Téléchargement impossible"):
        download(file_url(tmp_path / "absent.zip"), tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*"))  # nothing half-written
    html = tmp_path / "page.zip"
    html.write_text("<html>erreur</html>", encoding="utf-8")
    with pytest.raises(InseeError, match="ni une archive ZIP"):
        download(file_url(html), tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*"))


def test_command_line_fetch_insee(tmp_path, geo_cache, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(geo_cache))
    monkeypatch.setenv("ATLAS_INSEE_CACHE_DIR", str(tmp_path / "insee"))
    archive = zip_csv(FIXTURE, tmp_path / "dossier_complet.zip")
    assert main(["fetch-insee", "--file", str(archive)]) == 0
    captured = capsys.readouterr()
    assert textes.CLI_INSEE_OK.format(n=8, millesime="2021") in captured.out
    assert "%" in captured.err and "100.0 %" in captured.err  # the progress bar
    assert len(list((tmp_path / "insee").glob("*.zip"))) == 1
    assert main(["fetch-insee", "--url", file_url(archive)]) == 0
    out = capsys.readouterr().out
    assert "taux_chomage : 0 valeur écrite" in out
    store = IndicatorStore(open_atlas(load_settings()).engine)
    assert store.values("taux_chomage", "departement")["92"] == pytest.approx(10.7726, abs=1e-4)


def test_default_address_is_configurable() -> None:
    assert load_settings({}).insee_dossier_url.startswith("https://www.insee.fr/")
    custom = load_settings({"ATLAS_INSEE_DOSSIER_URL": "file:///tmp/x.zip", "ATLAS_CACHE_DIR": "/tmp/c"})
    assert custom.insee_dossier_url == "file:///tmp/x.zip"
    assert custom.insee_folder == Path("/tmp/c/insee")
    assert replace(custom, insee_cache_dir=Path("/tmp/i")).insee_folder == Path("/tmp/i")
