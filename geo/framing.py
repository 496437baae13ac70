"""Where a map looks for a selection: the bounds of its points, on one side of the sea only.

Pure functions (no Streamlit, no file): the home map frames what a selection shows,
and never zooms out to the whole world because some actions are overseas.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

Bounds = list[list[float]]

#: The overseas départements, in the order the map offers them.
OVERSEAS_DEPARTEMENTS = ("971", "972", "973", "974", "976")
#: Smallest span shown, in degrees (one point is seen with its surroundings, about a district).
MIN_SPAN = 0.3
#: Margin around the points, as a share of their span.
MARGIN = 0.1
#: A point this close (degrees) to an overseas département's bounds belongs to it (islets, sea).
ZONE_TOLERANCE = 1.0


def zone_of(lat: float, lon: float, zones: dict[str, Bounds]) -> str | None:
    """The overseas zone (its code) holding the point, or None for metropolitan France."""
    for code, ((south, west), (north, east)) in zones.items():
        if south - ZONE_TOLERANCE <= lat <= north + ZONE_TOLERANCE and west - ZONE_TOLERANCE <= lon <= east + ZONE_TOLERANCE:
            return code
    return None


def padded(south: float, west: float, north: float, east: float) -> Bounds:
    """Bounds around a box, with a margin and at least ``MIN_SPAN`` degrees each way."""
    lat_pad = max(MIN_SPAN - (north - south), 0) / 2 + (north - south) * MARGIN
    lon_pad = max(MIN_SPAN - (east - west), 0) / 2 + (east - west) * MARGIN
    return [[round(south - lat_pad, 5), round(west - lon_pad, 5)], [round(north + lat_pad, 5), round(east + lon_pad, 5)]]


def view_bounds(points: Iterable[tuple[float, float]], zones: dict[str, Bounds]) -> Bounds | None:
    """Bounds showing the points: the metropolitan ones when there are any, else the
    overseas zone holding the most (ties: the first code). None when there is no point."""
    groups: dict[str | None, list[tuple[float, float]]] = {}
    for lat, lon in points:
        if lat is None or lon is None or math.isnan(lat) or math.isnan(lon):
            continue
        groups.setdefault(zone_of(lat, lon, zones), []).append((lat, lon))
    if not groups:
        return None
    if None in groups:
        chosen = groups[None]
    else:
        chosen = groups[min(groups, key=lambda code: (-len(groups[code]), code))]
    lats = [p[0] for p in chosen]
    lons = [p[1] for p in chosen]
    return padded(min(lats), min(lons), max(lats), max(lons))
