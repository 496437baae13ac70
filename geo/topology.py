"""A coverage as a topology: every border shared by two territories is stored once, as an arc.

The idea is TopoJSON's. Coordinates are first put on an integer grid (``round(lon * q)``,
``round(lat * q)``); the layers being an exact coverage, neighbours share identical
vertices, which round alike. A vertex is a *junction* when the rings passing through it
do not all come from and go to the same two vertices (a point where three territories
meet, or where a border reaches the coast). A ring is cut at its junctions into chains;
the same chain seen from the other side is the same arc walked backwards. A ring with no
junction (an island, an enclave) is one closed arc starting at its smallest vertex, so
that both sides cut it alike.

Output, for ``encode_topology``: the arcs (each ``[dx0, dy0, dx1, dy1, …]``: every point
as its difference to the previous one, the first point of an arc to the last point of the
previous arc, which is most often the same junction) and, for each feature, its polygons
as lists of rings, each ring a list of arc indices where ``~i`` (``-i - 1``) means arc
``i`` walked backwards. Arcs come in the order of first use: the same input always gives
the same output. ``polyline`` writes integers as text with Google's "encoded polyline"
algorithm (zigzag sign, 5-bit groups, one ASCII character each between ``?`` and ``~``):
about half the characters of JSON numbers, and 10 % lighter once gzipped. It is used for
the arcs and, by ``ring_texts``, for the rings' arc indices (as differences).
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

import numpy as np
import shapely

Rings = list[list[list[int]]]


def _grid_ring(coords: np.ndarray, q: int) -> np.ndarray | None:
    """Open ring on the grid (no closing point, no repeated point), or None if it collapsed."""
    xy = np.rint(np.asarray(coords, dtype=float)[:, :2] * q).astype(np.int64)
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
    xy = xy[keep]
    if len(xy) > 1 and (xy[0] == xy[-1]).all():
        xy = xy[:-1]
    return xy if len(xy) >= 3 else None


def _polygons(geometry: shapely.Geometry) -> list[shapely.Polygon]:
    return [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)


def grid_features(geometries: Iterable[shapely.Geometry], q: int) -> list[list[list[np.ndarray]]]:
    """Each geometry as polygons of open grid rings; collapsed rings (and polygons) are dropped."""
    out = []
    for geometry in geometries:
        polygons = []
        for polygon in _polygons(geometry):
            shell = _grid_ring(polygon.exterior.coords, q)
            if shell is None:
                continue
            holes = [h for ring in polygon.interiors if (h := _grid_ring(ring.coords, q)) is not None]
            polygons.append([shell, *holes])
        out.append(polygons)
    return out


def _junctions(rings: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """Boolean per point id: True where the rings through it do not share the same two neighbours."""
    pairs = []
    for ids in rings:
        pairs.append(np.column_stack([ids, np.roll(ids, 1)]))
        pairs.append(np.column_stack([ids, np.roll(ids, -1)]))
    unique = np.unique(np.concatenate(pairs), axis=0)
    return np.bincount(unique[:, 0], minlength=len(points)) != 2


def encode_topology(geometries: Iterable[shapely.Geometry], q: int) -> tuple[list[list[int]], list[Rings]]:
    """Arcs (delta-encoded grid integers) and, per geometry, its polygons as rings of arc indices."""
    features = grid_features(geometries, q)
    flat = [ring for polygons in features for polygon in polygons for ring in polygon]
    if not flat:
        return [], [[] for _ in features]
    points, inverse = np.unique(np.concatenate(flat), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    ids, start = [], 0
    for ring in flat:
        ids.append(inverse[start:start + len(ring)])
        start += len(ring)
    junction = _junctions(ids, points)

    arcs: list[tuple[int, ...]] = []
    known: dict[tuple[int, ...], int] = {}

    def arc_index(chain: tuple[int, ...]) -> int:
        if chain in known:
            return known[chain]
        backwards = chain[::-1]
        if backwards in known:
            return ~known[backwards]
        known[chain] = len(arcs)
        arcs.append(chain)
        return known[chain]

    encoded_rings = []
    for ring in ids:
        cuts = np.flatnonzero(junction[ring])
        if len(cuts) == 0:
            # Closed arc from the smallest vertex (point ids are sorted by coordinates).
            first = int(np.argmin(ring))
            rotated = np.roll(ring, -first).tolist()
            encoded_rings.append([arc_index((*rotated, rotated[0]))])
            continue
        rotated = np.roll(ring, -int(cuts[0])).tolist()
        closed = [*rotated, rotated[0]]
        positions = [*(cuts - cuts[0]).tolist(), len(rotated)]
        encoded_rings.append([arc_index(tuple(closed[a:b + 1])) for a, b in pairwise(positions)])

    encoded_arcs = []
    previous = np.zeros((1, 2), dtype=np.int64)
    for chain in arcs:
        xy = points[list(chain)]
        encoded_arcs.append(np.diff(xy, axis=0, prepend=previous).ravel().tolist())
        previous = xy[-1:]

    out: list[Rings] = []
    position = 0
    for polygons in features:
        feature = []
        for polygon in polygons:
            feature.append(encoded_rings[position:position + len(polygon)])
            position += len(polygon)
        out.append(feature)
    return encoded_arcs, out


def polyline(values: list[int]) -> str:
    """Integers as an encoded polyline (Google's algorithm): zigzag sign, then 5-bit groups."""
    out = []
    for value in values:
        z = ~(value << 1) if value < 0 else value << 1
        while z >= 0x20:
            out.append(chr((0x20 | (z & 0x1F)) + 63))
            z >>= 5
        out.append(chr(z + 63))
    return "".join(out)



def ring_texts(features: list[Rings]) -> list[list[list[str]]]:
    """Each ring's arc indices as an encoded polyline of differences, chained over the whole layer.

    Arcs are numbered in order of first use, so the differences are mostly ``1`` (a ring
    drawing new arcs) or ``-1`` (a neighbour walking them back): short and repetitive.
    """
    previous = 0
    out = []
    for polygons in features:
        feature = []
        for rings in polygons:
            texts = []
            for ring in rings:
                texts.append(polyline(np.diff(ring, prepend=previous).tolist()))
                previous = ring[-1]
            feature.append(texts)
        out.append(feature)
    return out
