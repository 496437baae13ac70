"""Import of a user's indicator file: layouts, checks, French report, one write, idempotence.

The files are in ``tests/fixtures/indicateurs/``; the INSEE-style XLSX is written by
openpyxl at test time. Rows with an unknown code or an invalid value are skipped and
listed; duplicated codes block the import.
"""
from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from data import textes
from data.cli.main import main
from data.config import PROJECT_DIR
from data.indicators.catalogue import IndicatorStore, load_catalogue
from data.indicators.import_layout import clean_code, parse_value, read_table
from data.indicators.import_plan import ImportOptions, bounds_for
from data.indicators.imports import apply_import, prepare_import
from data.store.db import make_engine, migrate

FIXTURES = PROJECT_DIR / "tests" / "fixtures" / "indicateurs"
SUMMARY_RE = re.compile(r"^read=\d+ matched=\d+ unknown=\d+ invalid=\d+$")


@pytest.fixture
def store(settings) -> IndicatorStore:
    """An empty indicator store on the temporary database of ``settings``."""
    engine = make_engine(settings.database_url)
    migrate(engine)
    return IndicatorStore(engine)


@pytest.fixture(scope="module")
def catalogue():
    from data.config import load_settings

    families, indicators = load_catalogue(load_settings().indicators_file)
    return indicators, [f.slug for f in families]


def _plan(territories, name: str, catalogue=None, content: bytes | None = None, **options):
    existing, families = catalogue if catalogue else ([], ["demographie"])
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return prepare_import(name, data, ImportOptions(**options), territories, existing, families)


def _xlsx_insee(labels_first: bool = False) -> bytes:
    """An INSEE "base communale" workbook: title lines, a label line and the CODGEO header."""
    book = Workbook()
    sheet = book.active
    sheet.title = "COM"
    sheet.append(["Logements en 2021 : chiffres clés"])
    sheet.append(["Recensement de la population 2021, exploitation principale"])
    sheet.append(["Géographie au 01/01/2024"])
    sheet.append(["Source : Insee, RP2021"])
    labels = ["Code géographique", "Libellé géographique", "Région", "Département",
              "Logements en 2021 (princ)", "Logements vacants en 2021 (princ)"]
    if labels_first:
        sheet.append(labels)
    sheet.append(["CODGEO", "LIBGEO", "REG", "DEP", "P21_LOG", "P21_LOGVAC"])
    if not labels_first:
        sheet.append(labels)
    sheet.append([1001, "L'Abergement-Clémenciat", 84, 1, 392.5, 21.2])  # code read as a number
    sheet.append(["01002", "L'Abergement-de-Varey", "84", "01", "172,3", "s"])
    sheet.append(["92002", "Antony", "11", "92", 27000.4, 1500.2])
    sheet.append(["75056", "Paris", "11", "75", 1400000, 130000])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- each layout imports ------------------------------------------------------------------


def test_simple_commune_file_with_sums_up_the_levels(territories, store) -> None:
    plan = _plan(territories, "centres_sociaux_communes.csv", nom="Centres sociaux", unite="nombre",
                 millesime="2024", agregation="somme", source="Fédération des centres sociaux")
    assert plan.ok, plan.errors
    assert (plan.layout, plan.niveau) == ("simple", "commune")
    assert plan.summary() == "read=36 matched=36 unknown=0 invalid=0"
    frame = pd.read_csv(FIXTURES / "centres_sociaux_communes.csv", sep=";", dtype={"code": str})
    [result] = apply_import(plan, store)
    assert result.code == "centres_sociaux" and result.millesime == "2024"
    assert store.values("centres_sociaux", "departement", "2024")["92"] == frame["valeur"].sum()
    assert store.values("centres_sociaux", "commune", "2024")["92002"] == frame.set_index("code")["valeur"]["92002"]
    # The Métropole du Grand Paris and Île-de-France are not complete: no partial sum.
    assert store.values("centres_sociaux", "epci", "2024").empty
    assert store.values("centres_sociaux", "region", "2024").empty
    [indicator] = store.indicators()
    assert (indicator.origine, indicator.agregation, indicator.unite, indicator.millesime) == ("import", "somme", "nombre", "2024")
    assert indicator.source == "Fédération des centres sociaux"


def test_simple_departement_file_comma_separated_with_bom_and_numeric_codes(territories, store) -> None:
    plan = _plan(territories, "acces_droits_departements.csv", nom="Part des allocataires", unite="%", millesime="2023")
    assert plan.ok, plan.errors
    assert plan.niveau == "departement"
    assert textes.IMPORT_CODES_COMPLETES.format(n=3, avant="1", apres="01") in plan.lines()
    apply_import(plan, store)
    values = store.values("part_des_allocataires", "departement", "2023")
    assert values["01"] == 21.4 and values["2A"] == 26.1 and values["971"] == 22.8
    assert len(values) == 10
    assert store.values("part_des_allocataires", "commune", "2023").empty


def test_observatoire_export_in_windows_1252_with_two_years(territories, store) -> None:
    plan = _plan(territories, "observatoire_familles_monoparentales.csv", unite="%")
    assert plan.ok, plan.errors
    assert plan.layout == "observatoire" and plan.niveau == "departement"
    [planned] = plan.indicators
    assert planned.indicator.libelle == "Part des familles monoparentales"  # first header line
    assert planned.indicator.code == "part_fam_mono"  # the column header
    assert planned.millesime == "2021"  # the latest year of the `an` column
    assert textes.IMPORT_ENCODAGE_WINDOWS in plan.notes
    assert "Ardèche" in set(plan.preview[textes.IMPORT_COL_TERRITOIRE])
    assert plan.summary() == "read=5 matched=5 unknown=0 invalid=0"
    apply_import(plan, store)
    assert store.values("part_fam_mono", "departement", "2021")["07"] == 15.6
    older = _plan(territories, "observatoire_familles_monoparentales.csv", unite="%", millesime="2020")
    apply_import(older, store)
    assert store.values("part_fam_mono", "departement", "2020")["07"] == 15.2
    assert store.values("part_fam_mono", "departement", "2021")["07"] == 15.6  # other vintage kept
    assert store.indicators()[0].millesime == "2021"  # the catalogue shows the latest


@pytest.mark.parametrize("labels_first", [False, True])
def test_insee_xlsx_each_numeric_column_becomes_an_indicator(territories, store, labels_first) -> None:
    content = _xlsx_insee(labels_first)
    plan = _plan(territories, "base-cc-logement-2021.xlsx", content=content, unite="logements")
    assert plan.ok, plan.errors
    assert plan.layout == "insee" and plan.niveau == "commune"
    assert [p.indicator.code for p in plan.indicators] == ["p21_log", "p21_logvac"]
    assert [p.indicator.libelle for p in plan.indicators] == ["Logements en 2021 (princ)", "Logements vacants en 2021 (princ)"]
    assert {p.millesime for p in plan.indicators} == {"2021"}  # from P21_
    assert plan.summary() == "read=4 matched=4 unknown=0 invalid=0"
    results = apply_import(plan, store)
    assert [r.written for r in results] == [4, 4]
    assert store.values("p21_log", "commune", "2021")["01001"] == 392.5  # 1001 → 01001
    assert plan.preview[textes.IMPORT_COL_LIGNE].iloc[0] == 7  # the workbook's row number
    assert store.values("p21_log", "commune", "2021")["01002"] == pytest.approx(172.3)
    assert math.isnan(store.values("p21_logvac", "commune", "2021")["01002"])  # "s" → no data, not 0


# --- bad files: French messages, nothing written ---------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("mauvais_encodage.csv", None, "encodage non reconnu"),
        ("binaire.csv", b"code;valeur\n92002;\x81\x8d\x8f\n", "encodage non reconnu"),
        ("colonnes_manquantes.csv", None, "colonne « valeur » absente"),
        ("sans_code.csv", "commune;taux\n92002;12\n".encode(), "colonnes attendues introuvables"),
        ("vide.csv", b"", "le fichier est vide"),
        ("faux.xlsx", b"PK\x03\x04pas un classeur", "classeur Excel illisible"),
        ("ancien.xls", b"\xd0\xcf\x11\xe0", "ancien format Excel"),
        ("entete_seule.csv", b"code;valeur\n", "aucune ligne de données"),
    ],
)
def test_unreadable_files_are_refused_in_french(territories, store, name, content, message) -> None:
    plan = _plan(territories, name, content=content, nom="X", millesime="2023")
    assert not plan.ok
    assert any(message in e for e in plan.errors), plan.errors
    with pytest.raises(ValueError):
        apply_import(plan, store)
    assert store.count_values() == 0 and store.indicators() == []


def test_unknown_codes_are_listed_and_skipped(territories, store) -> None:
    plan = _plan(territories, "codes_inconnus.csv", nom="Places en crèche", unite="places", millesime="2023")
    assert plan.ok
    assert plan.summary() == "read=5 matched=3 unknown=2 invalid=0"
    assert [(p.line, p.code) for p in plan.problems] == [(4, "99999"), (5, "92999")]
    assert "  ligne 4, code « 99999 » : code de commune inconnu dans le référentiel des territoires" in plan.lines()
    apply_import(plan, store)
    assert sorted(store.values("places_en_creche", "commune", "2023").index) == ["92002", "92004", "92007"]


def test_text_in_a_number_cell_is_listed_with_its_line(territories, store) -> None:
    plan = _plan(territories, "texte_dans_nombres.csv", nom="Taux", unite="%", millesime="2023")
    assert plan.summary() == "read=4 matched=2 unknown=0 invalid=2"
    assert [(p.line, p.message) for p in plan.problems] == [
        (3, "« douze » n'est pas un nombre"),
        (5, "« n.c. pour l'instant » n'est pas un nombre"),
    ]
    apply_import(plan, store)
    assert sorted(store.values("taux", "commune", "2023").index) == ["92002", "92007"]


def test_duplicated_codes_block_the_import(territories, store, catalogue) -> None:
    plan = _plan(territories, "doublons.csv", catalogue, nom="Taux", unite="%", millesime="2023")
    assert not plan.ok and plan.indicators == []
    assert plan.summary() == "read=3 matched=1 unknown=0 invalid=2"
    assert textes.IMPORT_DOUBLONS_BLOQUENT.format(n=1) in plan.errors
    assert "  ligne 4, code « 92002 » : code présent plusieurs fois (lignes 2, 4)" in plan.lines()
    with pytest.raises(ValueError, match="rien n'a été écrit"):
        apply_import(plan, store)
    assert store.count_values() == 0


def test_out_of_range_values_by_unit_and_by_catalogue_bounds(territories, store) -> None:
    plan = _plan(territories, "hors_bornes.csv", nom="Taux", unite="%", millesime="2023")
    assert plan.summary() == "read=4 matched=2 unknown=0 invalid=2"
    assert [p.kind for p in plan.problems] == ["hors_bornes", "hors_bornes"]
    assert plan.problems[0].message == "120 hors des bornes plausibles (0 à 100 %)"
    counts = "code;valeur\n92002;4\n92004;-1\n".encode()
    plan = _plan(territories, "effectifs.csv", content=counts, nom="Effectif", unite="personnes", millesime="2023")
    assert plan.summary() == "read=2 matched=1 unknown=0 invalid=1"
    assert "hors des bornes plausibles (0 à ∞ personnes)" in plan.problems[0].message
    # Without a unit there is no range to check.
    free = _plan(territories, "hors_bornes.csv", nom="Solde", millesime="2023")
    assert free.summary() == "read=4 matched=4 unknown=0 invalid=0"
    assert bounds_for("%") == (0.0, 100.0) and bounds_for("€") is None


def test_former_codes_are_summed_for_counts_and_taken_alone_for_rates(territories, store) -> None:
    counts = _plan(territories, "anciens_codes.csv", nom="Bénévoles", unite="personnes", millesime="2023", agregation="somme")
    assert counts.ok and counts.summary() == "read=6 matched=6 unknown=0 invalid=0"
    apply_import(counts, store)
    values = store.values("benevoles", "commune", "2023")
    assert values["02738"] == 30 + 12 + 9 + 7  # Tergnier and its three former communes
    assert values["01262"] == 4  # Cordieux → Montluel
    assert "01120" not in values.index and "02300" not in values.index
    rates = _plan(territories, "anciens_codes.csv", nom="Taux", unite="%", millesime="2023")
    assert rates.summary() == "read=6 matched=3 unknown=3 invalid=0"
    assert [p.code for p in rates.problems if p.kind == "ancien_code"] == ["02300", "02630", "02825"]
    assert "fusionné dans Tergnier (02738)" in rates.problems[0].message
    [planned] = rates.indicators
    assert dict(zip(planned.values["code"], planned.values["valeur"])) == {"02738": 30.0, "01262": 4.0, "92002": 55.0}


def test_level_detection_ambiguous_codes_need_the_level(territories) -> None:
    regions = "code;valeur\n11;12\n84;13\n76;14\n".encode()
    plan = _plan(territories, "r.csv", content=regions, nom="X", millesime="2023")
    assert not plan.ok and textes.IMPORT_NIVEAU_AMBIGU in plan.errors
    assert _plan(territories, "r.csv", content=regions, nom="X", millesime="2023", niveau="region").niveau == "region"
    named = "code;libelle;valeur\n11;Île-de-France;12\n84;Auvergne-Rhône-Alpes;13\n".encode()
    assert _plan(territories, "r.csv", content=named, nom="X", millesime="2023").niveau == "region"
    epci = "code;valeur\n200054781;12\n200046977;13\n".encode()
    assert _plan(territories, "e.csv", content=epci, nom="X", millesime="2023").niveau == "epci"
    junk = "code;valeur\nabc;12\n".encode()
    assert textes.IMPORT_CODES_NON_RECONNUS in _plan(territories, "j.csv", content=junk, nom="X", millesime="2023").errors


def test_missing_name_vintage_and_reserved_codes_block(territories, catalogue) -> None:
    plan = _plan(territories, "codes_inconnus.csv")
    assert textes.IMPORT_NOM_MANQUANT in plan.errors and textes.IMPORT_MILLESIME_MANQUANT in plan.errors
    bad_year = _plan(territories, "codes_inconnus.csv", nom="X", millesime="l'an dernier")
    assert any("Millésime « l'an dernier » invalide" in e for e in bad_year.errors)
    reserved = _plan(territories, "codes_inconnus.csv", catalogue, nom="Chômage", millesime="2023",
                     code_indicateur="taux_chomage")
    assert not reserved.ok
    assert any("taux_chomage" in e and "origine insee" in e for e in reserved.errors)
    family = _plan(territories, "codes_inconnus.csv", catalogue, nom="X", millesime="2023", famille="inconnue")
    assert any("Famille « inconnue » inconnue" in e for e in family.errors)


def test_reimport_writes_nothing_and_keeps_other_levels(territories, store) -> None:
    options = dict(nom="Part des allocataires", unite="%", millesime="2023", code_indicateur="allocataires")
    first = apply_import(_plan(territories, "acces_droits_departements.csv", **options), store)
    assert first[0].written == 10
    again = apply_import(_plan(territories, "acces_droits_departements.csv", **options), store)
    assert (again[0].written, again[0].unchanged) == (0, 10)
    # Commune values of the same indicator and vintage do not wipe the départements.
    apply_import(_plan(territories, "codes_inconnus.csv", **options), store)
    assert len(store.values("allocataires", "departement", "2023")) == 10
    assert len(store.values("allocataires", "commune", "2023")) == 3


def test_cells_and_codes() -> None:
    assert parse_value("1 234,5") == (1234.5, None)
    assert parse_value("1.234,5") == (1234.5, None)
    assert parse_value("1,234.5") == (1234.5, None)
    assert parse_value("12,5 %") == (12.5, None)
    assert parse_value(7) == (7.0, None)
    for secret in (None, "", "s", "nd", "ND"):
        value, message = parse_value(secret)
        assert math.isnan(value) and message is None
    value, message = parse_value("douze")
    assert math.isnan(value) and message == "« douze » n'est pas un nombre"
    assert clean_code(1001.0) == "1001" and clean_code(" 2a004 ") == "2A004" and clean_code("'01001") == "01001"
    table = read_table("t.csv", "\ufeffcode,valeur\n1,\"2,5\"\n".encode())
    assert table.delimiter == "," and table.rows[1][1] == ["1", "2,5"]


# --- command line ---------------------------------------------------------------------------


def _cli(args: list[str], capsys) -> tuple[int, list[str]]:
    status = main(["import-indicators", *args])
    return status, capsys.readouterr().out.strip().splitlines()


@pytest.fixture
def cli_env(tmp_path: Path, geo_cache: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(geo_cache))
    return tmp_path


def test_command_line_dry_run_then_import_then_reimport(cli_env, capsys) -> None:
    path = str(FIXTURES / "codes_inconnus.csv")
    options = ["--nom", "Places en crèche", "--unite", "places", "--millesime", "2023"]
    status, out = _cli([path, *options, "--dry-run"], capsys)
    assert status == 0
    assert out[-1] == "read=5 matched=3 unknown=2 invalid=0" and SUMMARY_RE.match(out[-1])
    assert textes.CLI_IMPORT_SIMULATION in out
    store = IndicatorStore(make_engine(f"sqlite:///{cli_env / 'cli.db'}"))
    assert store.values("places_en_creche", "commune").empty  # dry run: nothing written
    status, out = _cli([path, *options], capsys)
    assert status == 0 and out[-1] == "read=5 matched=3 unknown=2 invalid=0"
    assert "places_en_creche (millésime 2023) : 3 valeurs écrites, 0 inchangée." in out
    status, out = _cli([path, *options], capsys)
    assert "places_en_creche (millésime 2023) : 0 valeur écrite, 3 inchangées." in out
    assert len(store.values("places_en_creche", "commune")) == 3


def test_command_line_blocked_import_still_ends_with_the_counts(cli_env, capsys) -> None:
    status, out = _cli([str(FIXTURES / "doublons.csv"), "--nom", "X", "--millesime", "2023"], capsys)
    assert status == 1
    assert out[-2] == textes.CLI_IMPORT_BLOQUE
    assert out[-1] == "read=3 matched=1 unknown=0 invalid=2"
    status, out = _cli([str(FIXTURES / "absent.csv")], capsys)
    assert status == 1 and out[-1] == "read=0 matched=0 unknown=0 invalid=0"
    assert "introuvable" in out[0]


def test_french_texts_of_the_imports_are_defined_once() -> None:
    """Several engineers append to data/textes.py: a name defined twice would silently win."""
    source = (PROJECT_DIR / "data" / "textes.py").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Z][A-Z0-9_]*)\s*=", source, flags=re.MULTILINE)
    mine = [n for n in names if n.startswith(("IMPORT_", "INSEE_", "CLI_IMPORT", "CLI_INSEE"))]
    assert len(mine) == len(set(mine)), sorted({n for n in mine if mine.count(n) > 1})
