"""An empty selection offers a way out: filters to lift, the nearest actions, similar territories with actions."""
from __future__ import annotations

import re

from data import textes
from tests.support.apptest import count_of, html_links, shown_text
from tests.support.apptest import open_app as _open


def test_a_departement_without_action_offers_the_nearest_and_similar_ones(make_app) -> None:
    at = _open(make_app, departement="28")  # Eure-et-Loir: no documented action
    assert count_of(at) == 0
    text = shown_text(at)
    assert textes.VIDE_PLUS_PROCHES.format(lieu="Eure-et-Loir (28)") in text
    assert textes.VIDE_SEMBLABLES.format(lieu="Eure-et-Loir (28)") in text
    links = html_links(at)
    actions = [href for _t, href, _target in links if href.startswith("/action?id=")]
    profiles = [href for _t, href, _target in links if href.startswith("/territoire?code=departement:")]
    assert len(actions) == 5 and len(profiles) >= 1 and "/territoire?code=departement:28" not in profiles
    kms = [int(re.sub(r"\D", "", m)) for m in re.findall(r"à ([\d\u202f ]+) km", text)]
    assert len(kms) == 5 and kms == sorted(kms) and kms[0] < 200  # nearest first, and near
    lift = at.button(key="vide.region")
    assert lift.label.startswith("Retirer le filtre « territoire »")
    lift.click().run()
    assert count_of(at) > 0 and at.selectbox(key="departement").value is None


def test_a_text_with_no_match_in_a_place_offers_to_lift_the_text(make_app) -> None:
    at = _open(make_app, departement="47", texte="zzzqqq")
    assert count_of(at) == 0
    labels = [b.label for b in at.button if b.key and b.key.startswith("vide.")]
    assert any(label.startswith("Retirer le filtre « recherche libre »") for label in labels)
    assert not any(label.startswith("Retirer le filtre « territoire »") for label in labels)  # nothing found without it
    at.button(key="vide.texte").click().run()
    assert count_of(at) > 0 and at.text_input(key="texte").value == ""
