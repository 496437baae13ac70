"""Sizes of the shapes files served to the map, before and after the topology, and what it costs the drawing.

Run: ``python bench/shapes.py [commune departements…]`` (default: 47 59). Uses the layers
of ``ATLAS_CACHE_DIR`` (built on first use). Prints figures only; asserts nothing.

"Before" is the former format, rebuilt here for the comparison: each territory's rings
written in full (shared borders twice), delta-encoded integers at 5 decimals. Gzip at
level 6, as the server sends it (``server/headers.py``).
"""
from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

from data.config import PROJECT_DIR  # noqa: E402
from geo.layers import ensure_layers, load_layer  # noqa: E402
from geo.webfiles import QUANTA, layer_text  # noqa: E402
from tests.support.shapes import read_shapes  # noqa: E402

METRES_PER_DEGREE = 111_320


def former_text(layer) -> str:
    """The former file: ``{"q": 100000, "f": [[code, nom, polygons]]}``, every ring in full."""
    def ring(coords) -> list[int]:
        xy = np.rint(np.asarray(coords, dtype=float)[:, :2] * 100_000).astype(np.int64)
        return np.diff(xy, axis=0, prepend=[[0, 0]]).ravel().tolist()

    features = []
    for code, nom, geometry in zip(layer["code"], layer["nom"], layer.geometry):
        parts = [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)
        features.append([str(code), str(nom), [[ring(p.exterior.coords)] + [ring(r.coords) for r in p.interiors] for p in parts]])
    return json.dumps({"q": 100_000, "f": features}, ensure_ascii=False, separators=(",", ":"))


def _kb(size: int) -> str:
    return f"{size / 1000:.1f}"


def main() -> None:
    cache_dir = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache"))
    ensure_layers(cache_dir)
    departements = sys.argv[1:] or ["47", "59"]
    layers = [("departement", None), ("region", None), ("epci", None), *[("commune", d) for d in departements]]
    print("Tailles en Ko (1 Ko = 1000 octets), gzip niveau 6 comme le serveur.")
    print(f"{'couche':<12} {'terr.':>6} {'GeoJSON':>8} {'gzip':>6} | {'avant':>6} {'gzip':>6} | "
          f"{'après':>6} {'gzip':>6} {'arcs':>5} {'grille':>11} {'écart max':>9} {'aire max':>8}")
    for level, departement in layers:
        layer = load_layer(cache_dir, level, departement=departement)
        geojson = layer[["code", "nom", "geometry"]].to_json().encode()
        before = former_text(layer).encode()
        after = layer_text(cache_dir, level, departement).encode()
        path = cache_dir / "bench-shapes.json"
        path.write_bytes(after)
        try:
            data, _, features = read_shapes(path)
        finally:
            path.unlink()
        source = layer.set_index("code").geometry
        deviation = max(shapely.hausdorff_distance(features[c][1], source[c]) for c in source.index)
        area = max(abs(features[c][1].area / source[c].area - 1) for c in source.index)
        name = level if departement is None else f"{level}-{departement}"
        q = QUANTA[level]
        print(
            f"{name:<12} {len(layer):>6} {_kb(len(geojson)):>8} {_kb(len(gzip.compress(geojson, 6))):>6} | "
            f"{_kb(len(before)):>6} {_kb(len(gzip.compress(before, 6))):>6} | "
            f"{_kb(len(after)):>6} {_kb(len(gzip.compress(after, 6))):>6} {len(data['a']):>5} "
            f"{'1/' + str(q) + '°':>8} {METRES_PER_DEGREE / q:>4.1f} m {deviation * METRES_PER_DEGREE:>6.1f} m "
            f"{area:>7.2%}"
        )
    print("\nécart max : distance de Hausdorff entre le contour décodé et la couche (majorant, 1° = 111 km) ;")
    print("aire max : plus grand écart relatif d'aire d'un territoire.")
    print("Taille d'un pixel à 46° N (Web Mercator) : " + ", ".join(
        f"zoom {z} : {156_543.03 * np.cos(np.radians(46)) / 2**z:.0f} m" for z in (5, 6, 7, 8, 9, 10, 12)
    ))


if __name__ == "__main__":
    main()
