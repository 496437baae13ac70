"""The map's script decodes every shapes file (topology) into one drawn shape per territory."""
from __future__ import annotations

import pytest

from geo.layers import load_layer
from tests.support.browser import MAP_FRAME, _count, _offline_page

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "query, level, departement",
    [("", "departement", None), ("?niveau=region", "region", None), ("?niveau=epci", "epci", None),
     ("?niveau=commune&departement=47", "commune", "47")],
)
def test_every_territory_of_the_layer_is_drawn(browser, app_url: str, geo_cache, query, level, departement) -> None:
    expected = len(load_layer(geo_cache, level, departement=departement))
    page, refused, errors = _offline_page(browser, app_url)
    page.goto(app_url + "/" + query, wait_until="domcontentloaded")
    _count(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(f"#carte[data-atlas-shapes='{expected}']").wait_for(timeout=60_000)
    paths = frame.locator("path.leaflet-interactive").evaluate_all("ps => ps.map(p => p.getAttribute('d') || '')")
    assert len(paths) >= expected
    if level == "commune":  # all in view (overseas shapes elsewhere are clipped away by Leaflet)
        assert sum(1 for d in paths if d.count("L") >= 2) >= expected  # each at least a triangle
    assert frame.locator("#carte").get_attribute("data-atlas-error") is None
    assert refused == [] and errors == []
