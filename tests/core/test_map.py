"""The map's HTML: local assets only, no data text parsed as HTML, points and counts."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from components import map as map_module
from components.choropleth import make_choropleth
from components.map import MapContent, action_points, escape, map_args
from data.indicators.catalogue import Indicator

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> `${alert(3)}` </script>"


def _actions(title: str = HOSTILE) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": 7, "titre": title, "lat": 44.05, "lon": 0.26, "annee_debut": 1993, "annee_fin": None},
            {"id": 8, "titre": "Deuxième", "lat": 46.58, "lon": 0.34, "annee_debut": None, "annee_fin": None},
        ]
    )


LIBS = {"css": ["../a.couches/leaflet.0123456789ab.css"], "js": ["../a.couches/leaflet.0123456789ab.js"]}


def _args(content: MapContent, **kwargs) -> dict:
    return map_args("../a.couches/departement.0123456789ab.json", content, LIBS, **kwargs)


def test_escape_covers_html_and_js_template_characters() -> None:
    out = escape(HOSTILE)
    for raw in ("<", ">", "`", "${", '"'):
        assert raw not in out
    assert "&lt;script&gt;" in out and "&#96;" in out and "&#36;" in out


def test_hostile_text_is_only_data_and_the_browser_writes_it_as_text() -> None:
    args = _args(action_points(_actions(), {7: (HOSTILE, HOSTILE)}))
    assert args["points"][0][3] == HOSTILE  # carried as a JSON string, never as markup
    assert args["lookup"]["places"][args["points"][0][4]][0] == HOSTILE
    script = (Path(map_module.__file__).with_name("carte") / "carte.js").read_text(encoding="utf-8")
    assert "textContent" in script and "innerHTML" not in script and "insertAdjacentHTML" not in script
    # The only markup the script builds are two fixed strings and a number.
    assert re.findall(r"html: ([^,}]+)", script) == ["String(Number(c.count))", "'<div class=\"atlas-marker\"></div>'"]


def test_only_local_assets_named_by_content() -> None:
    args = _args(action_points(_actions("Titre"), {}))
    assert args["libs"] == LIBS and args["shapes"].endswith(".json")
    folder = Path(map_module.__file__).with_name("carte")
    page = (folder / "index.html").read_text(encoding="utf-8") + (folder / "carte.js").read_text(encoding="utf-8")
    for host in ("http:", "https:", "//cdn", "jsdelivr", "unpkg", "tile."):
        assert host not in page
    assert "<script>" not in page  # no inline script (a Content-Security-Policy may forbid them)


def test_library_copies_carry_their_hash(tmp_path) -> None:
    from components.assets import home_map_libraries

    files = home_map_libraries(str(tmp_path))
    assert [n.split(".")[0] for n in files["js"]] == ["leaflet", "leaflet"]
    for name in files["css"] + files["js"]:
        data = (tmp_path / name).read_bytes()
        assert name.split(".")[-2] == hashlib.sha256(data).hexdigest()[:12]


def test_points_carry_what_the_popup_shows() -> None:
    content = action_points(_actions("Titre"), {7: ("Mézin (47)", "Théâtre forum")})
    points, lookup = content.points, content.lookup
    assert points[0][:4] == [44.05, 0.26, 7, "Titre"]  # 4 decimals: about 10 m
    assert lookup["places"][points[0][4]][0] == "Mézin (47)"
    assert lookup["years"][points[0][5]] == "depuis 1993" and lookup["years"][points[1][5]] == "années non précisées"
    assert lookup["methods"][points[0][6]] == "Théâtre forum"
    json.dumps(points)  # plain numbers and strings


def test_choropleth_colours_and_legend_are_data() -> None:
    indicator = Indicator("densite", "Densité <b>", "", "hab./km²", "territoire", "integre", "Source & co", "ratio")
    values = pd.Series({"47": 61.8, "24": 44.8, "33": 170.0, "75": float("nan")})
    choro = make_choropleth(indicator, values, "quantiles", "2021")
    assert set(choro.colors) == {"47", "24", "33"}
    args = _args(MapContent(), choropleth=choro)
    legend = args["choropleth"]["legend"]
    assert legend["title"] == "Densité <b>" and legend["unit"] == "hab./km²"
    assert "Source & co (2021)" in legend["source"]
    assert legend["absent"] == "Donnée absente ou secrète"
    assert [c[0] for c in legend["classes"]] and all(c[0].startswith("#") for c in legend["classes"])
    assert json.dumps(args)  # plain JSON, nothing else


def test_home_map_points_carry_the_profile_of_their_place() -> None:
    frame = _actions("Titre").assign(niveau_lieu=["commune", "pays"], code_lieu=["47169", "FR"])
    content = action_points(frame, {7: ("Mézin (47)", "")}, profiles=True)
    places = content.lookup["places"]
    assert places[content.points[0][4]] == ["Mézin (47)", "commune", "47169"]
    assert places[content.points[1][4]] == [""]  # no known level: no link
    assert _args(content)["profileUrl"] == "/territoire?code={level}:{code}"  # the browser fills level and code
    plain = action_points(frame, {})
    assert all(len(place) == 1 for place in plain.lookup["places"])  # other maps: no profile links


def test_texts_shared_by_many_points_travel_once() -> None:
    frame = pd.DataFrame(
        {"id": range(1, 1001), "titre": [f"Action {i}" for i in range(1000)], "lat": 44.0, "lon": 0.3,
         "annee_debut": 2010, "annee_fin": None, "niveau_lieu": "commune", "code_lieu": "47169"}
    )
    content = action_points(frame, dict.fromkeys(range(1, 1001), ("Mézin (47)", "Théâtre forum")), profiles=True)
    assert len(content.points) == 1000 and {p[4] for p in content.points} == {0}
    assert len(content.lookup["places"]) == 1 and content.lookup["years"] == ["depuis 2010"]
    assert json.dumps(content.points).count("Mézin") == 0


@pytest.mark.parametrize(
    "value, expected",
    [({"action": 12, "n": 1}, 12), ({"action": True}, None), ({"action": 0}, None), ({"action": -3}, None),
     ({"action": "12"}, None), ({"action": 1.5}, None), ({"profil": ["departement", "47"]}, None), ("12", None), (None, None)],
)
def test_a_clicked_action_is_only_a_plain_positive_integer(value: object, expected: int | None) -> None:
    from components.map import clicked_action

    assert clicked_action(value) == expected
