"""Cached reads of the atlas, for every page and component.

Reads of actions are keyed by the actions' data version and reads of indicators by the
indicators' data version, both read from the database at each run: a write made by any
session, the command line or another server process shows at the next run, and no
caller has to remember to clear a cache.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.stores import atlas, guide, settings, territories
from data.actions.coverage import Coverage, compute_coverage
from data.actions.models import ActionFilter, StoredAction
from data.actions.repository import Selection
from data.indicators.catalogue import Family, Indicator
from geo.layers import load_layer


def actions_version() -> tuple[int, int]:
    """The actions' data version (changes with every write to an action)."""
    return atlas().actions.data_version()


def indicators_version() -> int:
    """The indicators' data version (changes with every write to the catalogue or its values)."""
    return atlas().indicators.data_version()


# --- actions ------------------------------------------------------------------------------


@st.cache_data(max_entries=256, show_spinner=False)
def _selection(database_url: str, version: tuple[int, int], flt: ActionFilter, point_limit: int, table_limit: int, level: str) -> Selection:
    return atlas().actions.selection(flt, point_limit, table_limit, level)


def selection(flt: ActionFilter, point_limit: int, table_limit: int, level: str) -> Selection:
    """Count, rows and (above ``point_limit``) counts per territory of one selection, in one call."""
    return _selection(settings().database_url, actions_version(), flt, point_limit, table_limit, level)


@st.cache_data(max_entries=256, show_spinner=False)
def _actions(database_url: str, version: tuple[int, int], flt: ActionFilter, limit: int | None, offset: int) -> pd.DataFrame:
    return atlas().actions.list_actions(flt, limit=limit, offset=offset)


def actions(flt: ActionFilter, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Published actions matching the filter (``limit`` of them by title, after ``offset``)."""
    return _actions(settings().database_url, actions_version(), flt, limit, offset)


@st.cache_data(max_entries=256, show_spinner=False)
def _counts_by_territory(database_url: str, version: tuple[int, int], flt: ActionFilter, level: str) -> dict[str, int]:
    return atlas().actions.counts_by_territory(flt, level)


def counts_by_territory(flt: ActionFilter, level: str) -> dict[str, int]:
    """Published actions matching the filter, per territory of ``level``."""
    return _counts_by_territory(settings().database_url, actions_version(), flt, level)


def action_counts_by(level: str) -> dict[str, int]:
    """Number of published actions per territory code of ``level``."""
    return counts_by_territory(ActionFilter(), level)


def action(action_id: int) -> StoredAction | None:
    """One published action, or None."""
    return atlas().actions.get(action_id)


def nearby(action_id: int, radius_km: float = 100.0) -> list[tuple[int, str, float]]:
    """Other actions near this one."""
    return atlas().actions.nearby(action_id, radius_km)


@st.cache_data(max_entries=128, show_spinner=False)
def _count(database_url: str, version: tuple[int, int], flt: ActionFilter) -> int:
    return atlas().actions.count_matching(flt)


def count(flt: ActionFilter) -> int:
    """Number of published actions matching the filter."""
    return _count(settings().database_url, actions_version(), flt)


@st.cache_data(max_entries=64, show_spinner=False)
def _nearest(database_url: str, version: tuple[int, int], flt: ActionFilter, lat: float, lon: float, limit: int) -> list:
    return atlas().actions.nearest(flt, lat, lon, limit)


def nearest(flt: ActionFilter, lat: float, lon: float, limit: int = 5) -> list[tuple[int, str, str, str, float]]:
    """The actions of the filter nearest to a point: (id, title, place level, place code, km)."""
    return _nearest(settings().database_url, actions_version(), flt, lat, lon, limit)


def counts(what: str) -> dict:
    """Published actions per fiche number or per method."""
    return atlas().actions.count_by(what)


def year_bounds() -> tuple[int, int] | None:
    """Range of years covered by published actions."""
    return atlas().actions.year_bounds()


def illustrations_actions() -> dict[str, list[tuple[int, str]]]:
    """Published actions per annex illustration."""
    return atlas().actions.by_illustration()


@st.cache_data(max_entries=4, show_spinner=False)
def _coverage(database_url: str, version: tuple[int, int]) -> Coverage:
    return compute_coverage(atlas().actions.coverage_rows(), territories(), guide().methodes)


def coverage() -> Coverage:
    """Coverage of the published actions (départements, régions, methods, fiches, provenances)."""
    return _coverage(settings().database_url, actions_version())


# --- territory shapes -----------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _layer_json(cache_dir: str, level: str, departement: str | None) -> str:
    layer = load_layer(settings().cache_dir, level, departement=departement)
    return layer[["code", "nom", "geometry"]].to_json(drop_id=True)


def layer_json(level: str, departement: str | None = None) -> str:
    """GeoJSON text of one simplified territory layer (communes: of one département)."""
    return _layer_json(str(settings().cache_dir), level, departement if level == "commune" else None)


@st.cache_data(max_entries=64, show_spinner=False)
def _bounds(cache_dir: str, level: str, code: str) -> list[list[float]] | None:
    if level == "commune":
        deps = [t.code for t in territories().parents(level, code) if t.level == "departement"]
        layer = load_layer(settings().cache_dir, level, departement=deps[0] if deps else None)
    else:
        layer = load_layer(settings().cache_dir, level)
    shape = layer.loc[layer["code"] == code]
    if shape.empty:
        return None
    minx, miny, maxx, maxy = shape.total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def bounds(level: str, code: str) -> list[list[float]] | None:
    """Map bounds of one territory, to zoom on a selection."""
    return _bounds(str(settings().cache_dir), level, code)


@st.cache_data(max_entries=8, show_spinner=False)
def _territory_centers(cache_dir: str, level: str) -> dict[str, tuple[float, float]]:
    layer = load_layer(settings().cache_dir, level)
    points = layer.geometry.representative_point()
    return {c: (round(p.y, 5), round(p.x, 5)) for c, p in zip(layer["code"], points)}


def territory_centers(level: str) -> dict[str, tuple[float, float]]:
    """A point inside each territory of ``level`` (where counts are drawn)."""
    return _territory_centers(str(settings().cache_dir), level)


# --- indicators -----------------------------------------------------------------------------


@st.cache_data(max_entries=16, show_spinner=False)
def _indicators(database_url: str, version: int, with_values_only: bool) -> list[Indicator]:
    return atlas().indicators.indicators(with_values_only=with_values_only)


def indicators(with_values_only: bool = True) -> list[Indicator]:
    """The indicator catalogue (by default only indicators that have values)."""
    return _indicators(settings().database_url, indicators_version(), with_values_only)


def families() -> list[Family]:
    """Families of indicators, in display order."""
    return atlas().indicator_catalogue[0]


@st.cache_data(max_entries=128, show_spinner=False)
def _indicator_values(database_url: str, version: int, code: str, level: str) -> pd.Series:
    return atlas().indicators.values(code, level)


def indicator_values(code: str, level: str) -> pd.Series:
    """Latest values of one indicator at one level, indexed by territory code."""
    return _indicator_values(settings().database_url, indicators_version(), code, level)


def territory_values(level: str, code: str) -> dict[str, float]:
    """Latest value of every indicator for one territory."""
    return atlas().indicators.territory_values(level, code)


@st.cache_data(max_entries=16, show_spinner=False)
def _levels(database_url: str, version: int) -> dict[str, list[str]]:
    return atlas().indicators.levels()


def indicator_levels() -> dict[str, list[str]]:
    """Levels where each indicator has values."""
    return _levels(settings().database_url, indicators_version())


def vintages() -> dict[str, str]:
    """Latest vintage of each indicator (the last of its ordered vintages)."""
    return {code: found[-1] for code, found in vintage_lists().items()}


# --- territory dossier (PDF) ----------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _dossier(database_url: str, actions_v: tuple[int, int], indicators_v: int, level: str, code: str, base_url: str, _atlas) -> bytes:
    from data.dossier.content import build_dossier
    from data.dossier.pdf import render_pdf

    return render_pdf(build_dossier(_atlas, level, code, base_url))


def dossier_maker(level: str, code: str, base_url: str):
    """A callable giving a territory's PDF dossier, built on click (keyed by the data versions).

    The download button runs it on another thread, without the session: everything
    it needs is read here, in the page's run.
    """
    running = atlas()
    key = (settings().database_url, actions_version(), indicators_version())
    return lambda: _dossier(*key, level, code, base_url, running)


@st.cache_data(max_entries=512, show_spinner=False)
def _indicator_series(database_url: str, version: int, code: str, level: str, territory: str) -> dict[str, float]:
    return atlas().indicators.series(code, level, territory)


def indicator_series(code: str, level: str, territory: str) -> dict[str, float]:
    """Every vintage of one indicator for one territory, oldest first."""
    return _indicator_series(settings().database_url, indicators_version(), code, level, territory)


@st.cache_data(max_entries=16, show_spinner=False)
def _value_counts(database_url: str, version: int) -> tuple[dict[tuple[str, str], int], dict[str, list[str]]]:
    store = atlas().indicators
    return store.counts(), store.vintage_lists()


def value_counts() -> dict[tuple[str, str], int]:
    """Number of territories with a value, by indicator and level."""
    return _value_counts(settings().database_url, indicators_version())[0]


def vintage_lists() -> dict[str, list[str]]:
    """Every vintage stored for each indicator, oldest first."""
    return _value_counts(settings().database_url, indicators_version())[1]
