"""Accessibility (RGAA / WCAG 2.1 AA as reference): axe-core in Chromium, keyboard path, titles."""
from __future__ import annotations

import re
from pathlib import Path

import axe_playwright_python
import pytest

from data import textes
from tests.support.browser import _count, _offline_page

pytestmark = pytest.mark.e2e
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
PAGES = ["/", "/guide", "/fiche?numero=3", "/territoire?code=departement:47", "/indicateurs", "/a-propos"]


def _serious_violations(page) -> list[str]:
    page.add_script_tag(content=AXE_JS)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_axe_violation(browser, app_url: str, path: str) -> None:
    page, refused, errors = _offline_page(browser, app_url, bypass_csp=True)  # axe-core is injected inline
    page.goto(app_url + path, wait_until="domcontentloaded")
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    assert _serious_violations(page) == []
    assert refused == []


def test_titles_and_heading_order(browser, app_url: str) -> None:
    page, _, _ = _offline_page(browser, app_url)
    page.goto(app_url + "/guide", wait_until="domcontentloaded")
    page.get_by_role("heading", name=textes.GUIDE_FICHES).wait_for(timeout=60_000)
    assert textes.PAGE_GUIDE in page.title()
    levels = page.eval_on_selector_all(
        "[data-testid='stMain'] h1, [data-testid='stMain'] h2, [data-testid='stMain'] h3",
        "hs => hs.map(h => Number(h.tagName[1]))",
    )
    assert levels and levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_keyboard_path_from_filters_to_an_action(browser, app_url: str) -> None:
    page, _, errors = _offline_page(browser, app_url)
    page.goto(app_url + "/", wait_until="domcontentloaded")
    total = _count(page)
    search = page.get_by_role("textbox", name=textes.FILTRE_TEXTE)
    search.wait_for()
    # Reach the search field with the keyboard only.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.getAttribute('aria-label')") == textes.FILTRE_TEXTE:
            break
    else:
        pytest.fail("le champ de recherche n'est pas atteignable au clavier")
    page.keyboard.type("mezin")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => !document.body.innerText.includes(n + ' actions correspondent')", arg=str(total), timeout=30_000
    )
    assert _count(page) >= 1
    link = page.locator(".atlas-tableau a[href^='/action?id=']")
    link.first.wait_for(timeout=30_000)
    title = link.first.inner_text()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const a = document.activeElement; return a && a.tagName === 'A' ? a.getAttribute('href') : null; }"
        )
        if focused and focused.startswith("/action?id="):
            break
    else:
        pytest.fail("aucun lien vers une action n'est atteignable au clavier")
    pages_before = len(page.context.pages)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.keyboard.press("Enter")  # the atlas's own page opens in the same tab
    page.wait_for_url(re.compile(r"/action\?id=\d+"), timeout=30_000)
    page.get_by_role("heading", level=1, name=title).wait_for(timeout=60_000)
    assert len(page.context.pages) == pages_before
    # A page loaded at a deep address: Streamlit's own probes of /action/_stcore/… answer 404;
    # nothing else may fail.
    assert all("/_stcore/" in url for url in missing), missing
    assert [e for e in errors if "status of 404" not in e] == []


def test_every_external_link_opens_safely(browser, app_url: str) -> None:
    page, _, _ = _offline_page(browser, app_url)
    page.goto(app_url + "/guide", wait_until="domcontentloaded")
    page.get_by_role("heading", name=textes.GUIDE_FICHES).wait_for(timeout=60_000)
    rels = page.eval_on_selector_all(
        "a[href^='http']", "as => as.filter(a => a.host !== location.host).map(a => [a.href, a.rel, a.target])"
    )
    assert rels
    for href, rel, _target in rels:
        assert "noopener" in rel and "noreferrer" in rel, href
