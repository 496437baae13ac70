"""What the home map is told for a selection: where to look, the overseas buttons and their counts."""
from __future__ import annotations

import ast

import pytest
from streamlit.testing.v1 import AppTest


def _script(params: dict) -> None:
    import streamlit as st

    from components import cache, stores
    from components.action_map import home_view
    from components.filters import MapChoice
    from data.actions.url_filter import action_filter

    selection = action_filter(params, stores.guide(), stores.territories(), cache.year_bounds())
    view = home_view(selection, MapChoice(params.get("niveau", ["departement"])[0], None, "quantiles"), params)
    rows = cache.actions(selection)
    by_departement = {str(k): int(v) for k, v in rows["departement"].dropna().value_counts().items()}
    args = view.map_args
    st.text(
        repr(
            {
                "bounds": args["bounds"],
                "level": args["level"],
                "overseas": [(b.get("code"), b["label"], b["bounds"]) for b in args["overseas"]],
                "total": view.total,
                "overseas_total": view.overseas,
                "counts": [(c["level"], c["code"], c["count"], c["text"], c["profile"]) for c in args["counts"]],
                "by_departement": by_departement,
                "points": [p[:2] for p in args["points"]] + [[c["lat"], c["lon"]] for c in args["counts"]],
                "territory_bounds": cache.bounds("departement", "47"),
                "france": __import__("components.map", fromlist=["FRANCE_BOUNDS"]).FRANCE_BOUNDS,
            }
        )
    )


def _view(make_app, **params) -> dict:
    make_app()  # a seeded database and the shared geodata cache for this test
    at = AppTest.from_function(_script, args=({k: [v] for k, v in params.items()},), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return ast.literal_eval(at.text[0].value)


def _inside(bounds, point) -> bool:
    (south, west), (north, east) = bounds
    return south <= point[0] <= north and west <= point[1] <= east


def test_everything_shows_france_and_counts_every_overseas_action(make_app) -> None:
    out = _view(make_app)
    assert out["bounds"] == out["france"]
    labels = [label for _, label, _ in out["overseas"]]
    assert labels[0] == "France métropolitaine"
    codes = [code for code, _, _ in out["overseas"][1:]]
    assert codes == ["971", "972", "973", "974", "976"]
    for code, label, _ in out["overseas"][1:]:
        assert label.endswith(f"({out['by_departement'].get(code, 0)})"), (code, label)
    assert sum(out["by_departement"].get(c, 0) for c in codes) >= 5  # the seed documents actions overseas
    assert out["overseas_total"] == sum(out["by_departement"].get(c, 0) for c in codes)  # said under the count
    assert out["level"] == "departement"  # shapes are clickable on the home map


def test_a_text_search_zooms_to_what_it_finds(make_app) -> None:
    out = _view(make_app, texte="mezin")
    assert out["total"] >= 1
    (south, west), (north, east) = out["bounds"]
    assert north - south < 1 and east - west < 1
    assert all(_inside(out["bounds"], p) for p in out["points"])
    assert out["overseas"][1][1].endswith("(0)")  # counts follow the selection, zeros shown


def test_a_territory_filter_zooms_to_the_territory(make_app) -> None:
    out = _view(make_app, departement="47")
    assert out["bounds"] == out["territory_bounds"]


@pytest.mark.parametrize("params", [{"methode": "action-collective-territoriale"}, {"annee_min": "2015"}])
def test_a_france_wide_filter_keeps_the_metropolitan_view(make_app, params) -> None:
    out = _view(make_app, **params)
    (south, west), (north, east) = out["bounds"]
    assert south > 40 and north < 52 and west > -6 and east < 11  # never the whole world
    metropolitan = [p for p in out["points"] if 41 <= p[0] <= 52 and -6 <= p[1] <= 10]
    assert metropolitan and all(_inside(out["bounds"], p) for p in metropolitan)
    assert len(metropolitan) < len(out["points"])  # the selection has overseas actions too


def test_counts_per_territory_keep_overseas_counts_and_the_metropolitan_view(make_app, monkeypatch) -> None:
    from components import action_map

    monkeypatch.setattr(action_map, "POINT_LIMIT", 10)  # a small limit: counts per territory (restored after)
    out = _view(make_app, niveau="region", annee_min="1990")
    assert out["total"] > 10 and out["counts"] and len(out["points"]) == len(out["counts"])  # only counts per région
    assert sum(out["by_departement"].get(code, 0) for code, _, _ in out["overseas"][1:]) > 0
    # Each count links to its territory's profile and says its number in words that agree.
    for level, code, count, text, profile in out["counts"]:
        assert level == "region" and profile == f"/territoire?code=region:{code}"
        assert text == f"{count} action documentée" if count == 1 else text == f"{count} actions documentées"
    for code, label, _ in out["overseas"][1:]:
        assert label.endswith(f"({out['by_departement'].get(code, 0)})"), (code, label)
    (south, west), (north, east) = out["bounds"]
    assert south > 40 and north < 52 and west > -6 and east < 11


def test_a_chosen_territory_offers_its_profile_next_to_the_map(make_app) -> None:
    at = make_app(departement="47")
    at.run()
    assert not at.exception, at.exception
    links = [(el.proto.label, el.proto.page, el.proto.query_string) for el in at.get("page_link")]
    offers = [link for link in links if link[0].startswith("Voir le profil de ")]
    from components.markdown import md_escape

    assert len(offers) == 1 and md_escape("Lot-et-Garonne") in offers[0][0] and "code=departement%3A47" in offers[0][2]


def test_no_territory_no_profile_offer(make_app) -> None:
    at = make_app(texte="mezin")
    at.run()
    assert not at.exception, at.exception
    assert not [el for el in at.get("page_link") if el.proto.label.startswith("Voir le profil de ")]


def test_a_profile_clicked_in_a_popup_opens_in_the_same_tab(make_app) -> None:
    at = make_app()
    at.run()
    at.session_state["carte.profil_a_ouvrir"] = ("departement", "47")  # what follow_map_link notes
    at.run()
    assert not at.exception, at.exception
    from components.markdown import md_escape

    assert at.title[0].value == md_escape("Lot-et-Garonne (47)")  # the profile page, not the map
    assert "carte.profil_a_ouvrir" not in at.session_state
