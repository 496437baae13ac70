"""Pages with the official social statistics: profile, comparison, catalogue and map selector."""
from __future__ import annotations

from data import textes
from tests.support.apptest import html_frame, shown_text
from tests.support.apptest import open_app as _open

POVERTY = "Taux de pauvreté au seuil de 60 %"
MEDIAN = "Revenu disponible médian par unité de consommation"


def _text(at) -> str:
    return shown_text(at)


def _row(table, label):
    return table.loc[table[textes.COL_INDICATEUR] == label].iloc[0]


def test_profile_shows_social_indicators_with_parent_france_spread_and_series(make_app) -> None:
    at = _open(make_app, "app_pages/territoire.py", code="departement:47")
    table = at.dataframe[0].value
    assert table[textes.COL_INDICATEUR].iloc[0] == MEDIAN  # social indicators first
    poverty = _row(table, POVERTY)
    assert poverty[textes.COL_VALEUR] == "17,7 %"
    assert poverty[textes.COL_MILLESIME] == "Filosofi 2021" and "Licence Ouverte / Etalab 2.0" in poverty[textes.COL_SOURCE]
    assert poverty[textes.FRANCE] == textes.PAS_DE_VALEUR_NATIONALE  # never an average
    region = poverty["Nouvelle-Aquitaine"]
    assert region.startswith(textes.NON_PUBLIE_NIVEAU) and "ses départements avec une valeur : 12 sur 12, de " in region
    assert _row(table, MEDIAN)[textes.COL_VALEUR] == "21\u202f050 €"
    assert _row(table, "Taux de chômage au 4e trimestre (localisé)")[textes.COL_MILLESIME] == "publication 2022"
    assert textes.TERRITOIRE_SERIES in [s.value for s in at.subheader]
    assert textes.TERRITOIRE_SANS_SERIE not in [c.value for c in at.caption]  # the 2018–2022 series is drawn

    region_at = _open(make_app, "app_pages/territoire.py", code="region:75")
    row = _row(region_at.dataframe[0].value, POVERTY)
    assert row[textes.COL_VALEUR].startswith(textes.NON_PUBLIE_NIVEAU) and "médiane" in row[textes.COL_VALEUR]
    assert row[textes.FRANCE] == textes.PAS_DE_VALEUR_NATIONALE

    created = _open(make_app, "app_pages/territoire.py", code="commune:12218")
    assert _row(created.dataframe[0].value, MEDIAN)[textes.COL_VALEUR] == textes.NON_DISPONIBLE_FUSION

    roubaix = _open(make_app, "app_pages/territoire.py", code="commune:59512")
    table = roubaix.dataframe[0].value
    assert _row(table, POVERTY)[textes.COL_VALEUR] == "46,0 %"
    assert _row(table, MEDIAN)[textes.COL_VALEUR] == "14\u202f580 €"
    assert _row(table, POVERTY)["Nord (59)"] == "19,5 %"

    mezin = _open(make_app, "app_pages/territoire.py", code="commune:47167")
    assert _row(mezin.dataframe[0].value, POVERTY)[textes.COL_VALEUR] == textes.SECRET_STATISTIQUE


def test_comparison_of_social_indicators(make_app) -> None:
    at = _open(make_app, "app_pages/comparer.py", codes="departement:47,departement:93,region:11")
    table = html_frame(at, 0)
    poverty = _row(table, POVERTY)
    assert poverty["Lot-et-Garonne (47)"] == "17,7 %" and poverty["Seine-Saint-Denis (93)"] == "28,4 %"
    assert poverty["Île-de-France"].startswith(textes.NON_PUBLIE_NIVEAU)  # a gap is marked, never averaged
    assert poverty[textes.FRANCE] == textes.PAS_DE_VALEUR_NATIONALE
    assert textes.COMPARER_SERIES in [s.value for s in at.subheader]


def test_catalogue_gives_producer_licence_vintages_counts_and_rule(make_app) -> None:
    at = _open(make_app, "app_pages/indicateurs.py")
    labels = [e.label for e in at.expander]
    assert labels[0].startswith(MEDIAN)  # social indicators first
    text = _text(at)
    assert "Licence Ouverte / Etalab 2.0" in text
    assert "publication 2018, publication 2019, publication 2020, publication 2021, publication 2022" in text
    assert "Filosofi 2020, Filosofi 2021" in text
    assert "Département (98 territoires renseignés)" in text
    assert textes.AGREGATION_AUCUNE_DETAIL in text


def test_map_selector_puts_social_indicators_first(make_app) -> None:
    at = _open(make_app, indicateur="taux_pauvrete", niveau="departement")
    box = at.selectbox(key="indicateur")
    assert box.value == "taux_pauvrete"
    assert box.options[0].startswith("Revenus et pauvreté — ")
    assert any(o.startswith("Emploi et activité — Taux de chômage au 4e trimestre") for o in box.options)
