"""The folium map of actions over territory shapes, drawn with no internet access.

``build_map`` is plain folium (testable without a browser); ``show_map`` hands it to
``st_folium``. To keep every rerun light, the territory shapes are not embedded:
the browser fetches a static GeoJSON file served by the app (see
``components/assets.py``) and only the colours, the values and the action points
travel with the map. Text from the data is never put into HTML strings: the
browser builds tooltips and popups with ``textContent``, and the JSON embedded in
the page escapes ``<``, ``>``, ``&`` and quotes.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import folium
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from streamlit_folium import st_folium

from components import assets
from data import textes

FRANCE_CENTER = (46.6, 2.5)
FRANCE_BOUNDS = [[41.2, -5.3], [51.2, 9.7]]
MAP_HEIGHT = 560
BASE_FILL = "#f4f1ea"
MAP_CSS = (
    "<style>.atlas-marker{width:14px;height:14px;border-radius:50%;background:#b3261e;"
    "border:2px solid #fff;box-shadow:0 0 2px #333;}"
    ".leaflet-container{background:#cfe0ec;}"
    ".marker-cluster-small,.marker-cluster-medium,.marker-cluster-large{background-color:rgba(179,38,30,.35);}"
    ".marker-cluster div{background-color:#b3261e;color:#fff;font-weight:bold;}"
    ".atlas-count{background:#b3261e;color:#fff;border:2px solid #fff;border-radius:50%;font:bold 12px/1 sans-serif;"
    "display:flex;align-items:center;justify-content:center;box-shadow:0 0 3px #333;}"
    ".atlas-popup a{color:#1f4e79}</style>"
)

_JS_TEMPLATE_CHARS = {"`": "&#96;", "$": "&#36;", "\\": "&#92;"}


def escape(value: object) -> str:
    """Escape a value for HTML built on the server (the legend): entities for
    ``<>&"'`` and for backtick, ``$`` and backslash, which are special inside the
    JavaScript template literals folium uses for popups and tooltips."""
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


@dataclass(frozen=True)
class Choropleth:
    """Colours of territories by indicator classes, with the legend to show."""

    colors: dict[str, str]
    values_text: dict[str, str]
    legend_html: str
    no_data_color: str


@dataclass(frozen=True)
class CountMarker:
    """Number of actions in one territory, drawn instead of points when they are many."""

    lat: float
    lon: float
    count: int
    label: str
    href: str


@dataclass
class MapContent:
    """What the map shows besides the shapes: points, or counts per territory."""

    points: list[list] = field(default_factory=list)
    counts: list[CountMarker] = field(default_factory=list)


class TerritoryShapes(MacroElement):
    """Territory shapes fetched from a served GeoJSON file, coloured in the browser."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var colors = {{ this.colors|tojson }}, texts = {{ this.texts|tojson }};
            var selected = {{ this.selected|tojson }}, choropleth = {{ this.choropleth|tojson }};
            var noData = {{ this.no_data|tojson }}, base = {{ this.base|tojson }};
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (data) {
                var layer = L.geoJSON(data, {
                    style: function (f) {
                        var code = f.properties.code, missing = choropleth && !(code in colors);
                        return {
                            fillColor: choropleth ? (colors[code] || noData) : base, fillOpacity: 1,
                            color: code === selected ? "#b3261e" : "#6b6b6b",
                            weight: code === selected ? 2.5 : 0.7, dashArray: missing ? "3 3" : null
                        };
                    },
                    onEachFeature: function (f, l) {
                        var tip = document.createElement("div");
                        var code = f.properties.code;
                        tip.textContent = f.properties.nom + (choropleth ? " : " + (texts[code] || {{ this.absent|tojson }}) : "");
                        l.bindTooltip(tip, {sticky: true});
                        l.on("mouseover", function () { l.setStyle({weight: 2, color: "#1f4e79"}); });
                        l.on("mouseout", function () { layer.resetStyle(l); });
                    }
                });
                layer.addTo(map);
                layer.bringToBack();
                map.getContainer().setAttribute("data-atlas-shapes", String(layer.getLayers().length));
            });
        })();
        {% endmacro %}"""
    )

    def __init__(self, url: str, selected: str | None, choropleth: Choropleth | None) -> None:
        super().__init__()
        self._name = "TerritoryShapes"
        self.url = url
        self.selected = selected
        self.choropleth = choropleth is not None
        self.colors = choropleth.colors if choropleth else {}
        self.texts = choropleth.values_text if choropleth else {}
        self.no_data = choropleth.no_data_color if choropleth else BASE_FILL
        self.base = BASE_FILL
        self.absent = textes.VALEUR_ABSENTE


class ActionLayer(JSCSSMixin, MacroElement):
    """Action points clustered in the browser, or counts per territory.

    Each point is ``[lat, lon, id, title, place, years, methods]``; its popup is
    built on click with ``textContent``, so no text of the data is parsed as HTML.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var points = {{ this.points|tojson }}, counts = {{ this.counts|tojson }};
            var link = {{ this.link_text|tojson }};
            function line(parent, tag, text) {
                var el = document.createElement(tag); el.textContent = text; parent.appendChild(el);
                parent.appendChild(document.createElement("br")); return el;
            }
            if (points.length) {
                var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false});
                var icon = L.divIcon({html: '<div class="atlas-marker"></div>', className: "atlas-icon",
                                      iconSize: [18, 18], iconAnchor: [9, 9]});
                var markers = points.map(function (p) {
                    var m = L.marker([p[0], p[1]], {icon: icon, title: p[3], alt: p[3]});
                    m.bindPopup(function () {
                        var box = document.createElement("div");
                        box.className = "atlas-popup"; box.lang = "fr";
                        line(box, "strong", p[3]);
                        line(box, "span", p[4] + " · " + p[5]);
                        line(box, "em", p[6]);
                        var a = document.createElement("a");
                        a.href = "/action?id=" + encodeURIComponent(p[2]); a.target = {{ this.link_target|tojson }};
                        if (a.target === "_blank") { a.rel = "noopener"; } a.textContent = link;
                        box.appendChild(a);
                        return box;
                    }, {maxWidth: 320});
                    return m;
                });
                cluster.addLayers(markers);
                map.addLayer(cluster);
            }
            counts.forEach(function (c) {
                var size = Math.round(22 + 8 * Math.log10(1 + c.count));
                var label = document.createElement("div");
                var m = L.marker([c.lat, c.lon], {
                    icon: L.divIcon({html: String(c.count), className: "atlas-count", iconSize: [size, size]}),
                    title: c.label + " : " + c.count, alt: c.label + " : " + c.count
                });
                m.bindPopup(function () {
                    var box = document.createElement("div"); box.className = "atlas-popup";
                    line(box, "strong", c.label);
                    line(box, "span", {{ this.count_text|tojson }}.replace("{n}", c.count));
                    var a = document.createElement("a"); a.href = c.href; a.target = {{ this.zoom_target|tojson }};
                    a.textContent = {{ this.zoom_text|tojson }}; box.appendChild(a);
                    return box;
                });
                m.addTo(map);
            });
        })();
        {% endmacro %}"""
    )

    def __init__(self, content: MapContent, prefixes: dict[str, str], embedded: bool = False) -> None:
        super().__init__()
        self._name = "ActionLayer"
        # Inside a partner's page an action opens in a new tab on a click; a territory stays in the frame.
        self.link_target = "_blank" if embedded else "_top"
        self.zoom_target = "_parent" if embedded else "_top"
        self.points = content.points
        self.counts = [c.__dict__ for c in content.counts]
        self.link_text = textes.LIEN_VOIR_ACTION
        self.count_text = textes.CARTE_COMPTE_TERRITOIRE
        self.zoom_text = textes.CARTE_VOIR_TERRITOIRE
        self.default_js = assets.cluster_js(prefixes)
        self.default_css = assets.cluster_css(prefixes)


def action_points(actions: pd.DataFrame, labels: dict[int, tuple[str, str]]) -> list[list]:
    """Compact rows for the browser: [lat, lon, id, title, place, years, methods]."""
    return [
        [
            round(float(row.lat), 5),
            round(float(row.lon), 5),
            int(row.id),
            str(row.titre),
            labels.get(int(row.id), ("", ""))[0],
            years_label(row.annee_debut, row.annee_fin),
            labels.get(int(row.id), ("", ""))[1],
        ]
        for row in actions.itertuples(index=False)
    ]


def build_map(
    layer_url: str,
    content: MapContent,
    prefixes: dict[str, str],
    selected: str | None = None,
    bounds: list[list[float]] | None = None,
    choropleth: Choropleth | None = None,
    embedded: bool = False,
) -> folium.Map:
    """Build the map: territory shapes (coloured by ``choropleth`` if given), then
    the actions on top (clustered points, or counts per territory)."""
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
    fmap.get_root().header.add_child(folium.Element(MAP_CSS))
    if choropleth is not None:
        fmap.get_root().html.add_child(folium.Element(choropleth.legend_html))
    fmap.add_child(TerritoryShapes(layer_url, selected, choropleth))
    fmap.add_child(ActionLayer(content, prefixes, embedded))
    fmap.fit_bounds(bounds or FRANCE_BOUNDS)
    return fmap


def show_map(fmap: folium.Map, key: str) -> dict | None:
    """Render the map in the page; nothing is returned on pan or zoom."""
    return st_folium(fmap, key=key, height=MAP_HEIGHT, use_container_width=True, returned_objects=[])
