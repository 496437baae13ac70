"""The shapes file served to the browser: named by its content, lossless at the layers' 5 decimals."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from geo.layers import load_layer
from geo.webfiles import QUANTUM, ensure_layer_file, layer_base_name


def _decode_ring(deltas: list[int]) -> np.ndarray:
    """What components/carte/carte.js does: cumulative sums of the differences, divided by q."""
    return np.cumsum(np.asarray(deltas, dtype=np.int64).reshape(-1, 2), axis=0) / QUANTUM


def test_file_name_carries_the_content_hash(geo_cache) -> None:
    path = ensure_layer_file(geo_cache, "departement")
    assert path.name.startswith("departement.") and path.suffix == ".json"
    assert path.name.split(".")[1] == hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    assert ensure_layer_file(geo_cache, "departement") == path  # written once


def test_decoded_rings_equal_the_layer_coordinates(geo_cache) -> None:
    data = json.loads(ensure_layer_file(geo_cache, "departement").read_text(encoding="utf-8"))
    layer = load_layer(geo_cache, "departement").set_index("code")
    assert len(data["f"]) == len(layer) >= 96
    for code, nom, polygons in data["f"][:20]:
        geometry = layer.loc[code, "geometry"]
        parts = [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)
        assert nom == layer.loc[code, "nom"] and len(polygons) == len(parts)
        for rings, part in zip(polygons, parts):
            expected = np.asarray(part.exterior.coords)[:, :2]
            assert np.abs(_decode_ring(rings[0]) - expected).max() < 0.6 / QUANTUM  # 5 decimals kept


def test_commune_layer_needs_a_valid_departement() -> None:
    assert layer_base_name("commune", "2A") == "commune-2A"
    with pytest.raises(ValueError):
        layer_base_name("commune", "../etc")
