"""Loading the seed: validation with French messages, idempotence, the shipped file."""
from __future__ import annotations

from pathlib import Path

import pytest

from data import textes
from data.actions.seed import SeedError, read_seed
from data.atlas import Atlas, PlacePoints, open_atlas
from data.config import load_settings
from data.guide.catalogue import load_guide
from data.store.db import make_engine
from tests.support.seed_samples import DEPARTEMENT_ROW, GOOD_ROW, SECOND_ROW, write_seed

GUIDE = load_guide(load_settings().guide_file)


@pytest.fixture(scope="module")
def points(geo_cache: Path) -> PlacePoints:
    return PlacePoints(geo_cache)


def _errors(tmp_path: Path, territories, points, row: dict) -> list[str]:
    path = write_seed(tmp_path / "seed.yaml", [GOOD_ROW, row])
    with pytest.raises(SeedError) as info:
        read_seed(path, GUIDE, territories, points)
    return info.value.report.errors


def test_good_rows_give_records_with_parents(tmp_path, territories, points) -> None:
    path = write_seed(tmp_path / "seed.yaml", [GOOD_ROW, SECOND_ROW, DEPARTEMENT_ROW])
    records = read_seed(path, GUIDE, territories, points)
    mezin, poitiers, gers = records
    assert (mezin.commune, mezin.departement, mezin.region) == ("47167", "47", "75")
    assert mezin.epci and len(mezin.epci) == 9
    assert 43.9 < mezin.lat < 44.2 and 0.1 < mezin.lon < 0.4
    assert (poitiers.departement, poitiers.region) == ("86", "75")
    assert gers.commune is None and (gers.departement, gers.region) == ("32", "76")
    assert "esat" in mezin.texte_recherche and "mezin" in mezin.texte_recherche


def test_unknown_commune_is_refused_with_file_line_and_field(tmp_path, territories, points) -> None:
    bad = {**SECOND_ROW, "lieu": {"niveau": "commune", "code": "99999"}}
    errors = _errors(tmp_path, territories, points, bad)
    assert len(errors) == 1
    assert errors[0].startswith("seed.yaml, ligne ")
    assert "« lieu »" in errors[0] and "99999" in errors[0]
    line = int(errors[0].split("ligne ")[1].split(",")[0])
    text = (tmp_path / "seed.yaml").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].strip().startswith("lieu:")


def test_fiche_27_is_refused(tmp_path, territories, points) -> None:
    errors = _errors(tmp_path, territories, points, {**SECOND_ROW, "fiches": [{"numero": 27}]})
    assert len(errors) == 1
    assert errors[0].endswith("champ « fiches » : " + textes.ERR_FICHE_HORS_BORNES.format(numero=27))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sources": [{"url": "javascript:alert(1)"}]}, "sources"),
        ({"sources": []}, "sources"),
        ({"annee_debut": 1850}, "annee_debut"),
        ({"annee_debut": 2015, "annee_fin": 2010}, "annee_fin"),
        ({"annee_debut": "vers 2010"}, "annee_debut"),
        ({"titre": ""}, "titre"),
        ({"methodes": ["hypnose"]}, "methodes"),
        ({"publics": "habitants"}, "publics"),
        ({"lieu": {"niveau": "canton", "code": "4701"}}, "lieu"),
        ({"id": "Pas Un Slug"}, "id"),
        ({"id": "essai-mezin"}, "id"),
        ({"fiches": None}, "fiches"),
        ({"fiches": "3"}, "fiches"),
        ({"illustration": "inconnue"}, "illustration"),
    ],
)
def test_each_bad_field_is_named(tmp_path, territories, points, change: dict, field: str) -> None:
    errors = _errors(tmp_path, territories, points, {**SECOND_ROW, **change})
    assert errors and all(f"« {field} »" in e for e in errors)


def test_an_action_may_have_no_fiche_when_it_says_so(tmp_path, territories, points) -> None:
    """``fiches: []``: a documented action with no sound link to a fiche is loaded, with no link."""
    path = write_seed(tmp_path / "seed.yaml", [GOOD_ROW, {**SECOND_ROW, "fiches": []}])
    first, second = read_seed(path, GUIDE, territories, points)
    assert first.fiches and second.fiches == ()
    assert second.external_id == SECOND_ROW["id"]


def test_an_action_with_no_fiche_is_stored_and_shown_with_none(tmp_path, geo_cache) -> None:
    seed = write_seed(tmp_path / "seed.yaml", [GOOD_ROW, {**SECOND_ROW, "fiches": []}])
    settings = load_settings(
        {"ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "ATLAS_CACHE_DIR": str(geo_cache), "ATLAS_SEED_FILE": str(seed)}
    )
    atlas = open_atlas(settings)
    frame = atlas.actions.list_actions()
    by_title = dict(zip(frame["titre"], frame["fiches"]))
    assert by_title[SECOND_ROW["titre"]] == [] and by_title[GOOD_ROW["titre"]]
    (action_id,) = frame.loc[frame["titre"] == SECOND_ROW["titre"], "id"]
    assert atlas.actions.get(int(action_id)).fiches == ()
    assert atlas.load_seed(force=True).unchanged == 2  # idempotent with no link too


def test_a_row_without_the_fiches_key_is_refused(tmp_path, territories, points) -> None:
    row = {k: v for k, v in SECOND_ROW.items() if k != "fiches"}
    errors = _errors(tmp_path, territories, points, row)
    assert len(errors) == 1 and errors[0].endswith("champ « fiches » : " + textes.ERR_CHAMP_OBLIGATOIRE)


def test_script_in_title_is_kept_as_plain_text(tmp_path, territories, points) -> None:
    title = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    path = write_seed(tmp_path / "seed.yaml", [{**GOOD_ROW, "titre": title}])
    (record,) = read_seed(path, GUIDE, territories, points)
    assert record.titre == title


def test_seeding_is_idempotent_and_follows_edits(tmp_path, geo_cache) -> None:
    seed = write_seed(tmp_path / "seed.yaml", [GOOD_ROW, SECOND_ROW])
    settings = load_settings(
        {"ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "ATLAS_CACHE_DIR": str(geo_cache), "ATLAS_SEED_FILE": str(seed)}
    )
    atlas = open_atlas(settings)
    assert atlas.actions.count() == 2
    again = open_atlas(settings)
    assert again.actions.count() == 2
    assert again.load_seed(force=True).unchanged == 2

    write_seed(seed, [{**GOOD_ROW, "titre": "Titre corrigé"}, SECOND_ROW, DEPARTEMENT_ROW])
    result = Atlas(settings, make_engine(settings.database_url)).load_seed()
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    frame = atlas.actions.list_actions()
    assert sorted(frame["titre"]) == sorted(["Titre corrigé", SECOND_ROW["titre"], DEPARTEMENT_ROW["titre"]])

    write_seed(seed, [SECOND_ROW])
    result = atlas.load_seed()
    assert result.archived == 2 and atlas.actions.count() == 1


def test_shipped_seed_is_valid_and_large_enough(territories, points) -> None:
    settings = load_settings()
    records = read_seed(settings.seed_file, GUIDE, territories, points)
    assert len(records) >= 40
    assert all(r.sources and r.fiches for r in records)
    mezin = [r for r in records if r.commune == "47167"]
    assert mezin and mezin[0].illustration == "esat-village"
    assert {f.numero for f in mezin[0].fiches} >= {1, 3}


def test_place_name_with_or_without_its_article_is_accepted(tmp_path, territories, points) -> None:
    bare = {**SECOND_ROW, "id": "rochelle-nu", "lieu": {"niveau": "commune", "code": "17300", "nom": "Rochelle"}}
    full = {**SECOND_ROW, "id": "rochelle-article", "lieu": {"niveau": "commune", "code": "17300", "nom": "La Rochelle"}}
    records = read_seed(write_seed(tmp_path / "seed.yaml", [GOOD_ROW, bare, full]), GUIDE, territories, points)
    assert [r.commune for r in records[1:]] == ["17300", "17300"]
    wrong = {**SECOND_ROW, "lieu": {"niveau": "commune", "code": "17300", "nom": "Le Havre"}}
    errors = _errors(tmp_path, territories, points, wrong)
    assert len(errors) == 1 and "Le Havre" in errors[0] and "La Rochelle" in errors[0]
