"""Reading a served shapes file in Python, as ``components/carte/carte.js`` does (for tests and bench)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely


def unpolyline(text: str) -> list[int]:
    """The integers of an encoded polyline (Google's algorithm: 5-bit groups, zigzag sign)."""
    values, result, shift = [], 0, 0
    for char in text:
        byte = ord(char) - 63
        result |= (byte & 0x1F) << shift
        shift += 5
        if byte < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            result, shift = 0, 0
    return values


def arc_points(encoded: list[str]) -> list[np.ndarray]:
    """Grid points (integers) of every arc; each arc starts from the end of the previous one."""
    points, previous = [], np.zeros(2, dtype=np.int64)
    for text in encoded:
        xy = previous + np.cumsum(np.asarray(unpolyline(text), dtype=np.int64).reshape(-1, 2), axis=0)
        points.append(xy)
        previous = xy[-1]
    return points


def ring_points(points: list[np.ndarray], ring: list[int]) -> np.ndarray:
    """Grid points of a ring given as arc indices (``~i``: arc ``i`` backwards), closing point included."""
    pieces = [points[i] if i >= 0 else points[~i][::-1] for i in ring]
    return np.concatenate([pieces[0], *[p[1:] for p in pieces[1:]]])


def read_shapes(path: Path) -> tuple[dict, list[np.ndarray], dict[str, tuple[str, shapely.MultiPolygon]]]:
    """The parsed file (rings as lists of arc indices), its arcs' grid points, and ``code → (nom, MultiPolygon)``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    points = arc_points(data["a"])
    q = data["q"]
    features, previous = {}, 0
    for feature in data["f"]:
        parts, polygons = [], []
        for texts in feature[2]:
            rings = []
            for text in texts:
                ring = (previous + np.cumsum(unpolyline(text))).tolist()
                previous = ring[-1]
                rings.append(ring)
            built = [ring_points(points, ring) / q for ring in rings]
            parts.append(shapely.Polygon(built[0], built[1:]))
            polygons.append(rings)
        feature[2] = polygons  # arc indices, as lists of integers
        features[feature[0]] = (feature[1], shapely.MultiPolygon(parts))
    return data, points, features
