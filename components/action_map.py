"""What the home map shows for a selection: each action, or counts per territory."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import cache, labels, stores
from components.choropleth import make_choropleth
from components.filters import MapChoice
from components.map import Choropleth, CountMarker, MapContent, action_points, map_args
from components.tables import PAGE_SIZE
from data.actions.models import ActionFilter

#: Up to this many actions the map shows each one (clustered); above, counts per territory.
POINT_LIMIT = 2000
#: Key of the home map in the page (its value is the last popup link clicked).
MAP_KEY = "carte"
_OPEN_ACTION = "carte.action_a_ouvrir"
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
        markers.append(CountMarker(*centers[code], int(count), territory.label if territory else code, href, level, code))
    return markers


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
        content = MapContent(points=action_points(rows, popup))
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
    args = map_args(
        stores.layer_url(level, selection.departement),
        content,
        stores.map_libraries(),
        selected=place[1] if place and place[0] == level else None,
        bounds=cache.bounds(*place) if place else None,
        choropleth=choropleth,
        embedded=embedded,
    )
    return HomeView(total, level, rows, popup, args, aggregated, bool(choice.indicator) and choropleth is None, values)


def follow_map_link() -> None:
    """Callback of a popup link clicked on the map: select the territory, or note the action to open.

    The value comes from the browser: it is checked (known level, existing territory,
    plain integer id) and anything else is ignored.
    """
    value = st.session_state.get(MAP_KEY)
    if not isinstance(value, dict):
        return
    place = value.get("territoire")
    if isinstance(place, list) and len(place) == 2 and place[0] in _LEVELS and isinstance(place[1], str):
        level, code = place
        territories = stores.territories()
        if territories.get(level, code) is None:
            return
        chosen = {t.level: t.code for t in territories.parents(level, code)} | {level: code}
        for name in _LEVELS:
            st.session_state[name] = chosen.get(name)
    elif isinstance(value.get("action"), int) and not isinstance(value.get("action"), bool) and value["action"] > 0:
        st.session_state[_OPEN_ACTION] = value["action"]


def open_clicked_action() -> None:
    """Go to the page of the action whose popup link was clicked, if any."""
    action_id = st.session_state.pop(_OPEN_ACTION, None)
    if action_id is not None:
        st.switch_page("app_pages/action.py", query_params={"id": str(action_id)})
