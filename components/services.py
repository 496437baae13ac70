"""The one bridge between Streamlit and the core: caches, engine, repositories.

Pages call these functions and never open the database or read files themselves.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st
import sqlalchemy as sa

from data import textes
from data.atlas import Atlas, open_atlas
from data.catalogue import Guide, list_fiches
from data.config import Settings, load_settings
from data.models import ActionFilter, Fiche
from data.repository import ActionDetail
from geo.layers import ensure_layers, layers_complete, load_layer, version_dir
from geo.territories import Territories


def settings() -> Settings:
    """Settings of this process (environment variables ``ATLAS_*``)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _open(database_url: str, cache_dir: str, seed_file: str, guide_file: str) -> Atlas:
    return open_atlas(settings())


def atlas() -> Atlas:
    """The running atlas; prepares the territory shapes once, with a progress bar."""
    s = settings()
    if not layers_complete(version_dir(s.cache_dir)):
        bar = st.progress(0.0, text=textes.GEO_PREPARATION)
        ensure_layers(s.cache_dir, progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
        bar.empty()
    try:
        return _open(s.database_url, str(s.cache_dir), str(s.seed_file), str(s.guide_file))
    except sa.exc.OperationalError as exc:
        st.error(textes.CLI_ERREUR_BASE.format(detail=type(exc.orig).__name__ if exc.orig else "?"))
        st.stop()
        raise


def guide() -> Guide:
    """Static description of the guide (methods, publics, illustrations)."""
    return atlas().guide


def territories() -> Territories:
    """Territory tables and look-ups (shared by all sessions, read-only)."""
    return atlas().territories


def fiches() -> list[Fiche]:
    """The 26 fiches as stored now (read on each run: an import shows at once)."""
    return list_fiches(atlas().engine)


@st.cache_data(ttl=30, max_entries=256, show_spinner=False)
def _actions(database_url: str, flt: ActionFilter) -> pd.DataFrame:
    return atlas().actions.list_actions(flt)


def actions(flt: ActionFilter) -> pd.DataFrame:
    """Published actions matching the filter."""
    return _actions(settings().database_url, flt)


def action(action_id: int) -> ActionDetail | None:
    """One published action, or None."""
    return atlas().actions.get(action_id)


def nearby(action_id: int, radius_km: float = 100.0) -> list[tuple[int, str, float]]:
    """Other actions near this one."""
    return atlas().actions.nearby(action_id, radius_km)


def counts(what: str) -> dict:
    """Published actions per fiche number or per method."""
    return atlas().actions.count_by(what)


def year_bounds() -> tuple[int, int] | None:
    """Range of years covered by published actions."""
    return atlas().actions.year_bounds()


@st.cache_data(max_entries=16, show_spinner=False)
def _layer_json(cache_dir: str, level: str) -> str:
    layer = load_layer(settings().cache_dir, level)
    return layer[["code", "nom", "geometry"]].to_json(drop_id=True)


def layer_json(level: str) -> str:
    """GeoJSON text of one simplified territory layer."""
    return _layer_json(str(settings().cache_dir), level)


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


def illustrations_actions() -> dict[str, list[tuple[int, str]]]:
    """Published actions per annex illustration."""
    return atlas().actions.by_illustration()
