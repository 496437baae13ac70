"""Every page through app.py: renders, filters change the counts, URLs restore filters."""
from __future__ import annotations

import re

import pytest

from components.tables import PAGE_SIZE, page_count
from data import textes
from tests.support.apptest import (
    count_of,
    html_links,
    html_tables,
    page_link_labels,
    page_link_targets,
    shown_text,
)
from tests.support.apptest import open_app as _open


def _shown(at) -> str:
    return shown_text(at)




def test_home_lists_every_published_action(make_app) -> None:
    at = _open(make_app)
    total = count_of(at)
    import yaml

    from data.config import load_settings

    shipped = yaml.safe_load(load_settings().seed_file.read_text(encoding="utf-8"))
    assert total == len(shipped) >= 120  # a fresh database loads every shipped action
    assert [t.value for t in at.title] == [textes.APP_TITLE]
    seen: list[str] = []
    for page in range(1, page_count(total) + 1):
        header, *rows = html_tables(at)[0]
        assert [text for text, _ in header][:2] == [textes.COL_TITRE, textes.COL_LIEU]
        assert len(rows) == min(PAGE_SIZE, total - len(seen))
        assert all(re.fullmatch(r"/action\?id=\d+", row[0][1]) for row in rows)  # the title opens the action
        assert all(re.fullmatch(r"/territoire\?code=(commune|departement|region|epci):[0-9AB]+", row[1][1]) for row in rows)
        seen += [row[0][1] for row in rows]
        if page > 1:
            assert at.query_params["page"] == str(page)  # the page is in the address
        next_page = at.button(key="page.suivante")
        assert next_page.disabled == (page == page_count(total))
        if not next_page.disabled:
            next_page.click().run()
    assert len(set(seen)) == total  # every action once, over the pages
    assert all(target is None for _, _, target in html_links(at))  # internal links stay in the tab
    at.text_input(key="texte").set_value("esat").run()
    assert "page" not in at.query_params  # a new selection starts at its first page


def test_filters_change_counts_and_are_written_to_the_url(make_app) -> None:
    at = _open(make_app)
    total = count_of(at)
    at.text_input(key="texte").set_value("esat").run()
    with_text = count_of(at)
    assert 0 < with_text < total
    assert at.query_params["texte"] == "esat"
    assert len(html_tables(at)[0]) - 1 == min(with_text, PAGE_SIZE)
    at.text_input(key="texte").set_value("ÉSAT").run()
    assert count_of(at) == with_text
    at.text_input(key="texte").set_value("").run()
    at.selectbox(key="region").set_value("75").run()
    in_region = count_of(at)
    assert 0 < in_region < total and at.query_params["region"] == "75"
    at.selectbox(key="departement").set_value("47").run()
    assert 0 < count_of(at) <= in_region
    assert at.selectbox(key="epci") is not None and at.selectbox(key="commune") is not None


def test_url_restores_filters(make_app) -> None:
    at = _open(make_app, departement="47", fiche=["1", "3"], methode="animation-socioculturelle")
    assert at.selectbox(key="departement").value == "47"
    assert at.multiselect(key="fiche").value == [1, 3]
    restored = count_of(at)
    at_plain = _open(make_app)
    at_plain.selectbox(key="departement").set_value("47").run()
    at_plain.multiselect(key="fiche").set_value([1, 3]).run()
    at_plain.multiselect(key="methode").set_value(["animation-socioculturelle"]).run()
    assert count_of(at_plain) == restored >= 1


@pytest.mark.parametrize(
    "query",
    [
        {"departement": "<script>alert(1)</script>"},
        {"commune": "99999", "fiche": ["27", "x", "-1"]},
        {"annee_min": "abc", "annee_max": "1e9", "niveau": "planete"},
        {"texte": "%' OR 1=1 --"},
    ],
)
def test_garbage_in_the_url_is_ignored(make_app, query) -> None:
    at = _open(make_app, **query)
    assert not at.error
    assert count_of(at) >= 0


def test_action_page_shows_everything(make_app) -> None:
    home = _open(make_app, texte="mezin")
    link = html_tables(home)[0][1][0][1]
    action_id = link.split("id=")[1]
    at = _open(make_app, "app_pages/action.py", id=action_id)
    page_text = _shown(at)
    assert "Mézin" in at.title[0].value or "Mézin" in page_text
    # Every territory of the "Territoire" box links to its profile.
    assert "Commune : [Mézin (47)](/territoire?code=commune:47167)" in page_text
    assert "Département : [Lot-et-Garonne (47)](/territoire?code=departement:47)" in page_text
    assert "Région : [Nouvelle-Aquitaine](/territoire?code=region:75)" in page_text
    assert re.search(r"EPCI : \[[^\]]+\]\(/territoire\?code=epci:\d{9}\)", page_text)
    links = page_link_targets(at)  # internal links stay in the tab
    assert "/fiche?numero=1" in links
    assert any(textes.ORIGINE_LIEN_LIBELLES["annexe"] in label for label in page_link_labels(at))
    assert textes.PROVENANCE_LIBELLES["documentee"] in page_text
    assert "https://" in page_text
    assert [s.value for s in at.subheader].count(textes.ACTION_PROCHES) == 1


@pytest.mark.parametrize("raw", ["abc", "999999", "-1", "", "²", "٣"])
def test_action_page_refuses_bad_ids_in_french(make_app, raw) -> None:
    at = _open(make_app, "app_pages/action.py", id=raw)
    assert at.error and at.error[0].value in (textes.ACTION_ID_INVALIDE, textes.ACTION_INTROUVABLE)


def test_guide_page_lists_fiches_methods_and_illustrations(make_app) -> None:
    at = _open(make_app, "app_pages/guide.py")
    header, *fiches = html_tables(at)[0]
    assert [row[0][0] for row in fiches] == [str(n) for n in range(1, 27)]
    assert [row[1][0] for row in fiches].count(textes.FICHE_A_COMPLETER) == 22
    assert all(row[1][1] == f"/fiche?numero={n}" for n, row in enumerate(fiches, start=1))  # same-tab links
    assert int(fiches[2][3][0]) > 0 and fiches[1][3][0] == "0"  # actions per fiche: fiche 3 has some, fiche 2 none
    expanders = [e.label for e in at.expander]
    assert any(label.startswith("Théâtre forum") for label in expanders)
    assert not any(label.endswith("— " + textes.COMPTE_ACTIONS.format(n=0)) for label in expanders)  # 12 methods used
    text = _shown(at)
    assert "Un ESAT pour personnes handicapées psychiques redonne vie à un village" in text


def test_fiche_pages(make_app) -> None:
    confirmed = _open(make_app, "app_pages/fiche.py", numero="3")
    assert "La participation des personnes" in confirmed.title[0].value
    assert any(t.startswith("/action?id=") for t in page_link_targets(confirmed))
    unconfirmed = _open(make_app, "app_pages/fiche.py", numero="2")
    assert textes.FICHE_A_COMPLETER in unconfirmed.title[0].value
    assert any(c.value == textes.FICHE_AUCUNE_ACTION for c in unconfirmed.caption)
    bad = _open(make_app, "app_pages/fiche.py", numero="27")
    assert bad.error[0].value == textes.FICHE_INVALIDE


def test_a_write_from_another_process_shows_at_the_next_run(make_app, communes) -> None:
    """Cached reads follow the database's data version: no cache call, no 30 s wait."""
    import os

    from data.actions.synthetic import synthetic_actions, write_synthetic
    from data.store.db import make_engine

    at = _open(make_app)
    before = count_of(at)
    engine = make_engine(os.environ["ATLAS_DATABASE_URL"])
    write_synthetic(engine, synthetic_actions(3, communes, seed=3))
    at.run()
    assert count_of(at) == before + 3


def test_embed_view_has_only_the_map_and_the_home_gives_its_code(make_app) -> None:
    from components.embed_view import iframe_code

    at = make_app(integration="1", departement="47")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.sidebar.children or all(not c.children for c in at.sidebar.children)  # no filters, no menu
    assert any("1 action" in m.value for m in at.markdown)
    assert not at.expander  # the embed box is for the full atlas only
    home = make_app(departement="47", fiche="3")
    home.run()
    box = next(e for e in home.expander if e.label == textes.INTEGRER_TITRE)
    assert not box.code  # closed: nothing computed nor sent
    home.session_state["integrer"] = True  # the visitor opens it
    home.run()
    box = next(e for e in home.expander if e.label == textes.INTEGRER_TITRE)
    code = box.code[0].value
    assert code.startswith("<iframe ") and "integration=1" in code and "departement=47" in code and "fiche=3" in code
    hostile = iframe_code("https://atlas.exemple.fr", {"texte": ['"><script>'], "x": ["1"]})
    assert "<script>" not in hostile and "%22%3E%3Cscript%3E" in hostile and "x=1" not in hostile


def test_a_page_run_moves_the_long_lived_objects_out_of_the_collectors_scans(make_app) -> None:
    import gc

    at = make_app()
    at.run()
    assert not at.exception
    # Streamlit collects garbage after every run; frozen objects are no longer scanned each time.
    assert gc.get_freeze_count() > 10_000
