"""Point → commune lookup on the full-resolution commune contours.

Build one with :func:`geo.layers.load_locator` (reads the cache, about a second).
Invalid coordinates (not numbers, NaN, infinite, latitude outside [-90, 90] or
longitude outside [-180, 180]) never raise: they are simply nowhere, ``None``.
"""
from __future__ import annotations

import math

import numpy as np
import shapely


def _valid(lat: object, lon: object) -> tuple[float, float] | None:
    try:
        y, x = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(y) and math.isfinite(x) and -90 <= y <= 90 and -180 <= x <= 180):
        return None
    return y, x


class PointLocator:
    """Which commune contains a point (WGS 84 latitude and longitude)."""

    def __init__(
        self,
        codes: np.ndarray,
        geometries: np.ndarray,
        arrondissement_codes: np.ndarray | None = None,
        arrondissement_geometries: np.ndarray | None = None,
    ) -> None:
        """``codes[i]`` is the commune code of ``geometries[i]`` (non-overlapping polygons)."""
        self.codes = np.asarray(codes, dtype=object)
        self.geometries = np.asarray(geometries, dtype=object)
        self.tree = shapely.STRtree(self.geometries)
        self.arrondissement_codes = np.asarray(
            arrondissement_codes if arrondissement_codes is not None else [], dtype=object
        )
        arm_geometries = np.asarray(
            arrondissement_geometries if arrondissement_geometries is not None else [], dtype=object
        )
        self.arrondissement_tree = shapely.STRtree(arm_geometries)
        self.arrondissement_geometries = arm_geometries

    def _find(self, tree: shapely.STRtree, geometries: np.ndarray, codes: np.ndarray, x: float, y: float) -> str | None:
        candidates = np.sort(tree.query(shapely.Point(x, y)))
        if len(candidates) == 0:
            return None
        shapes = geometries[candidates]
        shapely.prepare(shapes)  # prepared once, kept on the shape for the next calls
        inside = shapely.intersects_xy(shapes, x, y)
        return str(codes[candidates[inside][0]]) if inside.any() else None

    def locate(self, lat: float, lon: float, *, arrondissement: bool = False) -> str | None:
        """INSEE code of the commune containing the point, ``None`` at sea or abroad.

        With ``arrondissement=True``, a point in Paris, Lyon or Marseille gives its
        arrondissement code (``75107``) instead of the commune's. A point exactly on
        a border gives one of the two communes. Invalid coordinates give ``None``.
        """
        point = _valid(lat, lon)
        if point is None:
            return None
        y, x = point
        code = self._find(self.tree, self.geometries, self.codes, x, y)
        if arrondissement and code is not None and len(self.arrondissement_codes):
            arm = self._find(self.arrondissement_tree, self.arrondissement_geometries, self.arrondissement_codes, x, y)
            if arm is not None:
                return arm
        return code

    def locate_many(self, lats: list[float] | np.ndarray, lons: list[float] | np.ndarray) -> list[str | None]:
        """:meth:`locate` for many points at once (much faster than a loop)."""
        lat = np.asarray(lats, dtype=float)
        lon = np.asarray(lons, dtype=float)
        if lat.shape != lon.shape:
            raise ValueError("Il faut autant de latitudes que de longitudes.")
        result: list[str | None] = [None] * lat.size
        valid = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        index = np.flatnonzero(valid)
        if len(index) == 0:
            return result
        points = shapely.points(lon[index], lat[index])
        point_idx, shape_idx = self.tree.query(points, predicate="intersects")
        # Keep, for each point, the first commune found (lowest index, as in locate()).
        order = np.lexsort((shape_idx, point_idx))
        point_idx, shape_idx = point_idx[order], shape_idx[order]
        first = np.unique(point_idx, return_index=True)[1]
        for p, s in zip(point_idx[first], shape_idx[first]):
            result[int(index[p])] = str(self.codes[s])
        return result

    def in_france(self, lat: float, lon: float) -> bool:
        """True when the point is inside a French commune (overseas included)."""
        return self.locate(lat, lon) is not None
