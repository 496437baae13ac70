"""Stores handed out to the pages: the running atlas, its repositories and its writers.

Pages and components get every object that reads or writes the database from here and
never open the database themselves. Writes that change what visitors see need no cache
call: cached reads (``components.cache``) are keyed by the data version stored in the
database, so a publication, a refusal or an archive shows at the next run, on every
server process.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from components import assets
from components.guard import DATABASE_ERRORS, opening_reason
from components.markdown import md_escape
from data import textes
from data.actions.models import ActionFilter, Fiche
from data.atlas import Atlas, open_atlas
from data.config import Settings, load_settings
from data.guide.catalogue import Guide, list_fiches
from geo.layers import ensure_layers, layers_complete, version_dir
from geo.territories import Territories
from geo.webfiles import ensure_layer_file, web_dir

if TYPE_CHECKING:
    from data.accounts.auth import AccountRepository
    from data.accounts.throttle import SignInThrottle
    from data.actions.validation import Context
    from data.actions.workflow import ContributionStore
    from data.config import AuthSettings
    from data.indicators.import_plan import ImportOptions, ImportPlan
    from data.indicators.imports import WriteResult


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
        st.error(textes.BASE_PANNE_OUVERTURE.format(raison=md_escape(opening_reason(exc, s)), contact=md_escape(s.contact)))
        st.stop()
        raise


def open_for_warm_up() -> bool:
    """Open the atlas outside any session (server start) if the shapes are prepared; False otherwise."""
    s = settings()
    if not layers_complete(version_dir(s.cache_dir)):
        return False
    _open(s.database_url, str(s.cache_dir), str(s.seed_file), str(s.guide_file)).territories
    return True


def guide() -> Guide:
    """Static description of the guide (methods, publics, illustrations)."""
    return atlas().guide


def territories() -> Territories:
    """Territory tables and look-ups (shared by all sessions, read-only)."""
    return atlas().territories


def fiches() -> list[Fiche]:
    """The 26 fiches as stored now (read on each run: an import shows at once)."""
    return list_fiches(atlas().engine)


def map_assets() -> dict[str, str]:
    """Declare the map's local assets and the folder of territory files; return URL prefixes."""
    return assets.register(web_dir(settings().cache_dir))


def map_libraries() -> dict[str, list[str]]:
    """Addresses (relative to the map) of the home map's stylesheets and scripts, named by content hash."""
    prefix = map_assets()["couches"]
    files = assets.home_map_libraries(str(web_dir(settings().cache_dir)))
    return {kind: [prefix + name for name in names] for kind, names in files.items()}


def layer_url(level: str, departement: str | None = None) -> str:
    """Address (relative to the map) of the GeoJSON file of one territory layer (named by content hash)."""
    path = ensure_layer_file(settings().cache_dir, level, departement if level == "commune" else None)
    return map_assets()["couches"] + path.name


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


def sign_in_throttle() -> SignInThrottle:
    """Failed sign-ins counted in the database (shared by every replica)."""
    from data.accounts.throttle import SignInThrottle

    return SignInThrottle(atlas().engine)


def export_maker(flt: ActionFilter, fmt: str) -> Callable[[], bytes]:
    """A function (no Streamlit inside) that builds the selection's export when called.

    ``st.download_button`` runs it on another thread, only when the button is clicked.
    """
    from data.actions.exports import export_bytes, export_frame

    running = atlas()
    repo, territories_ = running.actions, running.territories
    return lambda: export_bytes(export_frame(repo, territories_, flt), fmt)


def export_file(flt: ActionFilter, fmt: str) -> bytes:
    """The published actions of a selection as CSV, XLSX or GeoJSON bytes."""
    return export_maker(flt, fmt)()


def prepare_indicator_import(name: str, content: bytes, options: ImportOptions) -> ImportPlan:
    """Check an uploaded indicator file and build its preview and report; nothing is written."""
    from data.indicators.imports import import_context, prepare_import

    territories_, existing, family_slugs = import_context(atlas())
    return prepare_import(name, content, options, territories_, existing, family_slugs)


def write_indicator_import(plan: ImportPlan) -> list[WriteResult]:
    """Write a checked import (one transaction per indicator); cached indicator reads follow."""
    from data.indicators.imports import apply_import

    return apply_import(plan, atlas().indicators)
