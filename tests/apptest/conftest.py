"""AppTest runs the real app script in-process on a temporary database."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data.config import PROJECT_DIR


@pytest.fixture
def make_app(tmp_path: Path, geo_cache: Path, monkeypatch) -> Callable[..., AppTest]:
    """Build an AppTest of ``app.py`` with optional URL query parameters."""
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(geo_cache))
    st.cache_data.clear()
    st.cache_resource.clear()

    def build(**query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        return at

    yield build
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(at: AppTest, page: str | None = None, **query: str) -> AppTest:
    """Run the app once, then switch to ``page`` with ``query`` in its address; no exception."""
    at.run()
    if page:
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def count_of(at: AppTest) -> int:
    """The number of actions announced on the map page."""
    heading = next(h.value for h in at.subheader if "action(s) correspondent" in h.value)
    return int(heading.split(" ")[0])
