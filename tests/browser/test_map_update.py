"""A filter change redraws the home map in place: same frame, no new shapes or libraries, new markers."""
from __future__ import annotations

import re

import pytest

from data import textes
from tests.support.browser import MAP_FRAME, _count, _offline_page

pytestmark = pytest.mark.e2e

MAP_FILES = re.compile(r"\.(json|js|css)(\?|$)")


def _markers(page) -> int:
    return int(page.frame_locator(MAP_FRAME).locator("#carte").get_attribute("data-atlas-markers") or -1)


def test_filter_change_updates_the_map_in_place(browser, app_url: str) -> None:
    page, refused, errors = _offline_page(browser, app_url)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(app_url + "/", wait_until="domcontentloaded")
    total = _count(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").nth(89).wait_for(timeout=60_000)
    frame.locator(".marker-cluster, .atlas-marker").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    first_draw = [u for u in requests if "/component/" in u]
    assert any(u.endswith(".json") for u in first_draw) and any("leaflet" in u for u in first_draw)
    shown = _markers(page)
    assert shown == total
    assert frame.locator("#carte").get_attribute("data-atlas-shapes") == "101"  # every département decoded
    # The frame is marked so that a new one (a remount) would be seen.
    page.locator(MAP_FRAME).evaluate("f => { f.dataset.premier = 'oui'; }")
    renders = int(frame.locator("#carte").get_attribute("data-atlas-render"))
    requests.clear()

    search = page.get_by_role("textbox", name=textes.FILTRE_TEXTE)
    search.fill("ÉSAT")
    search.press("Enter")
    page.wait_for_function(
        "n => !new RegExp(n + ' actions? correspond').test(document.body.innerText)", arg=str(total), timeout=30_000
    )
    filtered = _count(page)
    assert 0 < filtered < total
    frame.locator(f"#carte[data-atlas-render='{renders + 1}']").wait_for(timeout=30_000)
    page.wait_for_timeout(500)

    assert _markers(page) == filtered
    assert page.locator(MAP_FRAME).count() == 1
    assert page.locator(MAP_FRAME).get_attribute("data-premier") == "oui"  # the same frame, not a new one
    assert [u for u in requests if "/component/" in u or MAP_FILES.search(u)] == []
    assert frame.locator("path.leaflet-interactive").count() >= 90  # the shapes stay drawn
    assert refused == [] and errors == []


def test_popup_link_opens_the_action(browser, app_url: str) -> None:
    page, refused, errors = _offline_page(browser, app_url)
    page.goto(app_url + "/?niveau=region", wait_until="domcontentloaded")
    _count(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".atlas-marker, .marker-cluster").first.wait_for(timeout=60_000)
    marker = frame.locator(".atlas-marker").first
    marker.click()
    frame.locator(".leaflet-popup-content").get_by_role("link", name=textes.LIEN_VOIR_ACTION).click()
    page.wait_for_url(re.compile(r"/action\?id=\d+"), timeout=30_000)
    page.get_by_text(textes.ACTION_SOURCES).first.wait_for(timeout=30_000)
    assert refused == [] and errors == []
