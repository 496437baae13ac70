"""The map's address read as a selection, once for the map and the open-data feeds."""
from __future__ import annotations

from data.actions.url_filter import action_filter, territory_codes
from data.config import load_settings
from data.guide.catalogue import load_guide


def test_territories_follow_the_map_selectors(territories) -> None:
    assert territory_codes({"departement": ["47"]}, territories)["departement"] == "47"
    assert territory_codes({"region": ["75"], "departement": ["13"]}, territories) == {
        "region": "75", "departement": None, "epci": None, "commune": None}  # 13 is not in Nouvelle-Aquitaine
    assert territory_codes({"commune": ["47169"]}, territories)["commune"] is None  # a commune needs its département
    assert territory_codes({"departement": ["47"], "commune": ["47169"]}, territories)["commune"] == "47169"
    assert territory_codes({"departement": ["zz"], "region": ["<b>"]}, territories) == {
        "region": None, "departement": None, "epci": None, "commune": None}


def test_garbage_is_ignored_and_years_clamped(territories) -> None:
    guide = load_guide(load_settings().guide_file)
    flt = action_filter(
        {"fiche": ["3", "99", "x", "²"], "methode": ["inconnue"], "annee_min": ["1900"], "annee_max": ["2010"],
         "texte": ["  ésat "]},
        guide, territories, (2000, 2026),
    )
    assert flt.fiches == (3,) and flt.methodes == () and flt.annee_min is None and flt.annee_max == 2010
    assert flt.texte == "ésat"
