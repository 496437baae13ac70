"""The home map of actions over territory shapes: a small component of the atlas's own.

``map_args`` is plain data (testable without a browser); ``show_map`` hands it to the
component in ``components/carte/`` (an ``index.html`` and a script). The browser loads
Leaflet and MarkerCluster once, from local copies named by their content hash
(``components/assets.py``), fetches the territory shapes once per layer (a file named
by its content, ``geo/webfiles.py``), then updates its layers in place at every
rerun: a filter change sends only the colours, the points or the counts, with no new
frame and no new download. Text from the data is never parsed as HTML: the browser
builds tooltips, popups and the legend with ``textContent``.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit.components.v1 as st_components

from components.territory_links import profile_link
from data import textes

FRANCE_CENTER = (46.6, 2.5)
FRANCE_BOUNDS = [[41.2, -5.3], [51.2, 9.7]]
MAP_HEIGHT = 560
BASE_FILL = "#f4f1ea"

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
    """Colours of territories by indicator classes, with the legend to show.

    ``legend`` is data (title, unit, ``classes`` as [colour, text] pairs, ``absent``,
    ``source``); the browser writes it with ``textContent``.
    """

    colors: dict[str, str]
    values_text: dict[str, str]
    legend: dict
    no_data_color: str


@dataclass(frozen=True)
class CountMarker:
    """Number of actions in one territory, drawn instead of points when they are many."""

    lat: float
    lon: float
    count: int
    label: str
    href: str
    level: str = ""
    code: str = ""
    text: str = ""
    profile: str = ""


@dataclass
class MapContent:
    """What the map shows besides the shapes: points, or counts per territory.

    ``points`` rows are ``[lat, lon, id, title, place, years, methods]`` where the last
    three are positions in ``lookup`` (``places``: ``[label]``, or ``[label, level, code]``
    when the place links to its profile; ``years``; ``methods``): a text shared by many
    actions travels once. Coordinates have 4 decimals (about 10 m, a pixel at the
    closest zoom).
    """

    points: list[list] = field(default_factory=list)
    counts: list[CountMarker] = field(default_factory=list)
    lookup: dict[str, list] = field(default_factory=lambda: {"places": [], "years": [], "methods": []})


_LINKED_LEVELS = ("region", "departement", "epci", "commune")


def action_points(actions: pd.DataFrame, labels: dict[int, tuple[str, str]], profiles: bool = False) -> MapContent:
    """The actions as points for the browser, their repeated texts sent once (see :class:`MapContent`).

    No loop over the rows: each column is read whole, and the texts are built once per
    distinct value. ``labels`` gives each id its place and methods labels; with
    ``profiles`` (the home map) a place also carries its profile address.
    """
    if actions.empty:
        return MapContent()
    ids = actions["id"].astype(int).to_numpy()
    names = pd.DataFrame.from_dict(labels, orient="index", columns=["place", "methods"]).reindex(ids).fillna("")
    level = actions["niveau_lieu"] if "niveau_lieu" in actions else pd.Series("", index=actions.index)
    code = actions["code_lieu"] if "code_lieu" in actions else pd.Series("", index=actions.index)
    places = pd.DataFrame({"label": names["place"].to_numpy(), "level": level.fillna("").to_numpy(), "code": code.fillna("").to_numpy()})
    place_index, place_values = pd.factorize(pd.MultiIndex.from_frame(places))
    start = pd.to_numeric(actions["annee_debut"], errors="coerce").to_numpy(dtype=float)
    end = pd.to_numeric(actions["annee_fin"], errors="coerce").to_numpy(dtype=float)
    year_index, year_values = pd.factorize(pd.MultiIndex.from_arrays([np.nan_to_num(start, nan=-1), np.nan_to_num(end, nan=-1)]))
    method_index, method_values = pd.factorize(names["methods"].to_numpy())
    frame = pd.DataFrame(
        {
            "lat": actions["lat"].astype(float).round(4).to_numpy(),
            "lon": actions["lon"].astype(float).round(4).to_numpy(),
            "id": ids,
            "titre": actions["titre"].astype(str).to_numpy(),
            "place": place_index,
            "years": year_index,
            "methods": method_index,
        }
    )
    lookup = {
        "places": [[label, lv, cd] if profiles and lv in _LINKED_LEVELS and cd else [label] for label, lv, cd in place_values],
        "years": [years_label(None if d < 0 else d, None if f < 0 else f) for d, f in year_values],
        "methods": list(method_values),
    }
    return MapContent(points=frame.to_numpy(dtype=object).tolist(), lookup=lookup)


def map_args(
    layer_url: str,
    content: MapContent,
    libraries: dict[str, list[str]],
    selected: str | None = None,
    bounds: list[list[float]] | None = None,
    choropleth: Choropleth | None = None,
    embedded: bool = False,
    height: int = MAP_HEIGHT,
    level: str | None = None,
    overseas: list[dict] | None = None,
) -> dict:
    """Everything the browser needs to draw the map, as JSON data (no markup).

    ``embedded`` (the map-only view inside a partner's page): an action's link opens
    in a new tab on a click instead of being followed by the page. ``height``: in
    pixels (the small maps of the territory, action and fiche pages are lower).

    ``level`` (the home map): a click on a shape selects that territory of ``level``.
    ``overseas``: buttons that move the view to each overseas département
    (``{"label", "title", "bounds"}``), after one for metropolitan France.

    The libraries and the shapes are addresses, fetched once by the browser; after
    a filter change only the colours, the points or the counts change.
    """
    return {
        "height": height,
        "libs": libraries,
        "shapes": layer_url,
        "selected": selected,
        "bounds": bounds or FRANCE_BOUNDS,
        "base": BASE_FILL,
        "choropleth": None
        if choropleth is None
        else {
            "colors": choropleth.colors,
            "texts": choropleth.values_text,
            "noData": choropleth.no_data_color,
            "legend": choropleth.legend,
        },
        "embedded": embedded,
        "level": level,
        "overseas": [{"label": textes.CARTE_METROPOLE, "title": textes.CARTE_METROPOLE, "bounds": FRANCE_BOUNDS}, *overseas]
        if overseas
        else [],
        "points": content.points,
        "lookup": content.lookup,
        "profileUrl": profile_link("{level}", "{code}"),
        "counts": [c.__dict__ for c in content.counts],
        "texts": {
            "link": textes.LIEN_VOIR_ACTION,
            "count": textes.CARTE_COMPTE_TERRITOIRE,
            "zoom": textes.CARTE_VOIR_TERRITOIRE,
            "absent": textes.VALEUR_ABSENTE,
            "select": textes.CARTE_CLIC_SELECTION,
            "profile": textes.CARTE_VOIR_PROFIL,
            "goto": textes.CARTE_ALLER_A,
        },
    }


_MAP_FOLDER = str(Path(__file__).with_name("carte"))
#: Title of the map's iframe (the component's name), used by the browser tests.
MAP_FRAME_TITLE = "components.map.carte_atlas"


def clicked_action(value: object) -> int | None:
    """The action id of a popup link clicked on the map (``{"action": id}``), if it is a plain positive integer."""
    action_id = value.get("action") if isinstance(value, dict) else None
    if isinstance(action_id, int) and not isinstance(action_id, bool) and action_id > 0:
        return action_id
    return None


def show_map(args: dict, key: str, on_click: Callable[[], None] | None = None) -> dict | None:
    """Draw the map in the page; a new selection updates it in place (same frame, same layers).

    Returns the last link clicked in a popup or the last shape clicked: ``{"action": id}``,
    ``{"territoire": [level, code]}`` or ``{"profil": [level, code]}``, with a click counter ``n``.
    """
    # Declared at each run, like the asset folders (cheap): Streamlit registers a component
    # only from a page run, and this module may first be imported by the server's warm-up.
    component = st_components.declare_component("carte_atlas", path=_MAP_FOLDER)
    return component(key=key, default=None, on_change=on_click, **args)
