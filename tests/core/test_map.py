"""The map's HTML: local assets only, no data text parsed as HTML, points and counts."""
from __future__ import annotations

import pandas as pd

from components.choropleth import make_choropleth
from components.map import CountMarker, MapContent, action_points, build_map, escape
from data.indicators.catalogue import Indicator

PREFIXES = {"leaflet": "../a.leaflet/", "markercluster": "../a.cluster/", "jquery": "../a.jquery/"}
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> `${alert(3)}` </script>"


def _actions(title: str = HOSTILE) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": 7, "titre": title, "lat": 44.05, "lon": 0.26, "annee_debut": 1993, "annee_fin": None},
            {"id": 8, "titre": "Deuxième", "lat": 46.58, "lon": 0.34, "annee_debut": None, "annee_fin": None},
        ]
    )


def _render(content: MapContent, **kwargs) -> str:
    return build_map("../a.couches/departement.geojson", content, PREFIXES, **kwargs).get_root().render()


def test_escape_covers_html_and_js_template_characters() -> None:
    out = escape(HOSTILE)
    for raw in ("<", ">", "`", "${", '"'):
        assert raw not in out
    assert "&lt;script&gt;" in out and "&#96;" in out and "&#36;" in out


def test_hostile_text_is_only_json_data_never_markup() -> None:
    points = action_points(_actions(), {7: (HOSTILE, HOSTILE)})
    html = _render(MapContent(points=points))
    assert "<script>alert(1)" not in html and "</script><img" not in html
    assert "<img src=x" not in html
    assert "\\u003cscript\\u003ealert(1)" in html  # inside the JSON data, inert
    assert "textContent" in html and "innerHTML" not in html
    counts = MapContent(counts=[CountMarker(44.0, 0.3, 12, HOSTILE, "/?departement=47")])
    assert "<img src=x" not in _render(counts)


def test_only_local_assets_and_no_tiles() -> None:
    html = _render(MapContent(points=action_points(_actions("Titre"), {})))
    for host in ("cdn.jsdelivr", "code.jquery", "cdnjs", "unpkg", "tile.openstreetmap", "bootstrap", "font-awesome"):
        assert host not in html
    assert "../a.leaflet/leaflet.js" in html and "../a.cluster/leaflet.markercluster.js" in html
    assert '"maxZoom": 14' in html
    assert '"../a.couches/departement.geojson"' in html


def test_points_carry_what_the_popup_shows() -> None:
    points = action_points(_actions("Titre"), {7: ("Mézin (47)", "Théâtre forum")})
    assert points[0] == [44.05, 0.26, 7, "Titre", "Mézin (47)", "depuis 1993", "Théâtre forum"]
    assert points[1][5] == "années non précisées"


def test_choropleth_colours_and_legend_are_embedded() -> None:
    indicator = Indicator("densite", "Densité <b>", "", "hab./km²", "territoire", "integre", "Source & co", "ratio")
    values = pd.Series({"47": 61.8, "24": 44.8, "33": 170.0, "75": float("nan")})
    choro = make_choropleth(indicator, values, "quantiles", "2021")
    assert set(choro.colors) == {"47", "24", "33"}
    html = _render(MapContent(), choropleth=choro)
    assert "Densité &lt;b&gt;" in html and "Source &amp; co (2021)" in html
    assert "Donnée absente ou secrète" in html
