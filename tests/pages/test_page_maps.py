"""The small maps of the territory, action and fiche pages: one map each, the right points, outline and view."""
from __future__ import annotations

import json
import math
import os

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from components.map import FRANCE_BOUNDS, MAP_FRAME_TITLE, MAP_HEIGHT
from data import textes
from tests.support.apptest import open_app

OVERSEAS = "(departement LIKE '97%' OR region IN ('01', '02', '03', '04', '06'))"


def _ids(where: str, **params: str) -> set[int]:
    """Ids of published actions matching ``where``, read straight from the app's database."""
    engine = sa.create_engine(os.environ["ATLAS_DATABASE_URL"])
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT id FROM actions WHERE statut = 'publiee' AND {where}"), params)
        found = {r[0] for r in rows}
    engine.dispose()
    return found


def _maps(at: AppTest) -> list[tuple[str, dict]]:
    """(element id, arguments) of every map drawn on the page."""
    return [
        (e.proto.id, json.loads(e.proto.json_args))
        for e in at.get("component_instance")
        if e.proto.component_name == MAP_FRAME_TITLE
    ]


def _one_map(at: AppTest, key: str) -> dict:
    maps = _maps(at)
    assert len(maps) == 1, [m[0] for m in maps]
    element_id, args = maps[0]
    assert element_id.endswith("-" + key) and not element_id.endswith("-carte")  # never the home map's key
    assert 300 <= args["height"] <= 380 < MAP_HEIGHT
    return args


def _shape_bounds(geo_cache, level: str, code: str, departement: str | None = None) -> list[list[float]]:
    from geo.layers import load_layer

    layer = load_layer(geo_cache, level, departement=departement)
    minx, miny, maxx, maxy = layer.loc[layer["code"] == code].total_bounds
    return [[miny, minx], [maxy, maxx]]


def _close(a: list[list[float]], b: list[list[float]]) -> bool:
    return all(math.isclose(x, y, abs_tol=1e-6) for pa, pb in zip(a, b) for x, y in zip(pa, pb))


@pytest.mark.parametrize(
    ("level", "code", "column", "layer"),
    [
        ("departement", "47", "departement", "departement."),
        ("region", "75", "region", "region."),
        ("commune", "47167", "commune", "commune-47."),
    ],
)
def test_territory_page_outlines_the_territory_with_its_actions(make_app, geo_cache, level, code, column, layer) -> None:
    at = open_app(make_app, "app_pages/territoire.py", code=f"{level}:{code}")
    args = _one_map(at, "carte.territoire")
    expected = _ids(f"{column} = :code", code=code)
    assert expected  # the seed has actions there: the test can fail
    assert {p[2] for p in args["points"]} == expected and len(args["points"]) == len(expected)
    assert args["selected"] == code
    assert args["shapes"].split("/")[-1].startswith(layer)
    assert _close(args["bounds"], _shape_bounds(geo_cache, level, code, "47" if level == "commune" else None))
    # The region's map shows more than the département's: the points follow the territory.
    if level == "region":
        assert len(expected) > len(_ids("departement = '47'"))


def test_epci_page_draws_the_epci_layer(make_app, geo_cache) -> None:
    at = open_app(make_app)
    engine = sa.create_engine(os.environ["ATLAS_DATABASE_URL"])
    with engine.connect() as conn:
        epci = conn.execute(sa.text("SELECT epci FROM actions WHERE commune = '47167'")).scalar_one()
    engine.dispose()
    at = open_app(make_app, "app_pages/territoire.py", code=f"epci:{epci}")
    args = _one_map(at, "carte.territoire")
    assert args["selected"] == epci and args["shapes"].split("/")[-1].startswith("epci.")
    assert {p[2] for p in args["points"]} == _ids("epci = :code", code=epci) != set()
    assert _close(args["bounds"], _shape_bounds(geo_cache, "epci", epci))


def test_action_page_shows_its_place(make_app, geo_cache) -> None:
    (action_id,) = _ids("commune = '47167'")
    at = open_app(make_app, "app_pages/action.py", id=str(action_id))
    args = _one_map(at, "carte.action")
    assert [p[2] for p in args["points"]] == [action_id]
    assert args["selected"] == "47167" and args["shapes"].split("/")[-1].startswith("commune-47.")
    assert _close(args["bounds"], _shape_bounds(geo_cache, "commune", "47167", "47"))
    assert textes.ACTION_NON_LOCALISEE not in [c.value for c in at.caption]


def test_fiche_page_maps_its_actions_and_counts_the_overseas_ones(make_app) -> None:
    at = open_app(make_app, "app_pages/fiche.py", numero="3")
    args = _one_map(at, "carte.fiche")
    linked = "id IN (SELECT action_id FROM action_fiches WHERE fiche_numero = 3)"
    assert {p[2] for p in args["points"]} == _ids(linked)
    assert args["bounds"] == FRANCE_BOUNDS and args["selected"] is None
    assert args["shapes"].split("/")[-1].startswith("departement.")
    overseas = len(_ids(f"{linked} AND {OVERSEAS}"))
    assert overseas >= 2
    captions = [c.value for c in at.caption]
    assert any(c.startswith(f"{overseas} actions reliées à cette fiche se situent outre-mer (") for c in captions), captions
    assert any("Guyane" in c and "Mayotte" in c for c in captions)


def test_fiche_without_action_has_no_map_and_no_overseas_line(make_app) -> None:
    at = open_app(make_app, "app_pages/fiche.py", numero="2")
    assert _maps(at) == []
    assert not any("outre-mer" in c.value for c in at.caption)


def test_metropolitan_fiche_map_has_no_overseas_line(make_app) -> None:
    for numero in range(1, 27):
        linked = f"id IN (SELECT action_id FROM action_fiches WHERE fiche_numero = {numero})"
        if _ids(linked) and not _ids(f"{linked} AND {OVERSEAS}"):
            break
    else:
        pytest.fail("no fiche with only metropolitan actions in the seed")
    at = open_app(make_app, "app_pages/fiche.py", numero=str(numero))
    assert len(_one_map(at, "carte.fiche")["points"]) == len(_ids(linked))
    assert not any("outre-mer" in c.value for c in at.caption)


def _unlocated_script() -> None:
    import dataclasses

    import streamlit as st

    from components import cache
    from components.page_maps import action_map
    from data.actions.models import ActionFilter

    found = cache.actions(ActionFilter(commune="47167"))
    stored = cache.action(int(found["id"].iloc[0]))
    action_map(dataclasses.replace(stored, lat=float("nan"), lon=float("nan")))
    st.text("fin")


def test_an_action_without_coordinates_has_a_caption_and_no_map(make_app) -> None:
    at = AppTest.from_function(_unlocated_script, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [c.value for c in at.caption] == [textes.ACTION_NON_LOCALISEE]
    assert _maps(at) == [] and at.text[0].value == "fin"


def _click_script() -> None:
    import streamlit as st

    from components.page_maps import TERRITORY_MAP_KEY, _note_clicked_action

    _note_clicked_action(TERRITORY_MAP_KEY)
    st.text(repr(st.session_state.get("carte.page.action_a_ouvrir")))


@pytest.mark.parametrize(
    ("value", "noted"),
    [
        ({"action": 12, "n": 1}, "12"),
        ({"action": "12; DROP TABLE actions", "n": 1}, "None"),
        ({"action": True, "n": 1}, "None"),
        ({"action": -3, "n": 1}, "None"),
        ({"territoire": ["departement", "47"], "n": 1}, "None"),
        ("n'importe quoi", "None"),
    ],
)
def test_a_popup_link_value_is_checked_before_it_is_noted(make_app, value, noted) -> None:
    at = AppTest.from_function(_click_script, default_timeout=120)
    at.session_state["carte.territoire"] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text[0].value == noted


def test_a_noted_action_opens_in_the_same_tab(make_app) -> None:
    (action_id,) = _ids("commune = '47167'")
    at = open_app(make_app, "app_pages/territoire.py", code="departement:47")
    at.session_state["carte.page.action_a_ouvrir"] = action_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Mézin" in at.title[0].value
    assert textes.ACTION_SOURCES in [s.value for s in at.subheader]
    assert _one_map(at, "carte.action")["points"][0][2] == action_id
