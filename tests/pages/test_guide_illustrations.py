"""The guide page lists every annex illustration with its fiches; only located ones link to an action."""
from __future__ import annotations

from data import textes
from data.config import load_settings
from data.guide.catalogue import load_guide
from tests.support.apptest import open_app as _open
from tests.support.apptest import page_link_labels, page_link_targets, shown_blocks

GUIDE = load_guide(load_settings().guide_file)


def test_illustrations_show_their_fiches_and_a_place_or_lieu_non_identifie(make_app) -> None:
    at = _open(make_app, "app_pages/guide.py")
    blocks = shown_blocks(at)
    for item in GUIDE.illustrations:
        index = blocks.index(f"**{item.titre}**")
        place_line = blocks[index + 1]
        assert place_line.startswith(item.lieu or textes.ILLUSTRATION_LIEU_INCONNU)
        for numero in item.fiches:
            assert f"/fiche?numero={numero}" in blocks[index + 1]
        if item.slug != "esat-village":
            assert item.lieu is None
    # Only the located illustration (Mézin's ESAT) links to an action, in the same tab.
    mezin = [label for label in page_link_labels(at) if "Mézin" in label]
    assert mezin and any(target.startswith("/action?id=") for target in page_link_targets(at))
    assert [c.value for c in at.caption].count(textes.METHODE_AUCUNE_ACTION) == len(GUIDE.illustrations) - 1
