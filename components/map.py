"""The folium map of actions over territory shapes, drawn with no internet access.

``build_map`` is plain folium (testable without a browser); ``show_map`` hands it to
``st_folium``. Every user string is escaped here before it reaches the map's HTML:
folium popups and tooltips are raw HTML inside the map iframe.
"""
from __future__ import annotations

import html
import json

import folium
import folium.plugins
import pandas as pd
from streamlit_folium import st_folium

from components import assets
from data import textes

FRANCE_CENTER = (46.6, 2.5)
FRANCE_BOUNDS = [[41.2, -5.3], [51.2, 9.7]]
MAP_HEIGHT = 560
SHAPE_STYLE = {"fillColor": "#f4f1ea", "color": "#6b6b6b", "weight": 0.7, "fillOpacity": 1.0}
SELECTED_STYLE = {"fillColor": "#dbe7f3", "color": "#1f4e79", "weight": 2.0, "fillOpacity": 1.0}
MARKER_HTML = '<div class="atlas-marker" aria-hidden="true"></div>'
MARKER_CSS = (
    "<style>.atlas-marker{width:14px;height:14px;border-radius:50%;background:#b3261e;"
    "border:2px solid #fff;box-shadow:0 0 2px #333;}"
    ".leaflet-container{background:#cfe0ec;}</style>"
)


_JS_TEMPLATE_CHARS = {"`": "&#96;", "$": "&#36;", "\\": "&#92;"}


def escape(value: object) -> str:
    """Escape any value for map HTML: entities for ``<>&"'`` and for the characters
    that are special inside the JavaScript template literals where folium puts
    popups and tooltips (backtick, ``$`` and backslash)."""
    text = html.escape("" if value is None else str(value), quote=True)
    return "".join(_JS_TEMPLATE_CHARS.get(c, c) for c in text)


def years_label(debut: int | None, fin: int | None) -> str:
    """'2008–2016', 'depuis 2014' or 'années non précisées'."""
    if debut is None or pd.isna(debut):
        return textes.ANNEES_INCONNUES
    debut = int(debut)
    if fin is None or pd.isna(fin):
        return textes.ANNEES_DEPUIS.format(debut=debut)
    fin = int(fin)
    return str(debut) if fin == debut else textes.ANNEES_PERIODE.format(debut=debut, fin=fin)


def popup_html(action: pd.Series | dict, place: str, methods: str) -> str:
    """Escaped popup content of one action, with a link to its page."""
    years = years_label(action["annee_debut"], action["annee_fin"])
    return (
        f'<div lang="fr" style="min-width:220px;max-width:300px">'
        f"<strong>{escape(action['titre'])}</strong><br>"
        f"{escape(place)} · {escape(years)}<br>"
        f"<em>{escape(methods)}</em><br>"
        f'<a href="/action?id={int(action["id"])}" target="_top">{escape(textes.LIEN_VOIR_ACTION)}</a>'
        f"</div>"
    )


def shapes_geojson(layer_json: str, selected: str | None = None) -> dict:
    """GeoJSON of territory shapes with escaped names; ``selected`` is flagged."""
    data = json.loads(layer_json)
    for feature in data["features"]:
        props = feature["properties"]
        feature["properties"] = {
            "code": escape(props.get("code")),
            "nom": escape(props.get("nom")),
            "selected": props.get("code") == selected,
        }
    return data


def build_map(
    layer_json: str,
    actions: pd.DataFrame,
    labels: dict[int, tuple[str, str]],
    prefixes: dict[str, str],
    selected: str | None = None,
    bounds: list[list[float]] | None = None,
) -> folium.Map:
    """Build the map: territory shapes, then clustered action markers on top.

    ``labels`` maps an action id to (place label, methods label) shown in its popup.
    """
    fmap = folium.Map(
        location=FRANCE_CENTER,
        zoom_start=5,
        tiles=None,
        min_zoom=3,
        maxZoom=14,
        zoomSnap=0.25,
        control_scale=True,
    )
    assets.make_offline(fmap, prefixes)
    fmap.get_root().header.add_child(folium.Element(MARKER_CSS))
    folium.GeoJson(
        shapes_geojson(layer_json, selected),
        name="territoires",
        style_function=lambda f: SELECTED_STYLE if f["properties"]["selected"] else SHAPE_STYLE,
        highlight_function=lambda _f: {"weight": 2.0, "color": "#1f4e79"},
        tooltip=folium.GeoJsonTooltip(fields=["nom"], labels=False),
        smooth_factor=1.0,
    ).add_to(fmap)
    cluster = folium.plugins.MarkerCluster(name="actions", options={"showCoverageOnHover": False})
    assets.make_offline(cluster, prefixes)
    for row in actions.itertuples(index=False):
        place, methods = labels.get(row.id, ("", ""))
        folium.Marker(
            location=(row.lat, row.lon),
            icon=folium.DivIcon(html=MARKER_HTML, icon_size=(18, 18), icon_anchor=(9, 9), class_name="atlas-icon"),
            tooltip=escape(row.titre),
            popup=folium.Popup(popup_html(row._asdict(), place, methods), max_width=320),
        ).add_to(cluster)
    cluster.add_to(fmap)
    fmap.fit_bounds(bounds or FRANCE_BOUNDS)
    return fmap


def show_map(fmap: folium.Map, key: str) -> dict | None:
    """Render the map in the page; nothing is returned on pan or zoom."""
    return st_folium(fmap, key=key, height=MAP_HEIGHT, use_container_width=True, returned_objects=[])
