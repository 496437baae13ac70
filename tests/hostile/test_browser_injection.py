"""Hostile texts in a real browser (Debian Chromium, outside hosts refused): the map's popups
and tooltips, the action pages, the guide, fiches, a territory, garbage addresses and the
moderation queue. Nothing runs: 0 dialogs (two canaries prove the counter works), no
injected element, no request an injected ``<img src=x>`` would make, no console error."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile import catalogue as cat
from tests.hostile.browser import (
    LEGACY_SOURCE,
    hostile_env,
    prepare_site,
    summary,
    visit_site,
)
from tests.support.app_server import serve_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, geo_cache: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """A second server whose database holds the hostile actions (seeded before it starts)."""
    tmp = tmp_path_factory.mktemp("hostile-e2e")
    env = hostile_env(tmp, geo_cache)
    ids = prepare_site(env)
    with serve_app(tmp, env) as url:
        yield url, ids


@pytest.fixture(scope="module")
def visit(browser, hostile_site):
    url, ids = hostile_site
    return visit_site(browser, url, ids)


def test_no_script_runs_anywhere(visit) -> None:
    figures = summary(visit)
    assert visit.dialogs == ["canari-page", "canari-carte"], visit.dialogs
    assert visit.injected_elements == [] and visit.injected_requests == []
    assert figures["scripts_run"] == 0
    assert visit.refused == [] and visit.unexpected_errors == []
    assert figures["pages"] >= 15


def test_popups_show_the_payloads_as_text(visit) -> None:
    assert len(visit.popups) == 5
    shown = "\n".join(visit.popups)
    for payload in cat.BROWSER_PAYLOADS[:4]:
        assert payload.strip("`") in shown, payload  # the titles, as typed


def test_indicator_legend_shows_the_payloads_as_text(visit) -> None:
    assert "<img src=x onerror=alert(31)> Indicateur" in visit.legend
    assert "`${alert(33)}`" in visit.legend and '"><svg onload=alert(32)>' in visit.legend


def test_old_javascript_source_is_never_a_link(browser, hostile_site) -> None:
    url, ids = hostile_site
    page = browser.new_page()
    try:
        page.goto(f"{url}/action?id={ids['hostile-lille']}", wait_until="domcontentloaded")
        page.get_by_text(LEGACY_SOURCE[1]).first.wait_for(timeout=60_000)
        assert page.get_by_role("link", name=LEGACY_SOURCE[1]).count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        assert page.get_by_role("heading", name=cat.BROWSER_PAYLOADS[1]).count() == 1  # the title, as text
    finally:
        page.close()
