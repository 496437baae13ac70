"""The map's HTML: local assets only, escaped user strings, one marker per action."""
from __future__ import annotations

import pandas as pd

from components.map import build_map, escape, popup_html

PREFIXES = {"leaflet": "../a.leaflet/", "markercluster": "../a.cluster/", "jquery": "../a.jquery/"}
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> `${alert(3)}` \\u003c"
LAYER = (
    '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"47","nom":"Lot-<b>et</b>-Garonne"},'
    '"geometry":{"type":"Polygon","coordinates":[[[0,44],[1,44],[1,45],[0,45],[0,44]]]}}]}'
)


def _actions(title: str = HOSTILE) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": 7, "titre": title, "lat": 44.05, "lon": 0.26, "annee_debut": 1993, "annee_fin": None},
            {"id": 8, "titre": "Deuxième", "lat": 46.58, "lon": 0.34, "annee_debut": None, "annee_fin": None},
        ]
    )


def _render(actions: pd.DataFrame, labels: dict) -> str:
    return build_map(LAYER, actions, labels, PREFIXES).get_root().render()


def test_escape_covers_html_and_js_template_characters() -> None:
    out = escape(HOSTILE)
    for raw in ("<", ">", "`", "${", '"'):
        assert raw not in out
    assert "&lt;script&gt;" in out and "&#96;" in out and "&#36;" in out


def test_hostile_title_never_reaches_the_map_raw() -> None:
    html = _render(_actions(), {7: (HOSTILE, HOSTILE)})
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "${alert(3)}" not in html
    assert "onerror=alert(2)>" not in html
    # Territory names are escaped too (then JSON-encoded by folium: & becomes \u0026).
    assert "Lot-<b>et</b>" not in html and "Lot-\\u0026lt;b\\u0026gt;et" in html
    assert 'href=\\"/action?id=7\\"' in html or 'href="/action?id=7"' in html


def test_only_local_assets_and_no_tiles() -> None:
    html = _render(_actions("Titre"), {})
    for host in ("cdn.jsdelivr", "code.jquery", "cdnjs", "unpkg", "tile.openstreetmap", "bootstrap", "font-awesome"):
        assert host not in html
    assert "../a.leaflet/leaflet.js" in html and "../a.cluster/leaflet.markercluster.js" in html
    assert '"maxZoom": 14' in html


def test_one_marker_per_action_inside_the_cluster() -> None:
    html = _render(_actions("Titre"), {})
    assert html.count("L.marker(") == 2
    assert html.count("L.markerClusterGroup(") == 1


def test_popup_shows_place_years_and_link() -> None:
    row = {"id": 5, "titre": "A & B", "annee_debut": 2008, "annee_fin": 2016}
    out = popup_html(row, "Poitiers (86)", "Développement du pouvoir d'agir")
    assert "A &amp; B" in out and "2008–2016" in out and 'href="/action?id=5"' in out and 'target="_top"' in out
