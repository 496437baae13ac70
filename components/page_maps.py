"""Small maps of the territory, action and fiche pages: the home map's component, lower.

Each page draws one map under its own key (never the home map's), with the same
offline component, the same points and popups as the home map (``action_points``,
``popup_labels``). A popup link opens the action in the same tab: the callback checks
the value sent by the browser and notes the id; the next run opens the action's page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import cache, labels, stores
from components.map import (
    FRANCE_BOUNDS,
    MapContent,
    action_points,
    clicked_action,
    map_args,
    show_map,
)
from data import textes
from data.actions.models import ActionFilter, StoredAction

#: Height of the pages' maps, in pixels: low enough for a phone (390 × 844).
PAGE_MAP_HEIGHT = 340
#: Keys of the pages' maps (the home map's is ``action_map.MAP_KEY``).
TERRITORY_MAP_KEY = "carte.territoire"
ACTION_MAP_KEY = "carte.action"
FICHE_MAP_KEY = "carte.fiche"
_OPEN_ACTION = "carte.page.action_a_ouvrir"
#: Overseas régions (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte): outside France's frame.
OVERSEAS_REGIONS = ("01", "02", "03", "04", "06")
#: Half-side, in degrees, of the view around a point whose place has no outline.
_POINT_MARGIN = 0.05


@dataclass(frozen=True)
class FicheMap:
    """The fiche page's map and the overseas places of its actions (not in France's frame)."""

    args: dict
    overseas: int
    overseas_places: tuple[str, ...]


def _layer(level: str, code: str) -> str:
    """The layer a territory is drawn on: its own level (a commune: the communes of its département)."""
    if level != "commune":
        return stores.layer_url(level)
    deps = [t.code for t in stores.territories().parents(level, code) if t.level == "departement"]
    return stores.layer_url("commune", deps[0] if deps else None)


def _points(actions: pd.DataFrame) -> MapContent:
    """The home map's rows of points and popups for these actions."""
    return action_points(actions, labels.popup_labels(actions))


def territory_map_args(level: str, code: str) -> dict:
    """The territory outlined on its layer, zoomed to its bounds, with its published actions."""
    found = cache.actions(ActionFilter(**{level: code}))  # the query of the page's list of actions
    return map_args(
        _layer(level, code), _points(found), stores.map_libraries(),
        selected=code, bounds=cache.bounds(level, code), height=PAGE_MAP_HEIGHT,
    )


def located(action: StoredAction) -> bool:
    """True when the action has a point to draw (finite coordinates)."""
    try:
        return math.isfinite(float(action.lat)) and math.isfinite(float(action.lon))
    except (TypeError, ValueError):
        return False


def action_map_args(action: StoredAction) -> dict | None:
    """The action's point, zoomed on its place (outlined); None when it is not located."""
    if not located(action):
        return None
    row = pd.DataFrame([{
        "id": action.id, "titre": action.titre, "lat": action.lat, "lon": action.lon,
        "niveau_lieu": action.niveau_lieu, "code_lieu": action.code_lieu, "methodes": list(action.methodes),
        "annee_debut": action.annee_debut, "annee_fin": action.annee_fin,
    }])
    around = [[action.lat - _POINT_MARGIN, action.lon - _POINT_MARGIN], [action.lat + _POINT_MARGIN, action.lon + _POINT_MARGIN]]
    return map_args(
        _layer(action.niveau_lieu, action.code_lieu), _points(row), stores.map_libraries(),
        selected=action.code_lieu, bounds=cache.bounds(action.niveau_lieu, action.code_lieu) or around,
        height=PAGE_MAP_HEIGHT,
    )


def _overseas(actions: pd.DataFrame) -> pd.Series:
    """Which actions are overseas (a département 97x or an overseas région)."""
    deps = actions["departement"].fillna("").astype(str)
    return deps.str.startswith("97") | actions["region"].isin(OVERSEAS_REGIONS)


def _place_name(departement: object, region: object) -> str | None:
    """Name of an action's département, else of its région."""
    territories = stores.territories()
    found = territories.get("departement", str(departement)) if isinstance(departement, str) else None
    found = found or (territories.get("region", str(region)) if isinstance(region, str) else None)
    return found.nom if found else None


def fiche_map(numero: int) -> FicheMap | None:
    """The fiche's actions over the départements, France in view, and how many are overseas; None without action."""
    found = cache.actions(ActionFilter(fiches=(numero,)))  # the query of the page's list of actions
    if found.empty:
        return None
    args = map_args(
        stores.layer_url("departement"), _points(found), stores.map_libraries(),
        bounds=FRANCE_BOUNDS, height=PAGE_MAP_HEIGHT,
    )
    far = found.loc[_overseas(found)]
    places = {name for d, r in zip(far["departement"], far["region"]) if (name := _place_name(d, r))}
    return FicheMap(args, len(far), tuple(sorted(places)))


def _note_clicked_action(key: str) -> None:
    """Callback of a popup link on a page's map: note the action to open (a plain positive id only)."""
    action_id = clicked_action(st.session_state.get(key))
    if action_id is not None:
        st.session_state[_OPEN_ACTION] = action_id


def _draw(args: dict, key: str) -> None:
    """Open the action clicked at the previous run, if any; else draw the map under ``key``."""
    action_id = st.session_state.pop(_OPEN_ACTION, None)
    if action_id is not None:
        st.switch_page("app_pages/action.py", query_params={"id": str(action_id)})
    show_map(args, key=key, on_click=lambda: _note_clicked_action(key))


def territory_map(level: str, code: str) -> None:
    """The territory page's map: its outline and its actions."""
    _draw(territory_map_args(level, code), TERRITORY_MAP_KEY)


def action_map(action: StoredAction) -> None:
    """The action page's map: its place; a caption when it is not located."""
    args = action_map_args(action)
    if args is None:
        st.caption(textes.ACTION_NON_LOCALISEE)
        return
    _draw(args, ACTION_MAP_KEY)


def fiche_actions_map(numero: int) -> None:
    """The fiche page's map of its actions, with a caption naming the overseas ones."""
    shown = fiche_map(numero)
    if shown is None:  # no action: the page says so under its list
        return
    _draw(shown.args, FICHE_MAP_KEY)
    if shown.overseas:
        st.caption(textes.FICHE_OUTRE_MER.format(n=shown.overseas, lieux=", ".join(shown.overseas_places)))
