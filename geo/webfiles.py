"""Files of the simplified layers served to the browser, written once, named by their content.

The map fetches these files instead of receiving the shapes in every rerun: the
payload of a filter change stays small and the browser reuses them. Each name carries
a hash of the content (``departement.3f2a9c1b04de.json``), so the server may send a
long cache lifetime: new shapes get a new address.

The format is compact rather than GeoJSON: ``{"q": 100000, "f": [[code, nom, polygons]]}``
where each polygon is a list of rings and each ring the integers ``round(lon * q)``,
``round(lat * q)`` of its first point followed by the differences to the previous
point. The coordinates are those of the layers (5 decimals, about 1 m), so the
drawing is unchanged; the file is about a third lighter once compressed. The map's
script (``components/carte/carte.js``) turns it back into GeoJSON.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import numpy as np

from geo.layers import load_layer, version_dir

WEB_FOLDER = "carte"
_DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")
_HASHED = re.compile(r"^(?P<base>[a-z]+(-[0-9AB]{2,3})?)\.[0-9a-f]{12}\.json$")
QUANTUM = 100_000
_FOUND: dict[tuple[str, str], Path] = {}


def web_dir(cache_dir: Path) -> Path:
    """Folder of the served files for the installed package version."""
    folder = version_dir(cache_dir) / WEB_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def layer_base_name(level: str, departement: str | None = None) -> str:
    """Name of a layer without hash: ``departement``, ``commune-47``."""
    if level == "commune":
        if not departement or not _DEPARTEMENT.match(departement):
            raise ValueError("Un code de département est nécessaire pour la couche des communes.")
        return f"commune-{departement}"
    return level


def _ring(coords: list, q: int) -> list[int]:
    xy = np.rint(np.asarray(coords, dtype=float)[:, :2] * q).astype(np.int64)
    return np.diff(xy, axis=0, prepend=[[0, 0]]).ravel().tolist()


def layer_text(cache_dir: Path, level: str, departement: str | None = None) -> str:
    """The compact text of a layer: code, name and delta-encoded rings of each territory."""
    layer = load_layer(cache_dir, level, departement=departement if level == "commune" else None)
    features = []
    for code, nom, geometry in zip(layer["code"], layer["nom"], layer.geometry):
        parts = [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)
        polygons = [[_ring(p.exterior.coords, QUANTUM)] + [_ring(r.coords, QUANTUM) for r in p.interiors] for p in parts]
        features.append([str(code), str(nom), polygons])
    return json.dumps({"q": QUANTUM, "f": features}, ensure_ascii=False, separators=(",", ":"))


def ensure_layer_file(cache_dir: Path, level: str, departement: str | None = None) -> Path:
    """Write the file of a layer if missing (atomic, named by its content) and return its path."""
    base = layer_base_name(level, departement)
    folder = web_dir(cache_dir)
    known = _FOUND.get((str(folder), base))
    if known is not None and known.is_file():
        return known
    existing = sorted(p for p in folder.glob(f"{base}.*.json") if (m := _HASHED.match(p.name)) and m["base"] == base)
    if existing:
        path = existing[0]
    else:
        data = layer_text(cache_dir, level, departement).encode("utf-8")
        path = folder / f"{base}.{hashlib.sha256(data).hexdigest()[:12]}.json"
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, path)
    _FOUND[(str(folder), base)] = path
    return path
