"""The one bridge between Streamlit and the core: caches, engine, repositories.

Pages call these functions and never open the database or read files themselves.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from components import assets
from components.markdown import md_escape
from data import textes
from data.actions.models import ActionFilter, Fiche, StoredAction
from data.atlas import Atlas, open_atlas
from data.config import Settings, load_settings
from data.guide.catalogue import Guide, list_fiches
from data.indicators.catalogue import Family, Indicator
from data.store.db import DatabaseUnavailable, sqlite_file, unavailable
from geo.layers import ensure_layers, layers_complete, load_layer, version_dir
from geo.territories import Territories
from geo.webfiles import ensure_layer_file, web_dir


def settings() -> Settings:
    """Settings of this process (environment variables ``ATLAS_*``)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _open(database_url: str, cache_dir: str, seed_file: str, guide_file: str) -> Atlas:
    return open_atlas(settings())


def atlas() -> Atlas:
    """The running atlas; prepares the territory shapes once, with a progress bar."""
    s = settings()
    ready = st.session_state.get("atlas.pret")
    if ready == s.cache_dir:
        return _open(s.database_url, str(s.cache_dir), str(s.seed_file), str(s.guide_file))
    if not layers_complete(version_dir(s.cache_dir)):
        bar = st.progress(0.0, text=textes.GEO_PREPARATION)
        ensure_layers(s.cache_dir, progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
        bar.empty()
    try:
        opened = _open(s.database_url, str(s.cache_dir), str(s.seed_file), str(s.guide_file))
        st.session_state["atlas.pret"] = s.cache_dir
        return opened
    except (OSError, *DATABASE_ERRORS) as exc:
        st.error(textes.BASE_PANNE_OUVERTURE.format(raison=md_escape(_opening_reason(exc, s)), contact=md_escape(s.contact)))
        st.stop()
        raise


# --- Faults: a locked, read-only, full, missing or unreachable database ------------------

#: What a database fault can be raised as (``except services.DATABASE_ERRORS``).
DATABASE_ERRORS = (DatabaseUnavailable, sa.exc.DBAPIError)


def _opening_reason(exc: BaseException, s: Settings) -> str:
    """Why the database could not be opened, in French."""
    if isinstance(exc, OSError):
        path = sqlite_file(s.database_url)
        if path is not None and not path.parent.is_dir():
            return textes.BASE_DOSSIER_IMPOSSIBLE.format(dossier=path.parent)
        return textes.BASE_PANNE_RAISONS["disque"]
    fault = unavailable(exc, s.database_url)
    return fault.raison if fault is not None else type(getattr(exc, "orig", None) or exc).__name__


def database_fault(exc: BaseException) -> DatabaseUnavailable | None:
    """The fault behind a database error (locked, read-only, full, missing, unreachable), or None."""
    return unavailable(exc, settings().database_url)


@contextmanager
def database_guard() -> Iterator[None]:
    """Run a page; a database fault shows a French message and stops the run.

    ``st.stop()`` keeps every widget's value in the session: what was being typed
    comes back on the next run, once the database answers again.
    """
    try:
        yield
    except DATABASE_ERRORS as exc:
        fault = database_fault(exc)
        if fault is None:
            raise
        st.error(textes.BASE_PANNE_SAISIE.format(raison=fault.raison))
        st.stop()


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
def _actions(database_url: str, flt: ActionFilter, limit: int | None) -> pd.DataFrame:
    return atlas().actions.list_actions(flt, limit=limit)


def actions(flt: ActionFilter, limit: int | None = None) -> pd.DataFrame:
    """Published actions matching the filter (the first ``limit`` by title)."""
    return _actions(settings().database_url, flt, limit)


@st.cache_data(ttl=30, max_entries=256, show_spinner=False)
def _count(database_url: str, flt: ActionFilter) -> int:
    return atlas().actions.count_matching(flt)


def count(flt: ActionFilter) -> int:
    """Number of published actions matching the filter."""
    return _count(settings().database_url, flt)


@st.cache_data(ttl=30, max_entries=256, show_spinner=False)
def _counts_by_territory(database_url: str, flt: ActionFilter, level: str) -> dict[str, int]:
    return atlas().actions.counts_by_territory(flt, level)


def counts_by_territory(flt: ActionFilter, level: str) -> dict[str, int]:
    """Published actions matching the filter, per territory of ``level``."""
    return _counts_by_territory(settings().database_url, flt, level)


def action(action_id: int) -> StoredAction | None:
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


def map_assets() -> dict[str, str]:
    """Declare the map's local assets and the folder of territory files; return URL prefixes."""
    return assets.register(web_dir(settings().cache_dir))


def layer_url(level: str, departement: str | None = None) -> str:
    """Address (relative to the map) of the GeoJSON file of one territory layer."""
    path = ensure_layer_file(settings().cache_dir, level, departement if level == "commune" else None)
    return map_assets()["couches"] + path.name


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


def illustrations_actions() -> dict[str, list[tuple[int, str]]]:
    """Published actions per annex illustration."""
    return atlas().actions.by_illustration()


# --- indicators ------------------------------------------------------------------------


@st.cache_data(ttl=60, show_spinner=False)
def _indicators(database_url: str, with_values_only: bool) -> list[Indicator]:
    return atlas().indicators.indicators(with_values_only=with_values_only)


def indicators(with_values_only: bool = True) -> list[Indicator]:
    """The indicator catalogue (by default only indicators that have values)."""
    return _indicators(settings().database_url, with_values_only)


def families() -> list[Family]:
    """Families of indicators, in display order."""
    return atlas().indicator_catalogue[0]


@st.cache_data(ttl=300, max_entries=128, show_spinner=False)
def _indicator_values(database_url: str, code: str, level: str) -> pd.Series:
    return atlas().indicators.values(code, level)


def indicator_values(code: str, level: str) -> pd.Series:
    """Latest values of one indicator at one level, indexed by territory code."""
    return _indicator_values(settings().database_url, code, level)


def territory_values(level: str, code: str) -> dict[str, float]:
    """Latest value of every indicator for one territory."""
    return atlas().indicators.territory_values(level, code)


@st.cache_data(ttl=60, show_spinner=False)
def _levels_and_vintages(database_url: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    store = atlas().indicators
    return store.levels(), store.vintages()


def indicator_levels() -> dict[str, list[str]]:
    """Levels where each indicator has values."""
    return _levels_and_vintages(settings().database_url)[0]


def vintages() -> dict[str, str]:
    """Latest vintage of each indicator."""
    return _levels_and_vintages(settings().database_url)[1]


def clear_indicator_caches() -> None:
    """Forget cached indicator data (after an import)."""
    for func in (_indicators, _indicator_values, _levels_and_vintages):
        func.clear()


def action_counts_by(level: str) -> dict[str, int]:
    """Number of published actions per territory code of ``level``."""
    return counts_by_territory(ActionFilter(), level)


# --- indicator import (file → preview → confirmed write) ---------------------------

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from data.indicators.imports import ImportOptions, ImportPlan, WriteResult


def prepare_indicator_import(name: str, content: bytes, options: ImportOptions) -> ImportPlan:
    """Check an uploaded indicator file and build its preview and report; nothing is written."""
    from data.indicators.imports import import_context, prepare_import

    territories_, existing, family_slugs = import_context(atlas())
    return prepare_import(name, content, options, territories_, existing, family_slugs)


def write_indicator_import(plan: ImportPlan) -> list[WriteResult]:
    """Write a checked import (one transaction per indicator), then forget cached indicator data."""
    from data.indicators.imports import apply_import

    results = apply_import(plan, atlas().indicators)
    clear_indicator_caches()
    return results


@st.cache_data(max_entries=8, show_spinner=False)
def _territory_centers(cache_dir: str, level: str) -> dict[str, tuple[float, float]]:
    layer = load_layer(settings().cache_dir, level)
    points = layer.geometry.representative_point()
    return {c: (round(p.y, 5), round(p.x, 5)) for c, p in zip(layer["code"], points)}


def territory_centers(level: str) -> dict[str, tuple[float, float]]:
    """A point inside each territory of ``level`` (where counts are drawn)."""
    return _territory_centers(str(settings().cache_dir), level)


# --- Contribution, comptes, modération, imports et exports -------------------------------

from typing import TYPE_CHECKING, Callable  # noqa: E402

if TYPE_CHECKING:
    from data.accounts.auth import AccountRepository
    from data.actions.validation import Context
    from data.actions.workflow import ContributionStore
    from data.config import AuthSettings


def auth_settings() -> AuthSettings:
    """Sign-in settings (``ATLAS_AUTH_MODE``, ``ATLAS_OIDC_*``)."""
    from data.config import load_auth_settings

    return load_auth_settings()


def accounts() -> AccountRepository:
    """Accounts and the OIDC allow-list."""
    from data.accounts.auth import AccountRepository

    return AccountRepository(atlas().engine)


def contributions() -> ContributionStore:
    """Drafts, submissions, review and audit log of actions."""
    from data.actions.workflow import ContributionStore

    return ContributionStore(atlas().engine)


@st.cache_resource(show_spinner=False)
def _contribution_context(cache_dir: str, guide_file: str) -> Context:
    from data.actions.validation import Context
    from data.atlas import PlacePoints
    from geo.layers import load_locator

    running = atlas()
    return Context(running.guide, running.territories, PlacePoints(running.settings.cache_dir), load_locator(running.settings.cache_dir))


def contribution_context() -> Context:
    """Reference data to validate a contribution: guide, territories, points, point → commune."""
    s = settings()
    return _contribution_context(str(s.cache_dir), str(s.guide_file))


@st.cache_resource(show_spinner=False)
def login_failures() -> dict[str, list[float]]:
    """Recent failed sign-ins per identifier, shared by all sessions of this process."""
    return {}


def export_maker(flt: ActionFilter, fmt: str) -> Callable[[], bytes]:
    """A function (no Streamlit inside) that builds the selection's export when called.

    ``st.download_button`` runs it on another thread, only when the button is clicked.
    """
    from data.actions.exports import export_bytes, export_frame

    running = atlas()
    repo, territories = running.actions, running.territories
    return lambda: export_bytes(export_frame(repo, territories, flt), fmt)


def export_file(flt: ActionFilter, fmt: str) -> bytes:
    """The published actions of a selection as CSV, XLSX or GeoJSON bytes."""
    return export_maker(flt, fmt)()


def public_actions_changed() -> None:
    """Forget the cached public lists after a publication, a refusal or an archive,
    so every session sees the change at once (not after the 30 s cache)."""
    for name in ("_actions", "_count", "_counts_by_territory"):
        cached = globals().get(name)
        if cached is not None and hasattr(cached, "clear"):
            cached.clear()
