"""The home map in Chromium: a click on a territory selects it, the view follows the selection,
the overseas départements are one button away."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from data import textes
from tests.support.browser import MAP_FRAME, _count, _offline_page

pytestmark = pytest.mark.e2e

# Markers drawn inside the map's visible box (Leaflet keeps the others off-view or removes them).
VISIBLE_MARKERS = """carte => {
  const box = carte.getBoundingClientRect();
  return [...document.querySelectorAll('.atlas-marker, .marker-cluster, .atlas-count')].filter(m => {
    const r = m.getBoundingClientRect();
    return r.width > 0 && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
  }).length;
}"""


def _ready(page, path: str):
    page.goto(page.app_url + path, wait_until="domcontentloaded")
    _count(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive[data-code]").nth(50).wait_for(state="attached", timeout=60_000)
    frame.locator("#carte[data-atlas-render]").wait_for(timeout=30_000)
    return frame


def _zoom(frame) -> float:
    return float(frame.locator("#carte").get_attribute("data-atlas-zoom"))


def _page(browser, app_url):
    page, refused, errors = _offline_page(browser, app_url)
    page.app_url = app_url
    return page, refused, errors


def test_clicking_a_territory_selects_it_and_offers_its_profile(browser, app_url: str) -> None:
    page, refused, errors = _page(browser, app_url)
    frame = _ready(page, "/")
    assert "departement=" not in page.url
    shape = frame.locator("path.leaflet-interactive[data-code='47']")
    shape.hover()
    frame.get_by_text(textes.CARTE_CLIC_SELECTION).first.wait_for(timeout=10_000)  # the tooltip says it
    shape.dispatch_event("click")
    page.wait_for_url(re.compile(r"[?&]departement=47(&|$)"), timeout=30_000)
    assert re.search(r"[?&]region=75(&|$)", page.url)
    sidebar = page.get_by_test_id("stSidebar")
    # The filters follow: the département and its région.
    expect(sidebar.get_by_label(textes.FILTRE_DEPARTEMENT, exact=True)).to_have_value("Lot-et-Garonne (47)", timeout=30_000)
    expect(sidebar.get_by_label(textes.FILTRE_REGION, exact=True)).to_have_value("Nouvelle-Aquitaine")
    profile = page.get_by_role("link", name=textes.CARTE_PROFIL_SELECTION.format(nom="Lot-et-Garonne (47)"))
    profile.wait_for(timeout=30_000)
    profile.click()
    page.wait_for_url(re.compile(r"/territoire\?code=departement(:|%3A)47"), timeout=30_000)
    page.get_by_role("heading", name="Lot-et-Garonne").first.wait_for(timeout=30_000)
    assert refused == [] and errors == []


def test_the_overseas_buttons_move_the_view_there(browser, app_url: str, geo_cache) -> None:
    from geo.layers import load_layer

    layer = load_layer(geo_cache, "departement")
    west, south, east, north = layer.loc[layer["code"] == "971"].total_bounds
    page, refused, errors = _page(browser, app_url)
    frame = _ready(page, "/")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    buttons = frame.get_by_role("group", name=textes.CARTE_ALLER_A).get_by_role("button")
    names = buttons.all_inner_texts()
    assert names[0] == textes.CARTE_METROPOLE and len(names) == 6
    assert [re.sub(r" \(\d+\)$", "", n) for n in names[1:]] == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    guadeloupe = frame.get_by_role("button", name=re.compile(r"^Guadeloupe \(\d+\)$"))
    assert int(re.search(r"\((\d+)\)", guadeloupe.inner_text()).group(1)) >= 1
    renders = frame.locator("#carte").get_attribute("data-atlas-render")
    guadeloupe.focus()  # a real button: reachable and pressed with the keyboard
    page.keyboard.press("Enter")
    page.wait_for_function(
        """([sel, s, n]) => {
          const f = document.querySelector(sel).contentDocument.getElementById('carte');
          const v = JSON.parse(f.getAttribute('data-atlas-view') || '[[0,0],[0,0]]');
          return v[0][0] < s && v[1][0] > n;
        }""",
        arg=[MAP_FRAME, float(south), float(north)],
        timeout=10_000,
    )
    page.wait_for_timeout(500)  # the markers of the new view are drawn after the move
    (v_south, v_west), (v_north, v_east) = json.loads(frame.locator("#carte").get_attribute("data-atlas-view"))
    assert v_south <= south and v_west <= west and v_north >= north and v_east >= east
    assert v_north - v_south < 5  # Guadeloupe, not the world
    assert frame.locator("#carte").evaluate(VISIBLE_MARKERS) >= 1
    assert frame.locator("#carte").get_attribute("data-atlas-render") == renders  # no rerun
    assert [u for u in requests if "/component/" in u or "_stcore" in u] == []  # nothing downloaded
    frame.get_by_role("button", name=textes.CARTE_METROPOLE).click()
    page.wait_for_function(
        """sel => JSON.parse(document.querySelector(sel).contentDocument.getElementById('carte')
                 .getAttribute('data-atlas-view'))[1][0] > 50""",
        arg=MAP_FRAME,
        timeout=10_000,
    )
    assert refused == [] and errors == []


def test_a_text_search_zooms_to_what_it_finds(browser, app_url: str) -> None:
    page, refused, errors = _page(browser, app_url)
    frame = _ready(page, "/")
    france = _zoom(frame)
    renders = int(frame.locator("#carte").get_attribute("data-atlas-render"))
    search = page.get_by_role("textbox", name=textes.FILTRE_TEXTE)
    search.fill("Mézin")
    search.press("Enter")
    frame.locator(f"#carte[data-atlas-render='{renders + 1}']").wait_for(timeout=30_000)
    page.wait_for_function(
        "([sel, z]) => Number(document.querySelector(sel).contentDocument.getElementById('carte')"
        ".getAttribute('data-atlas-zoom')) > z",
        arg=[MAP_FRAME, france],
        timeout=10_000,
    )
    assert _zoom(frame) >= france + 3  # a village, not France
    # The address alone does the same (a shared link).
    page2, _, errors2 = _page(browser, app_url)
    _ready(page2, "/?texte=mezin")
    page2.wait_for_function(
        "([sel, z]) => Number(document.querySelector(sel).contentDocument.getElementById('carte')"
        ".getAttribute('data-atlas-zoom')) > z + 3",
        arg=[MAP_FRAME, france],
        timeout=10_000,
    )
    assert refused == [] and errors == [] and errors2 == []


def test_the_embedded_map_keeps_its_selection_on_a_click(browser, app_url: str) -> None:
    page, refused, errors = _page(browser, app_url)
    frame = _ready(page, "/?integration=1")
    renders = frame.locator("#carte").get_attribute("data-atlas-render")
    shape = frame.locator("path.leaflet-interactive[data-code='47']")
    shape.hover()
    frame.locator(".leaflet-tooltip").first.wait_for(timeout=10_000)
    assert textes.CARTE_CLIC_SELECTION not in frame.locator(".leaflet-tooltip").first.inner_text()
    shape.dispatch_event("click")
    page.wait_for_timeout(1500)  # a rerun, if the click had sent anything, would have come by now
    assert "departement=" not in page.url
    assert frame.locator("#carte").get_attribute("data-atlas-render") == renders
    assert frame.get_by_role("button", name=re.compile(r"^Guadeloupe \(\d+\)$")).count() == 1
    assert refused == [] and errors == []


@pytest.fixture(scope="module")
def crowded_url(tmp_path_factory, geo_cache, seeded_db, communes):
    """The app on a database with more actions than the map draws one by one (counts per territory)."""
    from components.action_map import POINT_LIMIT
    from data.actions.synthetic import synthetic_actions, write_synthetic
    from data.store.db import make_engine
    from tests.support.app_server import serve_app
    from tests.support.seeded import seeded_copy

    tmp = tmp_path_factory.mktemp("crowded")
    url = seeded_copy(seeded_db, tmp / "crowded.db")
    engine = make_engine(url)
    write_synthetic(engine, synthetic_actions(POINT_LIMIT + 100, communes, seed=5))
    engine.dispose()
    with serve_app(tmp, {"ATLAS_DATABASE_URL": url, "ATLAS_CACHE_DIR": str(geo_cache)}) as served:
        yield served


def test_a_count_offers_the_territory_profile_in_the_same_tab(browser, crowded_url: str) -> None:
    page, refused, errors = _page(browser, crowded_url)
    frame = _ready(page, "/")
    page.get_by_text(re.compile(r"la carte les regroupe par territoire")).first.wait_for(timeout=30_000)
    count = frame.locator(".atlas-count").first
    count.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    name = popup.locator("strong").inner_text()
    assert re.search(r"\d+ actions? documentées?$", popup.inner_text().splitlines()[1])  # words that agree
    profile = popup.get_by_role("link", name=textes.CARTE_VOIR_PROFIL)
    assert re.fullmatch(r"/territoire\?code=departement:\w+", profile.get_attribute("href"))
    profile.click()
    page.wait_for_url(re.compile(r"/territoire\?code=departement(:|%3A)\w+"), timeout=30_000)
    page.get_by_role("heading", name=name).first.wait_for(timeout=30_000)
    assert len(page.context.pages) == 1  # the same tab
    assert refused == [] and errors == []


def test_the_place_in_an_action_popup_opens_its_profile(browser, app_url: str) -> None:
    page, refused, errors = _page(browser, app_url)
    frame = _ready(page, "/?texte=mezin")
    frame.locator(".atlas-marker").first.click()
    popup = frame.locator(".leaflet-popup-content")
    place = popup.get_by_role("link", name="Mézin (47)")
    assert place.get_attribute("href") == "/territoire?code=commune:47167"
    place.click()
    page.wait_for_url(re.compile(r"/territoire\?code=commune(:|%3A)47167"), timeout=30_000)
    page.get_by_role("heading", name="Mézin (47)").first.wait_for(timeout=30_000)
    assert len(page.context.pages) == 1  # the same tab
    assert refused == [] and errors == []
