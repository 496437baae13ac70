"""One journey in a real browser with every outside host refused."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from data import textes

pytestmark = pytest.mark.e2e
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
COUNT_RE = re.compile(r"(\d+) action\(s\) correspondent")


def _offline_page(browser, app_url: str):
    """A page whose requests to any host but the app's are refused and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    app_host = urlsplit(app_url).netloc
    refused: list[str] = []
    errors: list[str] = []

    def guard(route) -> None:
        if urlsplit(route.request.url).netloc == app_host:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, refused, errors


def _count(page) -> int:
    heading = page.get_by_text(COUNT_RE).first
    heading.wait_for(timeout=60_000)
    return int(COUNT_RE.search(heading.inner_text()).group(1))


def test_map_draws_offline_and_url_restores_filters(browser, app_url: str) -> None:
    page, refused, errors = _offline_page(browser, app_url)
    page.goto(app_url + "/", wait_until="domcontentloaded")
    total = _count(page)
    assert total >= 40

    frame_element = page.locator(MAP_FRAME)
    frame_element.wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    frame.locator("path.leaflet-interactive").nth(89).wait_for(timeout=30_000)
    assert frame.locator("path.leaflet-interactive").count() >= 90
    frame.locator(".marker-cluster, .atlas-marker").first.wait_for(timeout=30_000)
    box = frame_element.bounding_box()
    assert box is not None and box["height"] > 300

    search = page.get_by_role("textbox", name=textes.FILTRE_TEXTE)
    search.fill("ÉSAT")
    search.press("Enter")
    page.wait_for_url(re.compile(r"texte="), timeout=30_000)
    page.wait_for_function(
        "n => !document.body.innerText.includes(n + ' action(s) correspondent')", arg=str(total), timeout=30_000
    )
    filtered = _count(page)
    assert 0 < filtered < total

    again, refused_again, errors_again = _offline_page(browser, app_url)
    again.goto(page.url, wait_until="domcontentloaded")
    assert _count(again) == filtered
    assert again.get_by_role("textbox", name=textes.FILTRE_TEXTE).input_value() == "ÉSAT"

    assert refused == [] and refused_again == []
    assert errors == [] and errors_again == []
