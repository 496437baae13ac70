"""A link clicked in a map popup: the value sent by the browser is checked before it selects anything."""
from __future__ import annotations

import ast

import pytest
from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from components.action_map import follow_map_link

    follow_map_link()
    names = ("region", "departement", "epci", "commune", "carte.action_a_ouvrir")
    st.text(repr({k: st.session_state.get(k) for k in names}))


def _after(value) -> dict:
    at = AppTest.from_function(_script, default_timeout=120)
    at.session_state["carte"] = value
    at.run()
    assert not at.exception, at.exception
    return ast.literal_eval(at.text[0].value)


def test_a_count_link_selects_the_territory_and_its_parents(make_app) -> None:
    out = _after({"territoire": ["departement", "47"], "n": 1})
    assert out["departement"] == "47" and out["region"] == "75" and out["commune"] is None
    out = _after({"territoire": ["commune", "47169"], "n": 2})
    assert out["commune"] == "47169" and out["departement"] == "47" and out["region"] == "75"


def test_an_action_link_is_remembered_for_the_page(make_app) -> None:
    assert _after({"action": 12, "n": 1})["carte.action_a_ouvrir"] == 12


@pytest.mark.parametrize(
    "value",
    [
        {"territoire": ["departement", "<script>"], "n": 1},
        {"territoire": ["pays", "FR"], "n": 1},
        {"territoire": "departement:47", "n": 1},
        {"action": "12; DROP TABLE actions", "n": 1},
        {"action": True, "n": 1},
        {"action": -3, "n": 1},
        "n'importe quoi",
        None,
    ],
)
def test_anything_else_from_the_browser_is_ignored(make_app, value) -> None:
    assert _after(value) == dict.fromkeys(("region", "departement", "epci", "commune", "carte.action_a_ouvrir"))


def test_a_profile_link_is_remembered_for_the_page(make_app) -> None:
    at = AppTest.from_function(_script_profile, default_timeout=120)
    at.session_state["carte"] = {"profil": ["departement", "47"], "n": 3}
    at.run()
    assert not at.exception, at.exception
    assert ast.literal_eval(at.text[0].value) == ("departement", "47")


@pytest.mark.parametrize(
    "value",
    [
        {"profil": ["departement", "999"], "n": 1},
        {"profil": ["pays", "FR"], "n": 1},
        {"profil": "departement:47", "n": 1},
        {"profil": ["departement", 47], "n": 1},
    ],
)
def test_a_profile_link_naming_no_territory_is_ignored(make_app, value) -> None:
    at = AppTest.from_function(_script_profile, default_timeout=120)
    at.session_state["carte"] = value
    at.run()
    assert not at.exception, at.exception
    assert ast.literal_eval(at.text[0].value) is None


def _script_profile() -> None:
    import streamlit as st

    from components.action_map import follow_map_link

    follow_map_link()
    st.text(repr(st.session_state.get("carte.profil_a_ouvrir")))
