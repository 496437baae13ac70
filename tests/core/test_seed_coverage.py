"""The shipped actions: each sourced, placed and distinct; their coverage of France and of the guide."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from data import textes
from data.actions.coverage import (
    CoverageRow,
    compute_coverage,
    coverage_lines,
    same_action_pairs,
)
from data.actions.seed import read_seed
from data.atlas import PlacePoints
from data.config import load_settings
from data.guide.catalogue import load_guide
from tests.support.seed_samples import GOOD_ROW, SECOND_ROW, write_seed

SETTINGS = load_settings()
GUIDE = load_guide(SETTINGS.guide_file)
CONFIRMED = {1, 3, 5, 6}  # the fiches whose titles are confirmed (header of actions.yaml)


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    return yaml.safe_load(SETTINGS.seed_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(territories, geo_cache: Path):
    return read_seed(SETTINGS.seed_file, GUIDE, territories, PlacePoints(geo_cache))


def test_every_action_has_a_web_source_a_checked_place_and_a_provenance(raw_rows, territories) -> None:
    problems = []
    for row in raw_rows:
        urls = [s.get("url", "") for s in row.get("sources") or [] if isinstance(s, dict)]
        if not urls or not all(u.startswith(("http://", "https://")) for u in urls):
            problems.append((row["id"], "source"))
        lieu = row.get("lieu") or {}
        place = territories.get(lieu.get("niveau", "commune"), str(lieu.get("code")))
        if place is None or place.nom != lieu.get("nom"):
            problems.append((row["id"], "lieu", lieu, place and place.nom))
        if row.get("provenance") not in ("documentee", "declaree"):
            problems.append((row["id"], "provenance"))
        if lieu.get("niveau") in ("epci", "departement", "region") and not row.get("note_lieu"):
            problems.append((row["id"], "raison du niveau de lieu"))
    assert problems == []


def test_fiche_links_made_by_the_editors_point_to_confirmed_fiches(raw_rows) -> None:
    confirmed = {f.numero for f in GUIDE.fiches if f.statut == "confirmee"}
    assert confirmed == CONFIRMED
    wrong = [
        (row["id"], link["numero"])
        for row in raw_rows
        for link in row["fiches"]
        if link.get("origine", "editeurs") == "editeurs" and link["numero"] not in CONFIRMED
    ]
    assert wrong == []


def test_no_two_shipped_actions_are_the_same_action(records) -> None:
    assert same_action_pairs(records) == []


def test_same_place_same_carrier_overlapping_years_is_one_action(tmp_path, territories, geo_cache) -> None:
    twin = {**SECOND_ROW, "id": "essai-poitiers-bis", "annee_debut": 2015, "annee_fin": None,
            "porteurs": ["Ville de Poitiers", "Centre social des Trois-Cités (quartier)"]}
    later = {**SECOND_ROW, "id": "essai-poitiers-2020", "annee_debut": 2020, "annee_fin": 2021}
    other_place = {**SECOND_ROW, "id": "essai-mezin-centre", "lieu": GOOD_ROW["lieu"]}
    path = write_seed(tmp_path / "seed.yaml", [SECOND_ROW, twin, later, other_place])
    records = read_seed(path, GUIDE, territories, PlacePoints(geo_cache))
    assert same_action_pairs(records) == [("essai-poitiers", "essai-poitiers-bis"), ("essai-poitiers-bis", "essai-poitiers-2020")]


def test_shipped_coverage_meets_the_issue_thresholds(records, territories) -> None:
    coverage = compute_coverage([CoverageRow.from_record(r) for r in records], territories, GUIDE.methodes)
    assert coverage.actions >= 120
    assert coverage.departements_total == 101 and coverage.departements >= 85
    assert coverage.regions_total == 18 and coverage.regions == 18
    assert coverage.methodes_total == 12 and coverage.methodes == 12
    assert "mediation-sociale" in {m for r in records for m in r.methodes}
    assert set(coverage.fiches) <= CONFIRMED
    assert sum(coverage.par_provenance.values()) == coverage.actions
    assert len(coverage.departements_sans_action) == 101 - coverage.departements


def test_coverage_counts_each_action_once_and_names_the_gaps(tmp_path, territories, geo_cache) -> None:
    epci = {**SECOND_ROW, "id": "essai-haute-correze", "lieu": {"niveau": "epci", "code": "200066744", "nom": "x"},
            "confiance": None, "provenance": "declaree"}
    path = write_seed(tmp_path / "seed.yaml", [GOOD_ROW, SECOND_ROW, epci])
    records = read_seed(path, GUIDE, territories, PlacePoints(geo_cache))
    coverage = compute_coverage([CoverageRow.from_record(r) for r in records], territories, GUIDE.methodes)
    assert (coverage.actions, coverage.communes) == (3, 2)
    assert coverage.departements == 3  # 47, 86 and 19: the EPCI straddling 19 and 23 counts for 19 only
    assert ("23", "Creuse") in coverage.departements_sans_action
    assert ("19", "Corrèze") not in coverage.departements_sans_action
    assert coverage.regions == 1 and len(coverage.regions_sans_action) == 17
    assert coverage.methodes == 2 and "Médiation sociale" in coverage.methodes_sans_action
    assert coverage.par_provenance == {"declaree": 1, "documentee": 2}
    assert coverage.par_confiance == {"H": 2, None: 1}
    lines = coverage_lines(coverage)
    assert textes.COUVERTURE_TERRITOIRES.format(departements=3, departements_total=101, regions=1, regions_total=18) in lines
    assert any(line.startswith("Départements sans aucune action (98) : 01 Ain, 02 Aisne") for line in lines)
    assert "élevée 2, non renseignée 1" in lines[5]


def _check_seed(path: Path, geo_cache: Path) -> tuple[int, str]:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ATLAS_CACHE_DIR": str(geo_cache)}
    done = subprocess.run([sys.executable, "-m", "data", "check-seed", str(path)], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parents[2], timeout=300)
    return done.returncode, done.stdout


def test_check_seed_prints_the_coverage_and_refuses_the_same_action_twice(tmp_path, geo_cache) -> None:
    good = write_seed(tmp_path / "bon.yaml", [GOOD_ROW, SECOND_ROW])
    code, out = _check_seed(good, geo_cache)
    assert code == 0, out
    assert textes.CLI_SEED_OK.format(fichier="bon.yaml", n=2) in out and textes.CLI_COUVERTURE in out
    assert "Départements couverts : 2 sur 101 ; régions couvertes : 1 sur 18" in out
    assert "Départements sans aucune action (99) : 01 Ain" in out
    twin = write_seed(tmp_path / "double.yaml", [SECOND_ROW, {**SECOND_ROW, "id": "essai-poitiers-bis"}])
    code, out = _check_seed(twin, geo_cache)
    assert code == 1
    assert textes.CLI_SEED_MEME_ACTION.format(premiere="essai-poitiers", seconde="essai-poitiers-bis") in out
    assert textes.CLI_COUVERTURE not in out
