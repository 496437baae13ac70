"""The small maps of the territory and action pages, drawn offline in Chromium; a popup link opens the action."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from data import textes
from tests.support.browser import MAP_FRAME, _offline_page

pytestmark = pytest.mark.e2e


def _published(seeded_db: Path, where: str) -> list[int]:
    """Ids of the published actions of the app's database (a copy of ``seeded_db``)."""
    with sqlite3.connect(seeded_db) as conn:
        return [r[0] for r in conn.execute(f"SELECT id FROM actions WHERE statut = 'publiee' AND {where}")]


#: Streamlit's own probes of a deep address (``/action/_stcore/health``) answer 404 before
#: it falls back to ``/_stcore/health``: expected, and the only failures allowed.
PROBE_RE = re.compile(r"^https?://[^/]+/[a-z-]+/_stcore/(health|host-config)$")
PROBE_ERROR = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def _watched(browser, app_url: str):
    """An offline page, its refused requests and its failures other than Streamlit's deep-link probes."""
    page, refused, errors = _offline_page(browser, app_url)
    failed: list[str] = []
    probes: list[str] = []
    page.on("response", lambda r: (probes if PROBE_RE.match(r.url) else failed).append(r.url) if r.status >= 400 else None)

    def problems() -> list[str]:
        others = [e for e in errors if e != PROBE_ERROR]
        return refused + failed + others + ([] if errors.count(PROBE_ERROR) <= len(probes) else ["404 unexplained"])

    return page, problems


def _drawn(page, app_url: str, path: str):
    """Open ``path`` and wait for its map's first complete drawing (shapes and markers)."""
    page.goto(app_url + path, wait_until="domcontentloaded")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("#carte[data-atlas-render]").wait_for(timeout=60_000)
    return frame


def test_territory_page_draws_its_outline_and_its_actions(browser, app_url: str, seeded_db: Path) -> None:
    expected = _published(seeded_db, "departement = '47'")
    assert expected
    page, problems = _watched(browser, app_url)
    frame = _drawn(page, app_url, "/territoire?code=departement:47")
    carte = frame.locator("#carte")
    assert page.locator(MAP_FRAME).count() == 1
    assert int(carte.get_attribute("data-atlas-shapes")) >= 96  # every département is drawn
    assert int(carte.get_attribute("data-atlas-markers")) == len(expected)
    assert frame.locator("path.leaflet-interactive[stroke='#b3261e']").count() == 1  # Lot-et-Garonne outlined
    frame.locator(".atlas-marker, .marker-cluster").first.wait_for(timeout=30_000)
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None and 300 <= box["height"] <= 380

    # A popup link opens the action in the same tab.
    frame.locator(".atlas-marker").first.click()
    frame.locator(".leaflet-popup-content a").click()
    page.wait_for_url(re.compile(r"/action\?id=\d+"), timeout=30_000)
    page.get_by_text(textes.ACTION_SOURCES).first.wait_for(timeout=30_000)
    assert int(page.url.split("id=")[1]) in expected
    assert problems() == []


def test_action_page_draws_one_marker_on_its_commune(browser, app_url: str, seeded_db: Path) -> None:
    (action_id,) = _published(seeded_db, "commune = '47167'")
    page, problems = _watched(browser, app_url)
    frame = _drawn(page, app_url, f"/action?id={action_id}")
    carte = frame.locator("#carte")
    assert carte.get_attribute("data-atlas-markers") == "1"
    assert int(carte.get_attribute("data-atlas-shapes")) > 100  # the communes of Lot-et-Garonne
    frame.locator(".atlas-marker").first.wait_for(timeout=30_000)
    assert frame.locator(".atlas-marker").count() == 1
    assert frame.locator("path.leaflet-interactive[stroke='#b3261e']").count() == 1  # Mézin outlined
    assert problems() == []


def test_on_a_phone_the_territory_map_stays_low(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True, has_touch=True)
    page = context.new_page()
    _drawn(page, app_url, "/territoire?code=commune:47167")
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None and box["height"] <= 380 and box["width"] <= 390
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, overflow
    context.close()
