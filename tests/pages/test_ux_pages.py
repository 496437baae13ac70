"""What a new user expects on the pages: territory links, the guide's gaps in their place."""
from __future__ import annotations

import re

from data import textes
from data.config import load_settings
from data.guide.catalogue import fiche_choices, is_confirmed, load_guide
from tests.support.apptest import open_app as _open
from tests.support.apptest import shown_text


def _text(at) -> str:
    return shown_text(at)


def test_profile_lists_confirmed_leads_by_title_and_counts_the_others(make_app) -> None:
    at = _open(make_app, "app_pages/territoire.py", code="departement:47")
    text = _text(at)
    assert re.search(r"Et \d+ autres fiches du guide, dont l'intitulé reste à compléter : voir \[le guide\]\(/guide\)", text)
    assert text.count(textes.FICHE_A_COMPLETER) <= 4  # never the wall of 22 "intitulé à compléter" links
    assert "/territoire?code=region:75" in text  # parents link to their profile


def test_contribution_form_offers_confirmed_fiches_by_title_first() -> None:
    fiches = list(load_guide(load_settings().guide_file).fiches)
    choices = list(fiche_choices(fiches).items())
    confirmed = [f.numero for f in fiches if is_confirmed(f)]
    assert [n for n, _label in choices[: len(confirmed)]] == sorted(confirmed) == [1, 3, 5, 6]
    assert all(textes.FICHE_A_COMPLETER not in label and "—" in label for _n, label in choices[:4])
    assert choices[4] == (2, "Fiche 2 (intitulé non confirmé)") and len(choices) == 26
