"""The very first request a server receives can be a shared link to any page.

Streamlit runs a folder named ``pages/`` beside the main script as a legacy multipage
app until some session has called ``st.navigation``; the page scripts live in
``app_pages/`` so that a new server serves every address through navigation.py at once.
"""
from __future__ import annotations

import pytest

from data import textes
from tests.support.app_server import serve_app
from tests.support.seeded import seeded_copy

pytestmark = pytest.mark.e2e

FILE_NAMES = {"a propos", "a_propos", "moderation", "comptes", "app", "carte", "brouillons", "territoire", "fiche"}


@pytest.mark.parametrize(
    "address, title, heading, content",
    [
        ("/a-propos", textes.PAGE_A_PROPOS, textes.PAGE_A_PROPOS, textes.A_PROPOS_VERIFICATION),
        ("/territoire?code=departement:47", textes.PAGE_TERRITOIRE, "Lot-et-Garonne", None),
        ("/fiche?numero=3", textes.PAGE_FICHE, "Fiche 3", textes.FICHE_ACTIONS),
        ("/moderation", textes.PAGE_MODERATION, None, None),
    ],
)
def test_a_first_request_on_a_deep_link_shows_its_page_in_the_atlas(
    browser, tmp_path, geo_cache, seeded_db, address: str, title: str, heading: str | None, content: str | None
) -> None:
    env = {"ATLAS_DATABASE_URL": seeded_copy(seeded_db, tmp_path / "premier.db"), "ATLAS_CACHE_DIR": str(geo_cache)}
    with serve_app(tmp_path, env) as url:  # a new server: no session has run navigation.py yet
        page = browser.new_page()
        page.goto(url + address)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text(textes.PAGE_CARTE).wait_for(timeout=120_000)
        links = [a.inner_text().strip() for a in nav.locator("a").all()]
        assert any(textes.PAGE_GUIDE in text for text in links)
        # file names of the page folder never show, nor pages the visitor may not open
        assert not {text.lower() for text in links} & FILE_NAMES, links
        assert not any(textes.PAGE_MODERATION in text or textes.PAGE_COMPTES in text for text in links), links
        page.wait_for_function("t => document.title.startsWith(t)", arg=f"{title} — ", timeout=60_000)
        if heading:
            page.locator("h1").filter(has_text=heading).first.wait_for(timeout=60_000)
        if content:
            page.get_by_text(content).first.wait_for(timeout=60_000)
        assert "Page not found" not in page.content()
        page.close()
