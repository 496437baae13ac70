"""Queries on actions: filters by territory, fiche, method, public, years and text."""
from __future__ import annotations

from pathlib import Path

import pytest

from data.actions.models import ActionFilter
from data.atlas import open_atlas
from data.config import load_settings
from tests.support.seed_samples import DEPARTEMENT_ROW, GOOD_ROW, SECOND_ROW, write_seed

ESAT_ROW = {**GOOD_ROW, "titre": "L'ÉSAT du village", "id": "essai-esat-accent"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory, geo_cache: Path):
    tmp = tmp_path_factory.mktemp("repo")
    seed = write_seed(tmp / "seed.yaml", [GOOD_ROW, SECOND_ROW, DEPARTEMENT_ROW, ESAT_ROW])
    settings = load_settings(
        {"ATLAS_DATABASE_URL": f"sqlite:///{tmp / 'r.db'}", "ATLAS_CACHE_DIR": str(geo_cache), "ATLAS_SEED_FILE": str(seed)}
    )
    return open_atlas(settings).actions


def _titles(repo, **kwargs) -> set[str]:
    return set(repo.list_actions(ActionFilter(**kwargs))["titre"])


def test_text_search_ignores_accents_and_case(repo) -> None:
    assert _titles(repo, texte="esat") == {GOOD_ROW["titre"], ESAT_ROW["titre"]}
    assert _titles(repo, texte="ÉSAT") == _titles(repo, texte="esat")
    assert _titles(repo, texte="  Esat   VILLAGE ") == {GOOD_ROW["titre"], ESAT_ROW["titre"]}
    assert _titles(repo, texte="mezin") == {GOOD_ROW["titre"], ESAT_ROW["titre"]}
    assert _titles(repo, texte="100%_") == set()


def test_territory_filters_use_the_hierarchy(repo) -> None:
    assert len(_titles(repo)) == 4
    assert _titles(repo, region="75") == {GOOD_ROW["titre"], ESAT_ROW["titre"], SECOND_ROW["titre"]}
    assert _titles(repo, departement="32") == {DEPARTEMENT_ROW["titre"]}
    assert _titles(repo, commune="86194") == {SECOND_ROW["titre"]}
    assert _titles(repo, region="75", departement="47", commune="47167") == {GOOD_ROW["titre"], ESAT_ROW["titre"]}


def test_fiche_method_public_and_year_filters(repo) -> None:
    assert _titles(repo, fiches=(5,)) == {DEPARTEMENT_ROW["titre"]}
    assert _titles(repo, fiches=(1, 5)) == {GOOD_ROW["titre"], ESAT_ROW["titre"], DEPARTEMENT_ROW["titre"]}
    assert _titles(repo, methodes=("pouvoir-d-agir",)) == {SECOND_ROW["titre"]}
    assert _titles(repo, publics=("minima-sociaux",)) == {DEPARTEMENT_ROW["titre"]}
    # 2008–2016 overlaps 2010–2012; actions since 1993 still run; unknown years drop out.
    assert _titles(repo, annee_min=2010, annee_max=2012) == {GOOD_ROW["titre"], ESAT_ROW["titre"], SECOND_ROW["titre"]}
    assert _titles(repo, annee_min=2017) == {GOOD_ROW["titre"], ESAT_ROW["titre"]}
    assert _titles(repo, annee_max=2000) == {GOOD_ROW["titre"], ESAT_ROW["titre"]}


def test_list_has_links_and_detail_page_data(repo) -> None:
    frame = repo.list_actions()
    row = frame.loc[frame["titre"] == GOOD_ROW["titre"]].iloc[0]
    assert row["fiches"] == [1, 3] and row["methodes"] == ["animation-socioculturelle"]
    detail = repo.get(int(row["id"]))
    assert detail.porteurs == ("Association L'Essor",)
    assert {(f.numero, f.origine) for f in detail.fiches} == {(1, "annexe"), (3, "annexe")}
    assert detail.sources[0].url == "https://www.example.org/essor"
    assert repo.get(999999) is None


def test_nearby_orders_by_distance(repo) -> None:
    frame = repo.list_actions()
    mezin = int(frame.loc[frame["titre"] == GOOD_ROW["titre"], "id"].iloc[0])
    near = repo.nearby(mezin, radius_km=150)
    assert [t for _, t, _ in near][:1] == [ESAT_ROW["titre"]]
    assert all(a[2] <= b[2] for a, b in zip(near, near[1:]))
    assert SECOND_ROW["titre"] not in [t for _, t, _ in near]  # Poitiers is ~220 km away


def test_counts(repo) -> None:
    assert repo.count_by("fiches") == {1: 2, 3: 3, 5: 1}
    assert repo.count_by("methodes")["theatre-forum"] == 1
