"""The shapes files served to the browser: named by content, shared borders once, drawing kept."""
from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np
import pytest
import shapely

from geo.layers import load_layer
from geo.webfiles import QUANTA, ensure_layer_file, layer_base_name, layer_text
from tests.support.shapes import read_shapes

LAYERS = [("departement", None), ("region", None), ("epci", None), ("commune", "47"), ("commune", "59")]


def _uses(data: dict) -> Counter:
    """How many times each arc is used (either direction), over all rings of the file."""
    return Counter(i if i >= 0 else ~i for _, _, polygons in data["f"] for rings in polygons for ring in rings for i in ring)


def test_file_name_carries_the_content_hash(geo_cache) -> None:
    path = ensure_layer_file(geo_cache, "departement")
    assert path.name.startswith("departement.") and path.suffix == ".json"
    assert path.name.split(".")[1] == hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    assert ensure_layer_file(geo_cache, "departement") == path  # written once
    assert layer_text(geo_cache, "departement") == path.read_text(encoding="utf-8")  # same input, same bytes


@pytest.mark.parametrize("level, departement", LAYERS)
def test_every_territory_is_drawn_with_its_area(geo_cache, level: str, departement: str | None) -> None:
    data, points, features = read_shapes(ensure_layer_file(geo_cache, level, departement))
    layer = load_layer(geo_cache, level, departement=departement).set_index("code")
    assert data["q"] == QUANTA[level]
    assert sorted(features) == sorted(layer.index) and len(features) == len(layer)
    for code, (nom, shape) in features.items():
        source = layer.loc[code, "geometry"]
        assert nom == layer.loc[code, "nom"]
        assert all(ring.is_closed for polygon in shape.geoms for ring in [polygon.exterior, *polygon.interiors])
        assert shape.area == pytest.approx(source.area, rel=0.01), code
        # Every vertex moved by at most half a grid step in each direction.
        assert shapely.hausdorff_distance(shape, source) <= 0.5 * np.sqrt(2) / data["q"] + 1e-9, code
    assert max(_uses(data).values()) <= 2  # an arc is a border of two territories at most
    # No arc is written twice, in either direction.
    keys = {tuple(map(tuple, p)) for p in points} | {tuple(map(tuple, p[::-1])) for p in points}
    assert len(keys) == 2 * len(points) - sum(1 for p in points if (p == p[::-1]).all())


def test_departements_include_overseas(geo_cache) -> None:
    _, _, features = read_shapes(ensure_layer_file(geo_cache, "departement"))
    assert len(features) == 101
    assert {"971", "972", "973", "974", "976", "2A", "2B"} <= set(features)
    guyane = features["973"][1].centroid
    assert -55 < guyane.x < -52 and 3 < guyane.y < 6


@pytest.mark.parametrize("a, b", [("47", "33"), ("2A", "2B"), ("75", "92")])
def test_a_shared_border_is_stored_once(geo_cache, a: str, b: str) -> None:
    data, points, _ = read_shapes(ensure_layer_file(geo_cache, "departement"))
    rings = {code: [i for rings in polygons for ring in rings for i in ring] for code, _, polygons in data["f"]}
    shared = {i if i >= 0 else ~i for i in rings[a]} & {i if i >= 0 else ~i for i in rings[b]}
    assert shared
    for arc in shared:  # walked one way by one side, the other way by the other
        assert (arc in rings[a]) != (arc in rings[b]) and (~arc in rings[a]) != (~arc in rings[b])
    layer = load_layer(geo_cache, "departement").set_index("code").geometry
    border = shapely.intersection(layer[a].boundary, layer[b].boundary)
    length = sum(shapely.length(shapely.LineString(points[i] / data["q"])) for i in shared)
    assert length == pytest.approx(shapely.length(border), rel=0.01)


def test_an_enclave_and_its_hole_are_one_arc(geo_cache) -> None:
    """Giuncheto (2A127) lies inside Sartène (2A272): its contour is Sartène's hole, one closed arc."""
    data, _, features = read_shapes(ensure_layer_file(geo_cache, "commune", "2A"))
    rings = {code: polygons for code, _, polygons in data["f"]}
    (enclave,) = [ring for rings_ in rings["2A127"] for ring in rings_]
    holes = [ring for rings_ in rings["2A272"] for ring in rings_[1:]]
    assert len(enclave) == 1 and ([enclave[0]] in holes or [~enclave[0]] in holes)  # as in the layer, either way round
    sartene = load_layer(geo_cache, "commune", "2A").set_index("code").loc["2A272", "geometry"]
    assert features["2A272"][1].area == pytest.approx(sartene.area, rel=0.01)


def test_commune_layer_needs_a_valid_departement() -> None:
    assert layer_base_name("commune", "2A") == "commune-2A"
    with pytest.raises(ValueError):
        layer_base_name("commune", "../etc")
