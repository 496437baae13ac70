"""A contributor in a real browser: signs in on the page itself, the draft's id goes in the
address, a click on the offline map picks the commune, the action is submitted."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from data import textes
from tests.support.app_server import serve_app
from tests.support.seeded import seeded_with_account

pytestmark = pytest.mark.e2e


def _settled_box(page, element, timeout_s: float = 15.0) -> dict:
    """The element's box once the page stopped moving it (two equal reads 100 ms apart)."""
    previous = element.bounding_box()
    for _ in range(int(timeout_s * 10)):
        page.wait_for_timeout(100)
        current = element.bounding_box()
        if current == previous:
            return current
        previous = current
    raise AssertionError("la carte bouge encore")
PASSWORD = "mot de passe de test 123"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def contrib_url(tmp_path_factory, geo_cache: Path, seeded_db: Path) -> Iterator[str]:
    """The app on a free port, with a database holding one contributor account."""
    tmp = tmp_path_factory.mktemp("e2e-contrib")
    url = seeded_with_account(seeded_db, tmp / "contrib.db", "alice", "contributeur", PASSWORD)
    with serve_app(tmp, {"ATLAS_DATABASE_URL": url, "ATLAS_CACHE_DIR": str(geo_cache)}) as base:
        yield base


def test_contributor_journey_with_a_map_click(browser, contrib_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(contrib_url + "/contribuer", wait_until="domcontentloaded")
    page.get_by_text(textes.ROLE_CONNECTEZ_VOUS).wait_for(timeout=60_000)
    page.get_by_label(textes.CONNEXION_IDENTIFIANT).fill("alice")
    page.get_by_label(textes.CONNEXION_MOT_DE_PASSE).fill(PASSWORD)
    page.get_by_role("button", name=textes.CONNEXION_BOUTON).click()

    title = page.get_by_label(textes.CHAMP_LIBELLES["titre"], exact=True)
    title.wait_for(timeout=60_000)
    title.fill("Atelier de cuisine partagée")
    title.press("Tab")
    page.wait_for_url(re.compile(r"brouillon=\d+"), timeout=30_000)
    resume = page.get_by_label(textes.CHAMP_LIBELLES["resume"], exact=True)
    resume.fill("Des habitants cuisinent ensemble chaque mois au centre social.")
    resume.press("Tab")

    page.get_by_text(textes.CONTRIB_LIEU_MODES["carte"]).click()
    frame_element = page.locator(MAP_FRAME)
    frame_element.wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    box = _settled_box(page, frame_element)
    page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.6)  # south-west France
    chosen = page.get_by_text(re.compile(r"Lieu retenu : .+\(\d[\dAB]\)")).first
    chosen.wait_for(timeout=30_000)

    page.get_by_role("button", name=textes.CONTRIB_SOUMETTRE).click()
    page.get_by_text(textes.CONTRIB_SOUMISE).wait_for(timeout=30_000)
    assert "brouillon=" not in page.url
    assert errors == []
    context.close()
