"""Links to the atlas's own pages stay in the tab; only outside sources open a new one."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from data import textes
from tests.support.browser import _count, _offline_page

pytestmark = pytest.mark.e2e

PAGES = [
    ("/", textes.TABLEAU_TITRE),
    ("/territoire?code=departement:47", textes.TERRITOIRE_SEMBLABLES),
    ("/comparer?codes=departement:47,departement:24", textes.COMPARER_FICHES),
    ("/guide", textes.PAGE_GUIDE),
    ("/fiche?numero=3", textes.FICHE_ACTIONS),
    ("/indicateurs", "Densité de population"),
    ("/a-propos", textes.A_PROPOS_COUVERTURE),
]
LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => [a.href, a.target || "", a.innerText])"""


def test_no_link_to_an_atlas_page_opens_a_new_tab(browser, app_url: str) -> None:
    page, refused, _errors = _offline_page(browser, app_url)
    host = urlsplit(app_url).netloc
    for path, marker in PAGES:
        page.goto(app_url + path, wait_until="domcontentloaded")
        page.get_by_text(marker).first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # the last fragments of the page
        links = page.evaluate(LINKS)
        internal = [(href, target) for href, target, _text in links if urlsplit(href).netloc == host]
        assert len(internal) >= 3, (path, links)
        assert [href for href, target in internal if target == "_blank"] == [], path
        assert page.locator("[data-testid='stDataFrame'] a[href*='/territoire'], [data-testid='stDataFrame'] a[href*='/action']").count() == 0
    assert refused == []


def test_a_title_in_the_home_table_opens_the_action_in_the_same_tab(browser, app_url: str) -> None:
    page, _refused, _errors = _offline_page(browser, app_url)
    page.goto(app_url + "/", wait_until="domcontentloaded")
    _count(page)
    first = page.locator(".atlas-tableau tbody tr").first.locator("a").first
    first.wait_for(timeout=60_000)
    title = first.inner_text()
    pages_before = len(page.context.pages)
    first.click()
    page.wait_for_url(re.compile(r"/action\?id=\d+$"), timeout=60_000)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    assert len(page.context.pages) == pages_before  # no new tab
    # Next page of the table: the address keeps it.
    page.goto(app_url + "/", wait_until="domcontentloaded")
    _count(page)
    page.get_by_role("button", name=textes.PAGE_SUIVANTE).click()
    page.wait_for_url(re.compile(r"[?&]page=2"), timeout=30_000)
    page.get_by_text(re.compile(r"Actions 51 à")).first.wait_for(timeout=30_000)
