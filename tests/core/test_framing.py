"""Where the home map looks: the bounds of a selection's points, never the whole world."""
from __future__ import annotations

from geo.framing import MIN_SPAN, padded, view_bounds, zone_of

ZONES = {
    "971": [[15.83, -61.81], [16.51, -61.0]],
    "974": [[-21.39, 55.22], [-20.87, 55.84]],
}
MEZIN = (44.056, 0.258)
PARIS = (48.857, 2.352)
GUADELOUPE = (16.25, -61.55)
REUNION = (-21.1, 55.5)


def _inside(bounds, point) -> bool:
    (south, west), (north, east) = bounds
    return south <= point[0] <= north and west <= point[1] <= east


def test_one_point_is_shown_with_its_surroundings() -> None:
    bounds = view_bounds([MEZIN], ZONES)
    assert _inside(bounds, MEZIN)
    (south, west), (north, east) = bounds
    assert abs((north - south) - MIN_SPAN) < 1e-6 and abs((east - west) - MIN_SPAN) < 1e-6


def test_several_points_fit_with_a_margin() -> None:
    bounds = view_bounds([MEZIN, PARIS], ZONES)
    assert _inside(bounds, MEZIN) and _inside(bounds, PARIS)
    assert bounds[0][0] < MEZIN[0] and bounds[1][0] > PARIS[0]  # a margin on both sides
    assert bounds[1][0] - bounds[0][0] < 6  # not the whole country, let alone the world


def test_metropolitan_points_win_over_overseas_ones() -> None:
    bounds = view_bounds([MEZIN, PARIS, GUADELOUPE, REUNION], ZONES)
    assert _inside(bounds, MEZIN) and _inside(bounds, PARIS)
    assert not _inside(bounds, GUADELOUPE) and not _inside(bounds, REUNION)


def test_overseas_only_shows_the_zone_with_most_points() -> None:
    bounds = view_bounds([REUNION, (-21.0, 55.3), GUADELOUPE], ZONES)
    assert _inside(bounds, REUNION) and not _inside(bounds, GUADELOUPE)
    assert zone_of(*GUADELOUPE, ZONES) == "971" and zone_of(*MEZIN, ZONES) is None


def test_no_point_or_missing_coordinates_give_no_bounds() -> None:
    assert view_bounds([], ZONES) is None
    assert view_bounds([(float("nan"), 2.0)], ZONES) is None


def test_padding_never_shrinks_a_box() -> None:
    (south, west), (north, east) = padded(43.0, 1.0, 45.0, 3.0)
    assert south < 43.0 and west < 1.0 and north > 45.0 and east > 3.0
