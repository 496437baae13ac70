"""Point → commune lookup on the full-resolution contours."""
from __future__ import annotations

import math

import numpy as np
import pytest

from geo.layers import load_full_communes, load_locator


@pytest.mark.parametrize(
    "lat, lon, code",
    [
        (48.8584, 2.2945, "75056"),  # Eiffel Tower
        (44.0564, 0.2589, "47167"),  # Mézin, town centre
        (41.9192, 8.7386, "2A004"),  # Ajaccio
        (42.6976, 9.4509, "2B033"),  # Bastia
        (-20.8789, 55.4481, "97411"),  # Saint-Denis (La Réunion)
        (48.9362, 2.3574, "93066"),  # Saint-Denis (Seine-Saint-Denis)
        (-12.7806, 45.2278, "97611"),  # Mamoudzou (Mayotte)
        (45.7640, 4.8357, "69123"),  # Lyon
        (45.4397, 4.3872, "42218"),  # Saint-Étienne
        # Holes of the package contours, given to the commune that lost them:
        (50.377, 2.043, "62447"),  # around Hesdin, in Hesdin-la-Forêt
        (45.447, 1.473, "19248"),
    ],
)
def test_known_points(geo_locator, lat: float, lon: float, code: str) -> None:
    assert geo_locator.locate(lat, lon) == code
    assert geo_locator.in_france(lat, lon)


@pytest.mark.parametrize(
    "lat, lon",
    [
        (45.5, -3.0),  # Bay of Biscay
        (42.4636, 1.9786),  # Llívia, Spanish enclave
        (50.8503, 4.3517),  # Brussels
        (0.0, 0.0),
    ],
)
def test_sea_and_abroad_are_nowhere(geo_locator, lat: float, lon: float) -> None:
    assert geo_locator.locate(lat, lon) is None
    assert not geo_locator.in_france(lat, lon)


@pytest.mark.parametrize(
    "lat, lon",
    [(math.nan, 2.3), (48.8, math.inf), (91.0, 2.0), (48.0, -181.0), ("abc", 2.0), (None, None)],
)
def test_invalid_coordinates_give_none(geo_locator, lat, lon) -> None:
    assert geo_locator.locate(lat, lon) is None
    assert not geo_locator.in_france(lat, lon)


def test_arrondissements_on_request(geo_locator) -> None:
    assert geo_locator.locate(48.8584, 2.2945, arrondissement=True) == "75107"
    assert geo_locator.locate(48.8606, 2.3376, arrondissement=True) == "75101"  # Louvre
    assert geo_locator.locate(43.2989, 5.3843, arrondissement=True) == "13201"  # La Canebière
    assert geo_locator.locate(45.7578, 4.8320, arrondissement=True) == "69382"  # Place Bellecour
    assert geo_locator.locate(45.7578, 4.8320) == "69123"
    assert geo_locator.locate(44.0564, 0.2589, arrondissement=True) == "47167"


def test_every_commune_contains_its_own_point(geo_build, geo_locator) -> None:
    full = load_full_communes(geo_build.cache_dir)
    points = full.geometry.representative_point()
    found = geo_locator.locate_many(points.y.to_numpy(), points.x.to_numpy())
    assert found == list(full["code"])


def test_locate_many_agrees_with_locate(geo_locator) -> None:
    rng = np.random.default_rng(42)
    lats = np.concatenate([rng.uniform(42.0, 51.2, 300), [math.nan, 95.0]])
    lons = np.concatenate([rng.uniform(-5.0, 8.3, 300), [2.0, 2.0]])
    many = geo_locator.locate_many(lats, lons)
    assert many == [geo_locator.locate(lat, lon) for lat, lon in zip(lats, lons)]
    assert sum(code is not None for code in many) > 150
    assert many[-2:] == [None, None]
    with pytest.raises(ValueError):
        geo_locator.locate_many([1.0, 2.0], [1.0])


def test_locator_loads_from_the_cache_and_answers(geo_build) -> None:
    locator = load_locator(geo_build.cache_dir)
    assert {locator.locate(46.5, 2.5) for _ in range(3)} == {locator.locate(46.5, 2.5)} != {None}
