"""What the home map shows for a selection: each action, or counts per territory."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import cache, labels, stores
from components.choropleth import make_choropleth
from components.filters import MapChoice
from components.links import page_link
from components.map import (
    Choropleth,
    CountMarker,
    MapContent,
    action_points,
    clicked_action,
    map_args,
)
from components.tables import PAGE_SIZE
from components.territory_links import profile_link
from data import textes
from data.actions.models import ActionFilter
from data.actions.repository import Selection
from geo.framing import OVERSEAS_DEPARTEMENTS, view_bounds

#: Up to this many actions the map shows each one (clustered); above, counts per territory.
POINT_LIMIT = 2000
#: Key of the home map in the page (its value is the last popup link clicked).
MAP_KEY = "carte"
_OPEN_ACTION = "carte.action_a_ouvrir"
_OPEN_PROFILE = "carte.profil_a_ouvrir"
_LEVELS = ("region", "departement", "epci", "commune")
#: Rows read with the counts when the map shows counts: the first page of the table under the map.
TABLE_LIMIT = PAGE_SIZE


@dataclass
class HomeView:
    """Everything the home page shows for one selection."""

    total: int
    level: str
    table: pd.DataFrame
    labels: dict[int, tuple[str, str]]
    map_args: dict
    aggregated: bool
    choropleth_missing: bool
    values: pd.Series | None
    overseas: int = 0


def count_markers(counts: dict[str, int], level: str, query: dict[str, list[str]]) -> list[CountMarker]:
    """One marker per territory with its number of actions and a link that selects it."""
    centers = cache.territory_centers(level)
    territories = stores.territories()
    base = {k: v for k, v in query.items() if k not in ("region", "departement", "epci", "commune")}
    markers = []
    for code, count in sorted(counts.items()):
        if code not in centers:
            continue
        territory = territories.get(level, code)
        href = "/?" + urlencode({**base, level: [code]}, doseq=True)
        text = textes.CARTE_COMPTE_TERRITOIRE.format(n=int(count))
        markers.append(
            CountMarker(
                *centers[code], int(count), territory.label if territory else code, href, level, code, text,
                profile_link(level, code),
            )
        )
    return markers


def overseas_zones() -> dict[str, list[list[float]]]:
    """Bounds of each overseas département (where its button moves the map)."""
    zones = {code: cache.bounds("departement", code) for code in OVERSEAS_DEPARTEMENTS}
    return {code: found for code, found in zones.items() if found}


def overseas_counts(selection: ActionFilter, found: Selection) -> dict[str, int]:
    """Actions of the selection in each overseas département (counted by their région, one each)."""
    if found.aggregated:
        by_region = cache.counts_by_territory(selection, "region")
    else:
        by_region = {str(k): int(v) for k, v in found.rows["region"].dropna().value_counts().items()}
    territories = stores.territories()
    out = {}
    for code in OVERSEAS_DEPARTEMENTS:
        regions = [t.code for t in territories.parents("departement", code) if t.level == "region"]
        out[code] = sum(by_region.get(r, 0) for r in regions)
    return out


def overseas_buttons(counts: dict[str, int], zones: dict[str, list[list[float]]]) -> list[dict]:
    """One button per overseas département: its name, its count, where it moves the map."""
    territories = stores.territories()
    buttons = []
    for code, bounds in zones.items():
        place = territories.get("departement", code)
        name = place.nom if place else code
        n = counts.get(code, 0)
        buttons.append(
            {
                "code": code,
                "label": textes.CARTE_OUTRE_MER_BOUTON.format(nom=name, n=n),
                "title": textes.CARTE_OUTRE_MER_AIDE.format(nom=name, n=n),
                "bounds": bounds,
            }
        )
    return buttons


def selection_bounds(selection: ActionFilter, content: MapContent, zones: dict[str, list[list[float]]]) -> list[list[float]] | None:
    """Where the map looks: the chosen territory, else the points or counts of a narrowed selection (None: France)."""
    place = selection.territory()
    if place:
        return cache.bounds(*place)
    if selection == ActionFilter():
        return None
    points = [(p[0], p[1]) for p in content.points] or [(c.lat, c.lon) for c in content.counts]
    return view_bounds(points, zones)


def home_view(selection: ActionFilter, choice: MapChoice, query: dict[str, list[str]], embedded: bool = False) -> HomeView:
    """Query the selection once and build the map, the table rows and the labels."""
    level = choice.level
    if level == "commune" and not selection.departement:
        level = "departement"
    found = cache.selection(selection, POINT_LIMIT, TABLE_LIMIT, level)
    total, aggregated, rows = found.total, found.aggregated, found.rows
    popup = labels.popup_labels(rows)
    if aggregated:
        content = MapContent(counts=count_markers(found.counts, level, query))
    else:
        content = action_points(rows, popup, profiles=True)
    choropleth: Choropleth | None = None
    values = None
    if choice.indicator:
        indicator = next(i for i in cache.indicators() if i.code == choice.indicator)
        values = cache.indicator_values(indicator.code, level)
        if level == "commune":
            inside = stores.territories().children("departement", selection.departement, "commune")
            values = values[values.index.isin(inside)]
        choropleth = make_choropleth(indicator, values, choice.classes, cache.vintages().get(indicator.code, ""))
    place = selection.territory()
    zones = overseas_zones()
    overseas = overseas_counts(selection, found)
    args = map_args(
        stores.layer_url(level, selection.departement),
        content,
        stores.map_libraries(),
        selected=place[1] if place and place[0] == level else None,
        bounds=selection_bounds(selection, content, zones),
        choropleth=choropleth,
        embedded=embedded,
        level=None if embedded else level,
        overseas=overseas_buttons(overseas, zones),
    )
    missing = bool(choice.indicator) and choropleth is None
    return HomeView(total, level, rows, popup, args, aggregated, missing, values, sum(overseas.values()))


def _known_place(place: object) -> tuple[str, str] | None:
    """``[level, code]`` sent by the browser, if it names an existing territory."""
    valid = isinstance(place, list) and len(place) == 2 and place[0] in _LEVELS and isinstance(place[1], str)
    if valid and stores.territories().get(place[0], place[1]) is not None:
        return place[0], place[1]
    return None


def follow_map_link() -> None:
    """Callback of a shape or a popup link clicked on the map: select the territory, or
    note the territory profile or the action to open.

    The value comes from the browser: it is checked (known level, existing territory,
    plain integer id) and anything else is ignored.
    """
    value = st.session_state.get(MAP_KEY)
    if not isinstance(value, dict):
        return
    if "territoire" in value:
        place = _known_place(value["territoire"])
        if place is None:
            return
        level, code = place
        chosen = {t.level: t.code for t in stores.territories().parents(level, code)} | {level: code}
        for name in _LEVELS:
            st.session_state[name] = chosen.get(name)
    elif "profil" in value:
        place = _known_place(value["profil"])
        if place is not None:
            st.session_state[_OPEN_PROFILE] = place
    elif (action_id := clicked_action(value)) is not None:
        st.session_state[_OPEN_ACTION] = action_id


def open_clicked_action() -> None:
    """Go to the page of the action or the territory profile whose popup link was clicked, if any."""
    action_id = st.session_state.pop(_OPEN_ACTION, None)
    if action_id is not None:
        st.switch_page("app_pages/action.py", query_params={"id": str(action_id)})
    place = st.session_state.pop(_OPEN_PROFILE, None)
    if place is not None:
        st.switch_page("app_pages/territoire.py", query_params={"code": f"{place[0]}:{place[1]}"})


def profile_offer(selection: ActionFilter) -> None:
    """Under the map, when a territory is chosen: a same-tab link to its profile."""
    place = selection.territory()
    territory = stores.territories().get(*place) if place else None
    if territory is not None:
        page_link(textes.CARTE_PROFIL_SELECTION.format(nom=territory.label), profile_link(*place))
