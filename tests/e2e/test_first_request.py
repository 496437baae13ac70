"""The very first request a server receives can be a deep link (a shared address).

Streamlit runs a file of ``pages/`` on its own until some session has called
``st.navigation`` (components/entry.py): the page must still come through app.py,
with the atlas's navigation, its page title and the address's query parameters.
"""
from __future__ import annotations

import pytest

from data import textes
from tests.app_server import serve_app

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "address, title, heading",
    [
        ("/fiche?numero=1", textes.PAGE_FICHE, "Fiche 1"),
        ("/moderation", textes.PAGE_MODERATION, None),
    ],
)
def test_a_first_request_on_a_deep_link_goes_through_the_atlas_navigation(
    browser, tmp_path, geo_cache, address: str, title: str, heading: str | None
) -> None:
    env = {"ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'premier.db'}", "ATLAS_CACHE_DIR": str(geo_cache)}
    with serve_app(tmp_path, env) as url:  # a new server: no session has run app.py yet
        page = browser.new_page()
        page.goto(url + address)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text(textes.PAGE_CARTE).wait_for(timeout=120_000)
        links = [a.inner_text() for a in nav.locator("a").all()]
        assert any(textes.PAGE_GUIDE in text for text in links)
        # file names of pages/ never show, nor pages the visitor may not open
        assert not any(text.strip() in {"moderation", "comptes", "app", "carte"} for text in links), links
        assert not any(textes.PAGE_MODERATION in text or textes.PAGE_COMPTES in text for text in links), links
        page.wait_for_function("t => document.title.startsWith(t)", arg=f"{title} — ", timeout=60_000)
        if heading:
            assert heading in page.locator("h1").first.inner_text()
        page.close()
